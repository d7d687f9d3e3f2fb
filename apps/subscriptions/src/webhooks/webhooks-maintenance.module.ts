import { Module } from '@nestjs/common';
import { WebhookRepublishSweep } from './webhook-republish-sweep.service';
import { WebhookSecretReencryptor } from './webhook-secret-reencryptor.service';
import { WebhooksModule } from './webhooks.module';

/** The periodic jobs over webhooks (the maintenance role): republish sweep, key rotation. */
@Module({
  imports: [WebhooksModule],
  providers: [WebhookRepublishSweep, WebhookSecretReencryptor],
})
export class WebhooksMaintenanceModule {}
