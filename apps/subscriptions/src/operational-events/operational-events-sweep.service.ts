import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { PeriodicTask } from '@app/periodic-task';
import { OperationalEvents } from './operational-events.service';

/** How often operational events left unpublished (a crash, Kafka down) are published. */
export const OPERATIONAL_SWEEP_INTERVAL_MS = 10_000;

/** Publishes what the projector could not, and forgets events published a week ago. */
@Injectable()
export class OperationalEventsSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OperationalEventsSweep.name);
  private readonly task = new PeriodicTask({
    name: 'operational event sweep',
    intervalMs: OPERATIONAL_SWEEP_INTERVAL_MS,
    logger: this.logger,
    run: async () => {
      const published = await this.events.publishPending();
      const deleted = await this.events.deletePublished();
      if (published > 0) this.logger.log(`published ${published} operational event(s) late`);
      if (deleted > 0)
        this.logger.log(`forgot ${deleted} operational event(s) published a week ago`);
    },
  });

  constructor(private readonly events: OperationalEvents) {}

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
