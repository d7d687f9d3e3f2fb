import { Logger } from '@nestjs/common';
import { type Consumer, type EachBatchPayload, type Kafka } from 'kafkajs';
import { type ConsumedBatch, type ConsumedRecord, toConsumedRecord } from './consumed-record';
import { KeyedScheduler } from './keyed-scheduler';
import { OffsetTracker } from './offset-tracker';

interface StreamOptionsBase {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Delay between attempts when a handler fails (it is retried until it succeeds). */
  retryBackoffMs?: number;
}

/** The handler gets whole batches; offsets are committed when it resolves. */
export interface BatchStreamOptions extends StreamOptionsBase {
  mode: 'batch';
  handler: (batch: ConsumedBatch) => Promise<void>;
}

/**
 * The handler gets one record at a time, many at once: up to `maxInFlight` overall and
 * `maxInFlightPerKey` per record key. Offsets are committed up to the lowest unfinished
 * record. A partition pauses when `maxBufferedPerPartition` records wait, and until the
 * `dueAt` of its head record.
 */
export interface ConcurrentStreamOptions extends StreamOptionsBase {
  mode: 'concurrent';
  handler: (record: ConsumedRecord) => Promise<void>;
  maxInFlight: number;
  maxInFlightPerKey: number;
  maxBufferedPerPartition: number;
  dueAt?: (record: ConsumedRecord) => number | undefined;
}

export type StreamOptions = BatchStreamOptions | ConcurrentStreamOptions;

interface PartitionState {
  tracker: OffsetTracker;
  buffered: number;
  resumeTimer?: NodeJS.Timeout;
  /** Set while the partition is paused because its buffer is full. */
  resumeWhenRoom?: () => void;
}

const COMMIT_INTERVAL_MS = 200;

/**
 * One kafkajs consumer with manual, contiguous offset commits. Offsets are resolved as
 * records are taken into the buffer (so fetching goes on) but committed only once every
 * earlier record has finished, so a crash re-delivers rather than loses.
 */
export class StreamConsumer {
  private readonly logger: Logger;
  private readonly consumer: Consumer;
  private partitions = new Map<string, PartitionState>();
  private scheduler: KeyedScheduler | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private committing: Promise<void> = Promise.resolve();
  private stopping = false;
  private running = false;
  private assigned = false;

