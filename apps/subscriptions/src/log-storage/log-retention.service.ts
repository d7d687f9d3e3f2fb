import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { PeriodicJob } from '@app/periodic-task';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { type Day, daysToKeepReady } from './log-partitions';
import { LogPartitions } from './log-partitions.service';

/** How often partitions are made ahead and expired days dropped (also once at start). */
export const LOG_RETENTION_INTERVAL_MS = 15 * 60_000;

export interface RetentionPass {
  created: Day[];
  dropped: Day[];
  keptPending: Array<{ day: Day; pending: number }>;
  durationMs: number;
}

/**
 * LOG_RETENTION: keeps the message log's partitions ready ahead of time and drops the days that
 * are older than the retention, except days with a message still pending (a redelivery of an
 * old message, or a retention shorter than the retry schedule): those stay until it ends.
 */
@Injectable()
export class LogRetention extends PeriodicJob {
  private readonly logger = new Logger(LogRetention.name);

  constructor(
    private readonly partitions: LogPartitions,
    @Inject(APP_CONFIG) private readonly config: SubscriptionsConfig,
  ) {
    super({ name: 'log retention', intervalMs: LOG_RETENTION_INTERVAL_MS });
  }

  protected async runOnce(): Promise<void> {
    await this.pass();
  }

  /** One pass; `now` decides what is expired. */
  async pass(now = Date.now()): Promise<RetentionPass> {
    const started = performance.now();
    const created: Day[] = [];
    for (const day of daysToKeepReady(now)) {
      if (await this.partitions.create(day)) created.push(day);
    }
    const { dropped, keptPending } = await this.partitions.dropExpired(now);
    const durationMs = Math.round(performance.now() - started);
    if (created.length > 0 || dropped.length > 0) {
      this.logger.log({
        msg: `log retention pass: created ${created.length}, dropped ${dropped.length} day(s)`,
        created,
        dropped,
        durationMs,
      });
    }
    for (const { day, pending } of keptPending) {
      this.logger.warn({
        msg: `kept the log of ${day} past LOG_RETENTION: ${pending} message(s) still pending`,
        day,
        pending,
        retentionMs: this.config.log.retentionMs,
      });
    }
    return { created, dropped, keptPending, durationMs };
  }
}
