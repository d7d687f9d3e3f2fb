import { type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { PeriodicTask, type PeriodicTaskOptions } from './periodic-task';

/**
 * A Nest provider that is a PeriodicTask: it starts when the app has bootstrapped and is waited
 * for when the app closes. Subclasses say what one run does.
 *
 *     @Injectable()
 *     export class Sweep extends PeriodicJob {
 *       constructor(private readonly store: Store) {
 *         super({ name: 'sweep', intervalMs: 5_000 });
 *       }
 *       protected async runOnce(): Promise<void> { await this.store.sweep(); }
 *     }
 */
export abstract class PeriodicJob implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly task: PeriodicTask;

  protected constructor(options: Omit<PeriodicTaskOptions, 'run'>) {
    this.task = new PeriodicTask({ ...options, run: () => this.runOnce() });
  }

  protected abstract runOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    this.task.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.task.stop();
  }
}