  constructor(
    kafka: Kafka,
    private readonly options: StreamOptions,
  ) {
    this.logger = new Logger(`StreamConsumer:${options.groupId}`);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    if (options.mode === 'concurrent') {
      this.scheduler = new KeyedScheduler(options.maxInFlight, options.maxInFlightPerKey);
    }
    // A rebalance makes kafkajs fetch again from the committed offsets: start new trackers,
    // and let records of the old generation finish without committing.
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.assigned = true;
      for (const state of this.partitions.values()) clearTimeout(state.resumeTimer);
      this.partitions = new Map();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error(`consumer crashed: ${String(event.payload.error)}`);
    });
  }

  /** True once the group has assigned partitions at least once. */
  get isAssigned(): boolean {
    return this.assigned;
  }

  get isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.mode === 'batch' ? 8 : 32,
      eachBatch: (payload) =>
        this.options.mode === 'batch'
          ? this.consumeBatch(payload, this.options.handler)
          : this.acceptRecords(payload, this.options),
    });
    this.running = true;
  }

  /**
   * Stops fetching, lets in-flight records finish for up to `drainMs`, commits what has
   * finished, and leaves the group. Unfinished records are redelivered to the next owner.
   */
  async stop(drainMs: number): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    this.consumer.pause(this.options.topics.map((topic) => ({ topic })));
    for (const state of this.partitions.values()) clearTimeout(state.resumeTimer);
    if (this.scheduler) {
      await Promise.race([this.scheduler.idle(), sleep(drainMs)]);
    }
    clearTimeout(this.commitTimer);
    await this.commitFinished();
    this.running = false;
    await this.consumer.disconnect();
  }

  private async consumeBatch(
    payload: EachBatchPayload,
    handler: (batch: ConsumedBatch) => Promise<void>,
  ): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0) return;
    const records = batch.messages.map((message) =>
      toConsumedRecord(batch.topic, batch.partition, message),
    );
    const succeeded = await this.retryUntilStopped(
      () => handler({ topic: batch.topic, partition: batch.partition, records }),
      () => payload.isRunning() && !payload.isStale() && !this.stopping,
      () => payload.heartbeat(),
    );
    if (!succeeded) return;
    const last = batch.lastOffset();
    payload.resolveOffset(last);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    await payload.heartbeat();
  }

  private async acceptRecords(
    payload: EachBatchPayload,
    options: ConcurrentStreamOptions,
  ): Promise<void> {
    const { batch } = payload;
    const partitionId = `${batch.topic}:${batch.partition}`;
    const generation = this.partitions;
    let state = generation.get(partitionId);
    if (!state) {
      state = { tracker: new OffsetTracker(), buffered: 0 };
      generation.set(partitionId, state);
    }
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || this.stopping || state.resumeWhenRoom) break;
      const record = toConsumedRecord(batch.topic, batch.partition, message);
      const wait = (options.dueAt?.(record) ?? 0) - Date.now();
      if (wait > 0) {
        // Records of a retry tier are ordered by due time, so nothing behind this one is
        // due either: pause the partition (kafkajs keeps heartbeating) and fetch it again then.
        const resume = payload.pause();
        clearTimeout(state.resumeTimer);
        state.resumeTimer = setTimeout(() => {
          if (!this.stopping) resume();
        }, wait);
        break;
      }
      if (state.buffered >= options.maxBufferedPerPartition) {
        state.resumeWhenRoom = payload.pause();
        break;
      }
      this.dispatch(record, state, generation, options);
      payload.resolveOffset(record.offset);
    }
    await payload.heartbeat();
  }

  private dispatch(
    record: ConsumedRecord,
    state: PartitionState,
    generation: Map<string, PartitionState>,
    options: ConcurrentStreamOptions,
  ): void {
    state.tracker.begin(record.offset);
    state.buffered += 1;
    this.scheduler!.submit(record.key ?? `${record.topic}:${record.partition}`, async () => {
      let finished = false;
      try {
        // Revoked by a rebalance or shutting down before it started: its new owner (or the
        // next start) fetches it again from the committed offset.
        if (this.partitions !== generation || this.stopping) return;
        finished = await this.retryUntilStopped(
          () => options.handler(record),
          () => !this.stopping,
        );
      } finally {
        if (finished) state.tracker.finish(record.offset);
        state.buffered -= 1;
        if (state.resumeWhenRoom && state.buffered < options.maxBufferedPerPartition) {
          const resume = state.resumeWhenRoom;
          state.resumeWhenRoom = undefined;
          if (!this.stopping) resume();
        }
        if (this.partitions === generation) this.scheduleCommit();
      }
    });
  }

  private scheduleCommit(): void {
    if (this.commitTimer || this.stopping) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      void this.commitFinished();
    }, COMMIT_INTERVAL_MS);
  }

  /** Commits, per partition, everything below the lowest unfinished record. */
  private async commitFinished(): Promise<void> {
    const commit = this.committing.then(async () => {
      const offsets = [...this.partitions].flatMap(([partitionId, state]) => {
        const offset = state.tracker.committable();
        if (offset === undefined) return [];
        const separator = partitionId.lastIndexOf(':');
        return [
          {
            topic: partitionId.slice(0, separator),
            partition: Number(partitionId.slice(separator + 1)),
            offset,
            state,
          },
        ];
      });
      if (offsets.length === 0) return;
      try {
        await this.consumer.commitOffsets(
          offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
        );
        for (const { state, offset } of offsets) state.tracker.markCommitted(offset);
      } catch (error) {
        // A rebalance or a broker hiccup: the records stay uncommitted and are redelivered.
        this.logger.warn(`offset commit failed: ${describe(error)}`);
      }
    });
    this.committing = commit.catch(() => undefined);
    await commit;
  }

  /** Runs `work` until it succeeds; false when `canContinue` says to give up first. */
  private async retryUntilStopped(
    work: () => Promise<void>,
    canContinue: () => boolean,
    heartbeat: () => Promise<void> = () => Promise.resolve(),
  ): Promise<boolean> {
    const backoff = this.options.retryBackoffMs ?? 1_000;
    for (;;) {
      try {
        await work();
        return true;
      } catch (error) {
        this.logger.error(`handler failed, retrying in ${backoff} ms: ${describe(error)}`);
        if (!canContinue()) return false;
        await sleep(backoff);
        if (!canContinue()) return false;
        await heartbeat();
      }
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
