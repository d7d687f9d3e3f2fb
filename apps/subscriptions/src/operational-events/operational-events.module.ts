import { Module } from '@nestjs/common';
import { OperationalEvents } from './operational-events.service';

/** The operational events outbox, for the projector (record, publish) and the maintenance. */
@Module({
  providers: [OperationalEvents],
  exports: [OperationalEvents],
})
export class OperationalEventsModule {}
