import { FAILURES_TO_THROTTLE, KeyedScheduler } from './keyed-scheduler';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every pending promise callback (task settlement, scheduler bookkeeping) run. */
function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Submits tasks that each wait for their own deferred, recording start order and the
 * highest concurrency seen, overall and per key.
 */
class Harness {
  readonly scheduler: KeyedScheduler;
  readonly started: string[] = [];
  readonly finished: string[] = [];
  readonly gates = new Map<string, Deferred>();
  maxRunning = 0;
  readonly maxRunningByKey = new Map<string, number>();
  private running = 0;
  private readonly runningByKey = new Map<string, number>();

  constructor(maxInFlight: number, maxInFlightPerKey: number) {
    this.scheduler = new KeyedScheduler(maxInFlight, maxInFlightPerKey);
  }

  submit(key: string, name: string): void {
    const gate = deferred();
    this.gates.set(name, gate);
    this.scheduler.submit(key, async () => {
      this.started.push(name);
      this.running += 1;
      this.maxRunning = Math.max(this.maxRunning, this.running);
      const forKey = (this.runningByKey.get(key) ?? 0) + 1;
      this.runningByKey.set(key, forKey);
      this.maxRunningByKey.set(key, Math.max(this.maxRunningByKey.get(key) ?? 0, forKey));
      try {
        await gate.promise;
      } finally {
        this.running -= 1;
        this.runningByKey.set(key, this.runningByKey.get(key)! - 1);
        this.finished.push(name);
      }
    });
  }

  async resolve(name: string): Promise<void> {
    this.gates.get(name)!.resolve();
    await flush();
  }

  async reject(name: string): Promise<void> {
    this.gates.get(name)!.reject(new Error(`${name} failed`));
    await flush();
  }
}

/** Runs `count` tasks of distinct keys one after another, each taking `ms` on `clock`. */
async function runFinishedTasks(
  scheduler: KeyedScheduler,
  clock: { now: number },
  count: number,
  ms: number,
): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    const gate = deferred();
    scheduler.submit(`finished-${index}`, () => gate.promise);
    clock.now += ms;
    gate.resolve();
    await flush();
  }
}

