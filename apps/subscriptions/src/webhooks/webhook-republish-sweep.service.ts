import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@app/health';
import { PeriodicTask } from '@app/periodic-task';
import { WebhookPublisher } from './webhook-publisher.service';

/** How often changes committed but not yet published (a crash, Kafka down) are retried. */
export const SWEEP_INTERVAL_MS = 5_000;

/**
 * Publishes webhook changes that were committed but never reached hookstream.subscriptions (a
 * crash between commit and publish, Kafka down): at start — readiness waits for the first full
 * pass — and every few seconds.
 */
@Injectable()
export class WebhookRepublishSweep
  implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy
{
  private readonly logger = new Logger(WebhookRepublishSweep.name);
  private readonly task = new PeriodicTask({
    name: 'republish sweep',
    intervalMs: SWEEP_INTERVAL_MS,
    logger: this.logger,
    run: async () => {
      const count = await this.publisher.sweep();
      if (count > 0) {
        this.logger.log(`republished ${count} webhook change(s) that were not on Kafka yet`);
      }
    },
  });

  constructor(
    private readonly publisher: WebhookPublisher,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('webhook-republish-sweep', () => this.task.hasSucceeded);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.publisher.stopSweeping();
    await this.task.stop();
  }
}
