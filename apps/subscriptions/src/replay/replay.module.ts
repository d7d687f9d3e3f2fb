import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessageEntity } from '../messages/message.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { ReplayService } from './replay.service';

/** Redelivery of logged messages (one, or a webhook's failed ones); used by both controllers. */
@Module({
  imports: [TypeOrmModule.forFeature([MessageEntity, WebhookEntity])],
  providers: [ReplayService],
  exports: [ReplayService],
})
export class ReplayModule {}
