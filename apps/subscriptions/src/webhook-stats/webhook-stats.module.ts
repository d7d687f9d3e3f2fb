import { Module } from '@nestjs/common';
import { WebhookStatsController } from './webhook-stats.controller';
import { WebhookStatsService } from './webhook-stats.service';

/** `GET /v1/webhooks/:id/stats` (the api role). */
@Module({
  controllers: [WebhookStatsController],
  providers: [WebhookStatsService],
})
export class WebhookStatsModule {}
