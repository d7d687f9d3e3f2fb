import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { SecretCipher } from '@app/signing';
import { ReplayModule } from '../replay/replay.module';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { WebhookDisabler } from './webhook-disabler.service';
import { WebhookPublisher } from './webhook-publisher.service';
import { WebhookUrlPolicy } from './webhook-url-policy';
import { WebhookEntity } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity]), ReplayModule],
  controllers: [WebhooksController],
  providers: [
    {
      provide: SecretCipher,
      inject: [APP_CONFIG],
      useFactory: ({ secrets }: SubscriptionsConfig) =>
        new SecretCipher(secrets.currentKey, secrets.previousKeys),
    },
    WebhooksService,
    WebhookPublisher,
    WebhookUrlPolicy,
    WebhookDisabler,
  ],
  exports: [WebhookPublisher, WebhookDisabler],
})
export class WebhooksModule {}
