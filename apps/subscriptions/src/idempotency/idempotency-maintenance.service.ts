import { Injectable, Logger } from '@nestjs/common';
import { PeriodicJob } from '@app/periodic-task';
import { IdempotencyService } from './idempotency.service';

/** How often expired keys are deleted and old-key answers re-encrypted (also once at start). */
export const IDEMPOTENCY_MAINTENANCE_INTERVAL_MS = 10 * 60 * 1_000;

/** Keeps idempotency_keys small (expired rows) and under the current encryption key. */
@Injectable()
export class IdempotencyMaintenance extends PeriodicJob {
  private readonly logger = new Logger(IdempotencyMaintenance.name);

  constructor(private readonly store: IdempotencyService) {
    super({ name: 'idempotency maintenance', intervalMs: IDEMPOTENCY_MAINTENANCE_INTERVAL_MS });
  }

  protected async runOnce(): Promise<void> {
    const deleted = await this.store.deleteExpired();
    const reencrypted = await this.store.reencryptResponses();
    if (deleted > 0 || reencrypted > 0) {
      this.logger.log({
        msg: `idempotency keys: deleted ${deleted} expired, re-encrypted ${reencrypted} saved answer(s)`,
        deleted,
        reencrypted,
      });
    }
  }
}
