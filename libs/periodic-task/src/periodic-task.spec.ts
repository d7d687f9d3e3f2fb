import { PeriodicJob, PeriodicTask } from '@app/periodic-task';

/** A run that stays open until the test ends it. */
function controllableRun() {
  const started: Array<{ finish: () => void; fail: (error: Error) => void }> = [];
  const run = jest.fn(
    () =>
      new Promise<void>((resolve, reject) => {
        started.push({ finish: resolve, fail: reject });
      }),
  );
  return { run, started };
}

describe('PeriodicTask', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const quietLogger = () => ({ warn: jest.fn() });

  it('runs at start and then on every interval', async () => {
    const run = jest.fn(() => Promise.resolve());
    const task = new PeriodicTask({ name: 't', intervalMs: 1_000, run, logger: quietLogger() });
    task.start();
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(run).toHaveBeenCalledTimes(4);
    await task.stop();
  });

  it('skips ticks while a run is still going, and runs again once it ended', async () => {
    const { run, started } = controllableRun();
    const task = new PeriodicTask({ name: 't', intervalMs: 1_000, run, logger: quietLogger() });
    task.start();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(1);

    started[0]!.finish();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(run).toHaveBeenCalledTimes(2);
    started[1]!.finish();
    await task.stop();
  });

  it('stop waits for the run under way and starts no more', async () => {
    const { run, started } = controllableRun();
    const task = new PeriodicTask({ name: 't', intervalMs: 1_000, run, logger: quietLogger() });
    task.start();
    let stopped = false;
    const stopping = task.stop().then(() => (stopped = true));
    await jest.advanceTimersByTimeAsync(3_000);
    expect(stopped).toBe(false);

    started[0]!.finish();
    await stopping;
    expect(stopped).toBe(true);
    await jest.advanceTimersByTimeAsync(3_000);
    expect(run).toHaveBeenCalledTimes(1);
    await task.runNow();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('logs a failed run, keeps going, and reports success only after a run succeeded', async () => {
    const { run, started } = controllableRun();
    const logger = quietLogger();
    const task = new PeriodicTask({ name: 'sweep', intervalMs: 1_000, run, logger });
    task.start();
    started[0]!.fail(new Error('database down'));
    await jest.advanceTimersByTimeAsync(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.objectContaining({
        msg: expect.stringContaining('sweep failed') as unknown,
        task: 'sweep',
        err: expect.objectContaining({ message: 'database down' }) as unknown,
      }),
    );
    expect(task.hasSucceeded).toBe(false);

    await jest.advanceTimersByTimeAsync(1_000);
    started[1]!.finish();
    await jest.advanceTimersByTimeAsync(0);
    expect(task.hasSucceeded).toBe(true);
    await task.stop();
  });

  it('runNow joins the run under way instead of starting a second one', async () => {
    const { run, started } = controllableRun();
    const task = new PeriodicTask({ name: 't', intervalMs: 60_000, run, logger: quietLogger() });
    task.start();
    const joined = task.runNow();
    expect(run).toHaveBeenCalledTimes(1);
    started[0]!.finish();
    await joined;

    const fresh = task.runNow();
    expect(run).toHaveBeenCalledTimes(2);
    started[1]!.finish();
    await fresh;
    await task.stop();
  });
});

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  class Counting extends PeriodicJob {
    runs = 0;
    constructor() {
      super({ name: 'counting', intervalMs: 1_000, logger: { warn: jest.fn() } });
    }
    protected runOnce(): Promise<void> {
      this.runs += 1;
      return Promise.resolve();
    }
  }

  it('runs from bootstrap on, every interval, and not after the module is destroyed', async () => {
    const job = new Counting();
    expect(job.runs).toBe(0);
    job.onApplicationBootstrap();
    expect(job.runs).toBe(1);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(job.runs).toBe(3);
    await job.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(job.runs).toBe(3);
  });
});
