type Task = () => Promise<void>;

/** How many of the latest finished tasks the typical run time is taken from. */
const RECENT_RUNS = 256;
/** The typical run time is worked out again after this many tasks finished. */
const TYPICAL_REFRESH_EVERY = 32;
/** A key is slow once its oldest running task has run this many typical run times. */
const SLOW_FACTOR = 4;
/**
 * A key whose latest tasks failed this many times in a row (reported by the handler: for
 * delivery, a connection reset, refused or timed out) runs one task at a time until one
 * succeeds.
 */
export const FAILURES_TO_THROTTLE = 3;

/** Bounds the memory of failures: keys that failed longest ago are forgotten first. */
const MAX_FAILING_KEYS = 100_000;

interface RunningTask {
  startedAt: number;
  /** Run long enough to be slow: no longer counted against the global limit. */
  parked: boolean;
}

/**
 * Runs tasks with a global concurrency limit and a per-key limit. A key at its limit does
 * not hold up tasks of other keys: its tasks wait in their own queue, so one slow webhook
 * cannot stall deliveries to the others. Two more things keep a bad key from taking the
 * healthy ones' capacity:
 * - a task that has run long enough to make its key slow (`parkSlow`) stops counting against
 *   the global limit (hanging connections do not use up the healthy keys' slots), up to
 *   `maxInFlight` such tasks;
 * - a key whose tasks keep failing (`reportFailure`, FAILURES_TO_THROTTLE in a row) runs one
 *   task at a time until one succeeds (`reportSuccess`), so a receiver that resets every
 *   connection costs one attempt at a time, not `maxInFlightPerKey`.
 */
export class KeyedScheduler {
  /** Running tasks counted against `maxInFlight` (parked ones are not). */
  private running = 0;
  private parked = 0;
  /** Each running task of a key, oldest first. */
  private readonly runningByKey = new Map<string, RunningTask[]>();
  /** Consecutive failures per key (the oldest entries go past MAX_FAILING_KEYS). */
  private readonly failuresByKey = new Map<string, number>();
  private readonly queues = new Map<string, Task[]>();
  /** Keys with queued work, in the order they became ready (round robin). */
  private readonly readyKeys: string[] = [];
  private idleWaiters: Array<() => void> = [];
  private held = false;
  /** Run times of the latest finished tasks (a ring of RECENT_RUNS). */
  private readonly recentRuns: number[] = [];
  private finishedCount = 0;
  private typicalMs = 0;

  constructor(
    private readonly maxInFlight: number,
    private readonly maxInFlightPerKey: number,
    private readonly now: () => number = Date.now,
  ) {}

