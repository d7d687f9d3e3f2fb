import { Module } from '@nestjs/common';
import { LogPartitions } from './log-partitions.service';

/** The day partitions of the message log, for the projector (on demand) and the maintenance. */
@Module({
  providers: [LogPartitions],
  exports: [LogPartitions],
})
export class LogStorageModule {}
