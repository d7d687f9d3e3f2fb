import { Module } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { SecretCipher } from '@app/signing';
import { SubscriptionsViewModule } from '@app/subscriptions-view';
import { type DeliveryConfig } from '../delivery.config';
import { RetrySchedule } from '../retries/retry-schedule';
import { WebhookSender } from '../sender/webhook-sender.service';
import { DeliveryJobConsumer } from './delivery-job.consumer';
import { DeliveryService } from './delivery.service';

@Module({
  imports: [SubscriptionsViewModule],
  controllers: [DeliveryJobConsumer],
  providers: [
    DeliveryService,
    WebhookSender,
    {
      provide: SecretCipher,
      inject: [APP_CONFIG],
      useFactory: ({ secrets }: DeliveryConfig) =>
        new SecretCipher(secrets.currentKey, secrets.previousKeys),
    },
    {
      provide: RetrySchedule,
      inject: [APP_CONFIG],
      useFactory: ({ retryScheduleMs }: DeliveryConfig) => new RetrySchedule(retryScheduleMs),
    },
  ],
  exports: [SubscriptionsViewModule],
})
export class JobsModule {}
