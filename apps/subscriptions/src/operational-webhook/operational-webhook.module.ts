import { Module } from '@nestjs/common';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { OperationalWebhookController } from './operational-webhook.controller';
import { OperationalWebhookService } from './operational-webhook.service';

/** `/v1/operational-webhook` (the api role). */
@Module({
  imports: [WebhooksModule, WebhooksApiModule],
  controllers: [OperationalWebhookController],
  providers: [OperationalWebhookService],
})
export class OperationalWebhookModule {}