describe('KeyedScheduler', () => {
  it('says how long the oldest running task of a key has run', async () => {
    let now = 1_000;
    const scheduler = new KeyedScheduler(10, 10, () => now);
    const gates = [deferred(), deferred()];
    scheduler.submit('k', () => gates[0]!.promise);
    now = 1_500;
    scheduler.submit('k', () => gates[1]!.promise);
    now = 2_000;
    expect(scheduler.oldestRunningMs('k')).toBe(1_000);
    expect(scheduler.oldestRunningMs('other')).toBe(0);

    gates[0]!.resolve();
    await flush();
    expect(scheduler.oldestRunningMs('k')).toBe(500);
    gates[1]!.resolve();
    await flush();
    expect(scheduler.oldestRunningMs('k')).toBe(0);
  });

  it('finds a key slow only when it runs far longer than tasks typically take', async () => {
    const clock = { now: 0 };
    const scheduler = new KeyedScheduler(100, 100, () => clock.now);
    // Forty tasks of other keys that each take 100 ms: the typical run time.
    await runFinishedTasks(scheduler, clock, 40, 100);
    const hanging = deferred();
    scheduler.submit('hanging', () => hanging.promise);

    clock.now += 399;
    expect(scheduler.isSlow('hanging', 0)).toBe(false);
    clock.now += 1;
    expect(scheduler.isSlow('hanging', 0)).toBe(true);
    // Never before the minimum, however quick the others are.
    expect(scheduler.isSlow('hanging', 1_000)).toBe(false);
    clock.now += 600;
    expect(scheduler.isSlow('hanging', 1_000)).toBe(true);
    expect(scheduler.isSlow('idle-key', 0)).toBe(false);
    hanging.resolve();
    await flush();
  });

  it('finds no key slow when every task takes long (a process starved of CPU)', async () => {
    const clock = { now: 0 };
    const scheduler = new KeyedScheduler(100, 100, () => clock.now);
    await runFinishedTasks(scheduler, clock, 40, 1_500);
    const busy = deferred();
    scheduler.submit('busy', () => busy.promise);
    clock.now += 2_000;
    // 2 s is past the 1 s minimum, but not long beside the 1.5 s every task takes here.
    expect(scheduler.isSlow('busy', 1_000)).toBe(false);
    busy.resolve();
    await flush();
  });

  it('tells what it is doing: held or not, running, waiting, and the oldest task’s age', () => {
    let now = 5_000;
    const scheduler = new KeyedScheduler(1, 1, () => now);
    scheduler.submit('a', () => new Promise(() => {}));
    scheduler.submit('a', () => Promise.resolve());
    scheduler.submit('b', () => Promise.resolve());
    scheduler.hold();
    now = 7_500;

    expect(scheduler.snapshot()).toEqual({
      held: true,
      running: 1,
      parked: 0,
      queued: 2,
      keys: 2,
      oldestRunningMs: 2_500,
    });
  });

  it('starts nothing new while held, lets running tasks finish, and goes on when released', async () => {
    const harness = new Harness(2, 10);
    harness.submit('a', 'a1');
    harness.scheduler.hold();
    harness.submit('b', 'b1');
    harness.submit('c', 'c1');
    expect(harness.started).toEqual(['a1']);

    await harness.resolve('a1');
    expect(harness.finished).toEqual(['a1']);
    expect(harness.started).toEqual(['a1']);
    expect(harness.scheduler.queued).toBe(2);

    harness.scheduler.release();
    expect(harness.started).toEqual(['a1', 'b1', 'c1']);
  });

  it('never runs more than maxInFlight tasks', async () => {
    const harness = new Harness(2, 10);
    const names = ['a1', 'b1', 'c1', 'd1', 'e1'];
    names.forEach((name) => harness.submit(name[0]!, name));

    expect(harness.started).toEqual(['a1', 'b1']);
    expect(harness.scheduler.active).toBe(2);
    expect(harness.scheduler.queued).toBe(3);

    await harness.resolve('a1');
    expect(harness.started).toEqual(['a1', 'b1', 'c1']);
    expect(harness.scheduler.active).toBe(2);

    for (const name of names.slice(1)) await harness.resolve(name);

    expect(harness.started).toEqual(names);
    expect(harness.finished).toEqual(names);
    expect(harness.maxRunning).toBe(2);
    expect(harness.scheduler.active).toBe(0);
    expect(harness.scheduler.queued).toBe(0);
  });

  it('never runs more than maxInFlightPerKey tasks of one key', async () => {
    const harness = new Harness(10, 2);
    const names = ['a1', 'a2', 'a3', 'a4', 'a5'];
    names.forEach((name) => harness.submit('a', name));

    expect(harness.started).toEqual(['a1', 'a2']);
    expect(harness.scheduler.active).toBe(2);
    expect(harness.scheduler.queued).toBe(3);

    for (const name of names) await harness.resolve(name);

    expect(harness.finished).toEqual(names);
    expect(harness.maxRunningByKey.get('a')).toBe(2);
  });

  it('lets other keys run while one key is stuck at its limit', async () => {
    const harness = new Harness(4, 2);
    const slow = ['slow1', 'slow2', 'slow3', 'slow4', 'slow5'];
    const fast = ['fast1', 'fast2', 'fast3', 'fast4', 'fast5', 'fast6'];
    slow.forEach((name) => harness.submit('slow', name));
    fast.forEach((name) => harness.submit('fast', name));

    expect(harness.started).toEqual(['slow1', 'slow2', 'fast1', 'fast2']);

    for (const name of fast) await harness.resolve(name);

    // Every task of the healthy key ran while the hanging key's tasks kept waiting.
    expect(harness.finished).toEqual(fast);
    expect(harness.started.filter((name) => name.startsWith('slow'))).toEqual(['slow1', 'slow2']);
    expect(harness.scheduler.active).toBe(2);
    expect(harness.scheduler.queued).toBe(3);

    for (const name of slow) await harness.resolve(name);

    expect(harness.finished).toEqual([...fast, ...slow]);
    expect(harness.maxRunning).toBe(4);
    expect(harness.maxRunningByKey.get('slow')).toBe(2);
    expect(harness.maxRunningByKey.get('fast')).toBe(2);
  });

  it('starts the tasks of one key in submission order', async () => {
    const harness = new Harness(10, 1);
    const names = ['a1', 'a2', 'a3', 'a4'];
    names.forEach((name) => harness.submit('a', name));
    harness.submit('b', 'b1');

    expect(harness.started).toEqual(['a1', 'b1']);

    for (const name of names) await harness.resolve(name);

    expect(harness.started.filter((name) => name.startsWith('a'))).toEqual(names);
    expect(harness.maxRunningByKey.get('a')).toBe(1);
  });

  it('does not let one key monopolise the global limit', async () => {
    const harness = new Harness(1, 10);
    ['a1', 'a2', 'a3', 'a4'].forEach((name) => harness.submit('a', name));
    ['b1', 'b2'].forEach((name) => harness.submit('b', name));

    while (harness.started.length > harness.finished.length) {
      await harness.resolve(harness.started[harness.started.length - 1]!);
    }

    expect(harness.finished).toHaveLength(6);
    expect(harness.started.indexOf('b1')).toBeLessThan(harness.started.indexOf('a4'));
    expect(harness.started.indexOf('b2')).toBeLessThan(harness.started.indexOf('a4'));
    expect(harness.maxRunning).toBe(1);
  });

  it('frees the slot of a task that rejects', async () => {
    const harness = new Harness(1, 1);
    harness.submit('a', 'a1');
    harness.submit('b', 'b1');
    harness.submit('a', 'a2');

    await harness.reject('a1');

    expect(harness.started).toEqual(['a1', 'b1']);
    expect(harness.scheduler.active).toBe(1);

    await harness.reject('b1');
    expect(harness.started).toEqual(['a1', 'b1', 'a2']);

    await harness.resolve('a2');
    expect(harness.scheduler.active).toBe(0);
    expect(harness.scheduler.queued).toBe(0);
    await expect(harness.scheduler.idle()).resolves.toBeUndefined();
  });

  it('resolves idle() at once when nothing was submitted', async () => {
    const scheduler = new KeyedScheduler(2, 1);

    await expect(scheduler.idle()).resolves.toBeUndefined();
  });

  it('resolves idle() only once every task finished', async () => {
    const harness = new Harness(2, 1);
    ['a1', 'a2', 'b1'].forEach((name) => harness.submit(name[0]!, name));
    let idle = false;
    const waiting = harness.scheduler.idle().then(() => {
      idle = true;
    });

    await harness.resolve('a1');
    expect(idle).toBe(false);
    await harness.resolve('b1');
    expect(idle).toBe(false);
    expect(harness.started).toEqual(['a1', 'b1', 'a2']);

    await harness.resolve('a2');
    await waiting;
    expect(idle).toBe(true);
    expect(harness.finished).toEqual(['a1', 'b1', 'a2']);
  });

  it('resolves every idle() waiter, including after a rejection ends the work', async () => {
    const harness = new Harness(1, 1);
    harness.submit('a', 'a1');
    const first = harness.scheduler.idle();
    const second = harness.scheduler.idle();

    await harness.reject('a1');

    await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
  });
});

