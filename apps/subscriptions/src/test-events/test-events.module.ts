import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReplayModule } from '../replay/replay.module';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { TestEventsController } from './test-events.controller';
import { TestEventsService } from './test-events.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity]), ReplayModule],
  controllers: [TestEventsController],
  providers: [TestEventsService],
})
export class TestEventsModule {}
