import { Injectable, Logger } from '@nestjs/common';
import { PeriodicJob } from '@app/periodic-task';
import { OperationalEvents } from './operational-events.service';

/** How often operational events left unpublished (a crash, Kafka down) are published. */
export const OPERATIONAL_SWEEP_INTERVAL_MS = 10_000;

/** Publishes what the projector could not, and forgets events published a week ago. */
@Injectable()
export class OperationalEventsSweep extends PeriodicJob {
  private readonly logger = new Logger(OperationalEventsSweep.name);

  constructor(private readonly events: OperationalEvents) {
    super({ name: 'operational event sweep', intervalMs: OPERATIONAL_SWEEP_INTERVAL_MS });
  }

  protected async runOnce(): Promise<void> {
    const published = await this.events.publishPending();
    const deleted = await this.events.deletePublished();
    if (published > 0) this.logger.log({ msg: 'published operational events late', published });
    if (deleted > 0) {
      this.logger.log({ msg: 'forgot operational events published a week ago', deleted });
    }
  }
}