describe('KeyedScheduler with keys that fail or hang', () => {
  it('runs a key one task at a time after FAILURES_TO_THROTTLE failures in a row', async () => {
    const harness = new Harness(100, 4);
    for (let index = 1; index <= 10; index += 1) harness.submit('reset', `r${index}`);
    expect(harness.started).toEqual(['r1', 'r2', 'r3', 'r4']);

    for (let index = 1; index < FAILURES_TO_THROTTLE; index += 1) {
      harness.scheduler.reportFailure('reset');
      await harness.resolve(`r${index}`);
    }
    expect(harness.scheduler.isFailing('reset')).toBe(false);
    // Still its full limit: one more started for each that finished.
    expect(harness.started).toHaveLength(4 + FAILURES_TO_THROTTLE - 1);

    harness.scheduler.reportFailure('reset');
    await harness.resolve(`r${FAILURES_TO_THROTTLE}`);
    expect(harness.scheduler.isFailing('reset')).toBe(true);
    // The ones running go on; none starts until only one is left running.
    const startedWhenThrottled = harness.started.length;
    const running = harness.started.filter((name) => !harness.finished.includes(name));
    for (const name of running.slice(0, -1)) {
      harness.scheduler.reportFailure('reset');
      await harness.resolve(name);
    }
    expect(harness.started).toHaveLength(startedWhenThrottled);
    harness.scheduler.reportFailure('reset');
    await harness.resolve(running.at(-1)!);
    expect(harness.started).toHaveLength(startedWhenThrottled + 1);
    expect(harness.scheduler.active).toBe(1);
  });

  it('gives a failing key its full limit back after one success', async () => {
    const harness = new Harness(100, 3);
    for (let index = 1; index <= 8; index += 1) harness.submit('k', `k${index}`);
    for (let index = 1; index <= 3; index += 1) {
      harness.scheduler.reportFailure('k');
      await harness.resolve(`k${index}`);
    }
    expect(harness.scheduler.isFailing('k')).toBe(true);
    const running = harness.started.filter((name) => !harness.finished.includes(name));
    for (const name of running.slice(0, -1)) await harness.resolve(name);
    expect(harness.scheduler.active).toBe(1);

    // Reported while its task still runs: the limit is back at once.
    harness.scheduler.reportSuccess('k');
    expect(harness.scheduler.isFailing('k')).toBe(false);
    expect(harness.scheduler.active).toBe(3);
  });

  it('does not throttle other keys, nor a key whose failures were not in a row', async () => {
    const harness = new Harness(100, 2);
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) harness.submit('a', name);
    for (const name of ['b1', 'b2', 'b3']) harness.submit('b', name);
    harness.scheduler.reportFailure('a');
    harness.scheduler.reportFailure('a');
    harness.scheduler.reportSuccess('a');
    harness.scheduler.reportFailure('a');
    for (let index = 0; index < 3; index += 1) harness.scheduler.reportFailure('b');
    expect(harness.scheduler.isFailing('a')).toBe(false);
    expect(harness.scheduler.isFailing('b')).toBe(true);

    await harness.resolve('a1');
    await harness.resolve('b1');
    // a keeps two running; b's second one is running, and nothing of b starts beside it.
    expect(harness.started.filter((name) => name.startsWith('a'))).toHaveLength(3);
    expect(harness.started.filter((name) => name.startsWith('b'))).toEqual(['b1', 'b2']);
  });

  it('stops counting tasks that made their key slow against the global limit', async () => {
    const clock = { now: 0 };
    const scheduler = new KeyedScheduler(4, 4, () => clock.now);
    await runFinishedTasks(scheduler, clock, 40, 10);
    const hanging = [deferred(), deferred(), deferred(), deferred()];
    hanging.forEach((gate) => scheduler.submit('hang', () => gate.promise));
    const started: string[] = [];
    const healthy = deferred();
    scheduler.submit('healthy', () => {
      started.push('healthy');
      return healthy.promise;
    });
    expect(scheduler.active).toBe(4);
    expect(started).toEqual([]);

    clock.now += 999;
    scheduler.parkSlow(1_000);
    expect(scheduler.parkedCount).toBe(0);
    expect(started).toEqual([]);

    clock.now += 1;
    scheduler.parkSlow(1_000);
    expect(scheduler.parkedCount).toBe(4);
    // The hanging key still holds its own limit, but no longer the healthy key's slots.
    expect(started).toEqual(['healthy']);
    expect(scheduler.active).toBe(1);
    expect(scheduler.oldestRunningMs('hang')).toBe(1_000);

    hanging.forEach((gate) => gate.resolve());
    healthy.resolve();
    await flush();
    expect(scheduler.parkedCount).toBe(0);
    expect(scheduler.active).toBe(0);
    await expect(scheduler.idle()).resolves.toBeUndefined();
  });

  it('parks at most maxInFlight tasks', async () => {
    const clock = { now: 0 };
    const scheduler = new KeyedScheduler(2, 10, () => clock.now);
    const gates = Array.from({ length: 6 }, () => deferred());
    gates.forEach((gate, index) => scheduler.submit(`hang-${index % 3}`, () => gate.promise));
    expect(scheduler.active).toBe(2);

    clock.now += 5_000;
    scheduler.parkSlow(1_000);
    clock.now += 5_000;
    scheduler.parkSlow(1_000);
    clock.now += 5_000;
    scheduler.parkSlow(1_000);
    expect(scheduler.parkedCount).toBe(2);
    expect(scheduler.active).toBe(2);
    expect(scheduler.queued).toBe(2);

    gates.forEach((gate) => gate.resolve());
    await flush();
    await flush();
    await expect(scheduler.idle()).resolves.toBeUndefined();
  });

  it('waits in idle() for parked tasks too', async () => {
    const clock = { now: 0 };
    const scheduler = new KeyedScheduler(2, 2, () => clock.now);
    const gate = deferred();
    scheduler.submit('hang', () => gate.promise);
    clock.now += 2_000;
    scheduler.parkSlow(1_000);
    expect(scheduler.active).toBe(0);
    let idle = false;
    const waiting = scheduler.idle().then(() => {
      idle = true;
    });
    await flush();
    expect(idle).toBe(false);
    gate.resolve();
    await waiting;
    expect(idle).toBe(true);
  });
});

describe('KeyedScheduler with a task that throws synchronously', () => {
  it('frees the slot so later tasks run', async () => {
    const scheduler = new KeyedScheduler(1, 1);
    scheduler.submit('a', () => {
      throw new Error('boom');
    });
    let ran = false;
    scheduler.submit('b', () => {
      ran = true;
      return Promise.resolve();
    });
    await scheduler.idle();
    expect(ran).toBe(true);
    expect(scheduler.active).toBe(0);
  });
});
