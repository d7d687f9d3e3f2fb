import { Module } from '@nestjs/common';
import { OperationalEventsSweep } from './operational-events-sweep.service';
import { OperationalEventsModule } from './operational-events.module';

/** The operational events sweep (the maintenance role). */
@Module({
  imports: [OperationalEventsModule],
  providers: [OperationalEventsSweep],
})
export class OperationalEventsMaintenanceModule {}
