import { Logger } from '@nestjs/common';

export interface PeriodicTaskOptions {
  /** Names the task in log lines. */
  name: string;
  intervalMs: number;
  /** One run. A rejection is logged (warn) and the next tick runs again. */
  run: () => Promise<void>;
  logger?: Pick<Logger, 'warn'>;
}

/**
 * A background job that runs at start and then every `intervalMs`: a tick that comes while a run
 * is still going is skipped (runs never overlap, and a slow run does not queue up more), and
 * `stop()` waits for the run under way, so shutdown never closes the database under it.
 *
 *     const sweep = new PeriodicTask({ name: 'republish sweep', intervalMs: 5_000, run: () => … });
 *     sweep.start();          // onApplicationBootstrap
 *     await sweep.stop();     // onModuleDestroy
 */
export class PeriodicTask {
  private readonly logger: Pick<Logger, 'warn'>;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private stopped = false;
  private succeededOnce = false;

  constructor(private readonly options: PeriodicTaskOptions) {
    this.logger = options.logger ?? new Logger(options.name);
  }

  /** True once a run has finished without error (readiness checks wait for a first full pass). */
  get hasSucceeded(): boolean {
    return this.succeededOnce;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    this.trigger();
    this.timer = setInterval(() => this.trigger(), this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * Runs now, or waits for the run under way: resolves when that run has ended (never rejects;
   * its error is logged). After `stop()` it only waits for what is running.
   */
  runNow(): Promise<void> {
    this.trigger();
    return this.current ?? Promise.resolve();
  }

  /** No further runs; resolves once the run under way (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }

  private trigger(): void {
    if (this.current || this.stopped) return;
    this.current = this.options
      .run()
      .then(() => {
        this.succeededOnce = true;
      })
      .catch((error: unknown) => {
        this.logger.warn({
          msg: `${this.options.name} failed, next try in ${this.options.intervalMs} ms: ${describe(error)}`,
          task: this.options.name,
          err: error,
        });
      })
      .finally(() => {
        this.current = undefined;
      });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
