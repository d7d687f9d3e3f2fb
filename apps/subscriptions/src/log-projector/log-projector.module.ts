import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { LogProjectorConsumer } from './log-projector.consumer';
import { LogProjectorService } from './log-projector.service';

@Module({
  imports: [WebhooksModule],
  controllers: [LogProjectorConsumer],
  providers: [LogProjectorService],
})
export class LogProjectorModule {}
