import { Module } from '@nestjs/common';
import { ReplayModule } from '../replay/replay.module';
import { WebhookUrlPolicy } from './webhook-url-policy';
import { WebhooksController } from './webhooks.controller';
import { WebhooksModule } from './webhooks.module';
import { WebhooksService } from './webhooks.service';

/** `/v1/webhooks` (the api role). */
@Module({
  imports: [WebhooksModule, ReplayModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, WebhookUrlPolicy],
  exports: [WebhookUrlPolicy],
})
export class WebhooksApiModule {}
