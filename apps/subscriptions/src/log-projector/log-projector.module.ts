import { Module } from '@nestjs/common';
import { LogStorageModule } from '../log-storage/log-storage.module';
import { OperationalEventsModule } from '../operational-events/operational-events.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { LogProjectorConsumer } from './log-projector.consumer';
import { LogProjectorService } from './log-projector.service';

@Module({
  imports: [WebhooksModule, LogStorageModule, OperationalEventsModule],
  controllers: [LogProjectorConsumer],
  providers: [LogProjectorService],
})
export class LogProjectorModule {}