  submit(key: string, task: Task): void {
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(task);
    } else {
      this.queues.set(key, [task]);
      this.readyKeys.push(key);
    }
    this.pump();
  }

  /** Starts nothing new until `release()`; tasks already running go on. */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.pump();
  }

  /** Running tasks counted against the global limit. */
  get active(): number {
    return this.running;
  }

  /** Running tasks parked for being slow (see `parkSlow`). */
  get parkedCount(): number {
    return this.parked;
  }

  /** A task of `key` failed in a way that says the key is unreachable. */
  reportFailure(key: string): void {
    const failures = (this.failuresByKey.get(key) ?? 0) + 1;
    this.failuresByKey.delete(key);
    this.failuresByKey.set(key, failures);
    if (this.failuresByKey.size > MAX_FAILING_KEYS) {
      const oldest = this.failuresByKey.keys().next().value;
      if (oldest !== undefined) this.failuresByKey.delete(oldest);
    }
  }

  /** A task of `key` succeeded: it gets its full limit back. */
  reportSuccess(key: string): void {
    if (this.failuresByKey.delete(key)) this.pump();
  }

  /** Whether `key`'s latest FAILURES_TO_THROTTLE tasks or more all failed. */
  isFailing(key: string): boolean {
    return (this.failuresByKey.get(key) ?? 0) >= FAILURES_TO_THROTTLE;
  }

  /**
   * Stops counting, against the global limit, every running task that makes its key slow
   * (`isSlow(key, minimumMs)`), so that tasks of other keys can start in their place; at most
   * `maxInFlight` tasks are parked at a time. They still count against their key's limit.
   */
  parkSlow(minimumMs: number): void {
    const thresholdMs = Math.max(minimumMs, SLOW_FACTOR * this.typicalMs);
    const now = this.now();
    let parkedSome = false;
    for (const tasks of this.runningByKey.values()) {
      for (const task of tasks) {
        if (this.parked >= this.maxInFlight) break;
        if (task.parked || now - task.startedAt < thresholdMs) continue;
        task.parked = true;
        this.parked += 1;
        this.running -= 1;
        parkedSome = true;
      }
    }
    if (parkedSome) this.pump();
  }

  /** Tasks of `key` waiting for a slot (running ones not counted). */
  queuedFor(key: string): number {
    return this.queues.get(key)?.length ?? 0;
  }

  /** How long the oldest running task of `key` has been running (0 when none runs). */
  oldestRunningMs(key: string): number {
    const oldest = this.runningByKey.get(key)?.[0];
    return oldest === undefined ? 0 : this.now() - oldest.startedAt;
  }

  /**
   * Whether `key` is slow: its oldest running task has run at least `minimumMs` and at least
   * SLOW_FACTOR times the median run time of the latest tasks of every key. Judged against the
   * others, so that a process starved of CPU, where every task takes long, finds no key slow.
   */
  isSlow(key: string, minimumMs: number): boolean {
    return this.oldestRunningMs(key) >= Math.max(minimumMs, SLOW_FACTOR * this.typicalMs);
  }

  /** Keys with more than `count` tasks waiting. */
  keysQueuedOver(count: number): string[] {
    return [...this.queues].filter(([, queue]) => queue.length > count).map(([key]) => key);
  }

  /** Takes away the waiting tasks of `key` after its first `keep`, newest last; they never run. */
  takeQueued(key: string, keep: number): Task[] {
    const queue = this.queues.get(key);
    if (!queue || queue.length <= keep) return [];
    return queue.splice(keep);
  }

  /** What the scheduler is doing, for a stalled consumer's diagnosis. */
  snapshot(): Record<string, number | boolean> {
    let oldestStartedAt = this.now();
    for (const tasks of this.runningByKey.values()) {
      const oldest = tasks[0];
      if (oldest && oldest.startedAt < oldestStartedAt) oldestStartedAt = oldest.startedAt;
    }
    return {
      oldestRunningMs: this.now() - oldestStartedAt,
      held: this.held,
      running: this.running,
      parked: this.parked,
      queued: this.queued,
      keys: this.queues.size,
    };
  }

  get queued(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  /** Resolves when nothing runs and nothing waits. */
  async idle(): Promise<void> {
    if (this.running === 0 && this.parked === 0 && this.queues.size === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  private recordRun(ms: number): void {
    this.recentRuns[this.finishedCount % RECENT_RUNS] = ms;
    this.finishedCount += 1;
    if (
      this.finishedCount <= TYPICAL_REFRESH_EVERY ||
      this.finishedCount % TYPICAL_REFRESH_EVERY === 0
    ) {
      this.typicalMs = median(this.recentRuns);
    }
  }

  private pump(): void {
    if (this.held) return;
    let scanned = 0;
    while (this.running < this.maxInFlight && scanned < this.readyKeys.length) {
      const key = this.readyKeys.shift()!;
      if ((this.runningByKey.get(key)?.length ?? 0) >= this.limitFor(key)) {
        this.readyKeys.push(key);
        scanned += 1;
        continue;
      }
      scanned = 0;
      const queue = this.queues.get(key)!;
      const task = queue.shift()!;
      if (queue.length > 0) this.readyKeys.push(key);
      else this.queues.delete(key);
      this.start(key, task);
    }
  }

  private limitFor(key: string): number {
    return this.isFailing(key) ? 1 : this.maxInFlightPerKey;
  }

  private start(key: string, task: Task): void {
    this.running += 1;
    const running: RunningTask = { startedAt: this.now(), parked: false };
    const tasks = this.runningByKey.get(key);
    if (tasks) tasks.push(running);
    else this.runningByKey.set(key, [running]);
    void runTask(task)
      .catch(() => undefined)
      .finally(() => {
        if (running.parked) this.parked -= 1;
        else this.running -= 1;
        this.recordRun(this.now() - running.startedAt);
        const left = this.runningByKey.get(key)!;
        left.splice(left.indexOf(running), 1);
        if (left.length === 0) this.runningByKey.delete(key);
        this.pump();
        if (this.running === 0 && this.parked === 0 && this.queues.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach((resolve) => resolve());
        }
      });
  }
}

/** The median of `values` (0 for none). */
function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Starts a task now; one that throws before returning its promise still frees its slot. */
function runTask(task: Task): Promise<void> {
  try {
    return task();
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
