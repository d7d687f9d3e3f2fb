import { Module } from '@nestjs/common';
import { IdempotencyMaintenanceModule } from '../idempotency/idempotency-maintenance.module';
import { LogRetentionModule } from '../log-storage/log-retention.module';
import { OperationalEventsMaintenanceModule } from '../operational-events/operational-events-maintenance.module';
import { WebhooksMaintenanceModule } from '../webhooks/webhooks-maintenance.module';

/** The `maintenance` role: the periodic jobs, each a PeriodicTask that runs at start. */
@Module({
  imports: [
    WebhooksMaintenanceModule,
    IdempotencyMaintenanceModule,
    LogRetentionModule,
    OperationalEventsMaintenanceModule,
  ],
})
export class MaintenanceRoleModule {}
