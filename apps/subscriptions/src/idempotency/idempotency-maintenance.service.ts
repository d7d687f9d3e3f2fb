import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { IdempotencyService } from './idempotency.service';

/** How often expired keys are deleted and old-key answers re-encrypted (also once at start). */
export const IDEMPOTENCY_MAINTENANCE_INTERVAL_MS = 10 * 60 * 1_000;

/** Keeps idempotency_keys small (expired rows) and under the current encryption key. */
@Injectable()
export class IdempotencyMaintenance implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyMaintenance.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly store: IdempotencyService) {}

  onApplicationBootstrap(): void {
    this.trigger();
    this.timer = setInterval(() => this.trigger(), IDEMPOTENCY_MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private trigger(): void {
    if (this.running) return;
    this.running = (async () => {
      const deleted = await this.store.deleteExpired();
      const reencrypted = await this.store.reencryptResponses();
      if (deleted > 0 || reencrypted > 0) {
        this.logger.log(
          `idempotency keys: deleted ${deleted} expired, re-encrypted ${reencrypted} saved answer(s)`,
        );
      }
    })()
      .catch((error: unknown) => {
        this.logger.warn(`idempotency maintenance failed: ${String(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
  }
}
