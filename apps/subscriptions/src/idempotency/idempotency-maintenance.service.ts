import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicTask } from '@app/periodic-task';
import { IdempotencyService } from './idempotency.service';

/** How often expired keys are deleted and old-key answers re-encrypted (also once at start). */
export const IDEMPOTENCY_MAINTENANCE_INTERVAL_MS = 10 * 60 * 1_000;

/** Keeps idempotency_keys small (expired rows) and under the current encryption key. */
@Injectable()
export class IdempotencyMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyMaintenance.name);
  private readonly task = new PeriodicTask({
    name: 'idempotency maintenance',
    intervalMs: IDEMPOTENCY_MAINTENANCE_INTERVAL_MS,
    logger: this.logger,
    run: async () => {
      const deleted = await this.store.deleteExpired();
      const reencrypted = await this.store.reencryptResponses();
      if (deleted > 0 || reencrypted > 0) {
        this.logger.log(
          `idempotency keys: deleted ${deleted} expired, re-encrypted ${reencrypted} saved answer(s)`,
        );
      }
    },
  });

  constructor(private readonly store: IdempotencyService) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
