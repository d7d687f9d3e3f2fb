import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageEntity } from '../messages/message.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { DeliveryJobProducer } from './delivery-job-producer.service';
import { ReplayService } from './replay.service';

/**
 * Redelivery of logged messages (one, or a webhook's failed ones), used by both controllers, and
 * the producer of the delivery jobs the API makes itself (redeliveries, test events).
 */
@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity, WebhookEntity])],
  providers: [ReplayService, DeliveryJobProducer],
  exports: [ReplayService, DeliveryJobProducer],
})
export class ReplayModule {}
