import { Module } from '@nestjs/common';
import { IdempotencyMaintenance } from './idempotency-maintenance.service';
import { IdempotencyModule } from './idempotency.module';

/** Deletes expired keys and re-encrypts saved answers (the maintenance role). */
@Module({
  imports: [IdempotencyModule],
  providers: [IdempotencyMaintenance],
})
export class IdempotencyMaintenanceModule {}
