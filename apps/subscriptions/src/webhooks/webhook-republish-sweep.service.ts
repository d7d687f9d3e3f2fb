import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { ReadinessRegistry } from '@app/health';
import { PeriodicJob } from '@app/periodic-task';
import { WebhookPublisher } from './webhook-publisher.service';

/** How often changes committed but not yet published (a crash, Kafka down) are retried. */
export const SWEEP_INTERVAL_MS = 5_000;

/**
 * Publishes webhook changes that were committed but never reached hookstream.subscriptions (a
 * crash between commit and publish, Kafka down): at start — readiness waits for the first full
 * pass — and every few seconds.
 */
@Injectable()
export class WebhookRepublishSweep extends PeriodicJob implements OnModuleInit {
  private readonly logger = new Logger(WebhookRepublishSweep.name);

  constructor(
    private readonly publisher: WebhookPublisher,
    private readonly readiness: ReadinessRegistry,
  ) {
    super({ name: 'republish sweep', intervalMs: SWEEP_INTERVAL_MS });
  }

  onModuleInit(): void {
    this.readiness.register('webhook-republish-sweep', () => this.task.hasSucceeded);
  }

  override async onModuleDestroy(): Promise<void> {
    this.publisher.stopSweeping();
    await super.onModuleDestroy();
  }

  protected async runOnce(): Promise<void> {
    const count = await this.publisher.sweep();
    if (count > 0) {
      this.logger.log({ msg: 'republished webhook changes that were not on Kafka yet', count });
    }
  }
}
