import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../replay/replay.module';
import { WebhookDisabler } from './webhook-disabler.service';
import { WebhookPublisher } from './webhook-publisher.service';
import { WebhookSecretReencryptor } from './webhook-secret-reencryptor.service';
import { WebhookUrlPolicy } from './webhook-url-policy';
import { WebhookEntity } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity]), ReplayModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    WebhookPublisher,
    WebhookUrlPolicy,
    WebhookDisabler,
    WebhookSecretReencryptor,
  ],
  exports: [WebhookPublisher, WebhookDisabler],
})
export class WebhooksModule {}
