type Task = () => Promise<void>;

/** How many of the latest finished tasks the typical run time is taken from. */
const RECENT_RUNS = 256;
/** The typical run time is worked out again after this many tasks finished. */
const TYPICAL_REFRESH_EVERY = 32;
/** A key is slow once its oldest running task has run this many typical run times. */
const SLOW_FACTOR = 4;

/**
 * Runs tasks with a global concurrency limit and a per-key limit. A key at its limit does
 * not hold up tasks of other keys: its tasks wait in their own queue, so one slow webhook
 * cannot stall deliveries to the others.
 */
export class KeyedScheduler {
  private running = 0;
  /** When each running task of a key started, oldest first. */
  private readonly runningByKey = new Map<string, number[]>();
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

  get active(): number {
    return this.running;
  }

  /** Tasks of `key` waiting for a slot (running ones not counted). */
  queuedFor(key: string): number {
    return this.queues.get(key)?.length ?? 0;
  }

  /** How long the oldest running task of `key` has been running (0 when none runs). */
  oldestRunningMs(key: string): number {
    const started = this.runningByKey.get(key)?.[0];
    return started === undefined ? 0 : this.now() - started;
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

  get queued(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.length;
    return total;
  }

  /** Resolves when nothing runs and nothing waits. */
  async idle(): Promise<void> {
    if (this.running === 0 && this.queues.size === 0) return;
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
      if ((this.runningByKey.get(key)?.length ?? 0) >= this.maxInFlightPerKey) {
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

  private start(key: string, task: Task): void {
    this.running += 1;
    const startedAt = this.now();
    const running = this.runningByKey.get(key);
    if (running) running.push(startedAt);
    else this.runningByKey.set(key, [startedAt]);
    void runTask(task)
      .catch(() => undefined)
      .finally(() => {
        this.running -= 1;
        this.recordRun(this.now() - startedAt);
        const left = this.runningByKey.get(key)!;
        left.splice(left.indexOf(startedAt), 1);
        if (left.length === 0) this.runningByKey.delete(key);
        this.pump();
        if (this.running === 0 && this.queues.size === 0) {
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
