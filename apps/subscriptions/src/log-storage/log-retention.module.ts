import { Module } from '@nestjs/common';
import { LogRetention } from './log-retention.service';
import { LogStorageModule } from './log-storage.module';

/** LOG_RETENTION's periodic pass (the maintenance role). */
@Module({
  imports: [LogStorageModule],
  providers: [LogRetention],
})
export class LogRetentionModule {}
