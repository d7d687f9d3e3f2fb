'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.StreamConsumer = void 0;
const common_1 = require('@nestjs/common');
const consumed_record_1 = require('./consumed-record');
const keyed_scheduler_1 = require('./keyed-scheduler');
const offset_tracker_1 = require('./offset-tracker');
const COMMIT_INTERVAL_MS = 200;
class StreamConsumer {
  options;
  logger;
  consumer;
  partitions = new Map();
  scheduler;
  commitTimer;
  committing = Promise.resolve();
  stopping = false;
  running = false;
  assigned = false;
  constructor(kafka, options) {
    this.options = options;
    this.logger = new common_1.Logger(`StreamConsumer:${options.groupId}`);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 30_000,
      heartbeatInterval: 3_000,
      maxWaitTimeInMs: 100,
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 5_000 },
    });
    if (options.mode === 'concurrent') {
      this.scheduler = new keyed_scheduler_1.KeyedScheduler(
        options.maxInFlight,
        options.maxInFlightPerKey,
      );
    }
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.assigned = true;
      for (const state of this.partitions.values()) clearTimeout(state.resumeTimer);
      this.partitions = new Map();
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      this.logger.error(`consumer crashed: ${String(event.payload.error)}`);
    });
  }
  get isAssigned() {
    return this.assigned;
  }
  get isRunning() {
    return this.running;
  }
  async start() {
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
  async stop(drainMs) {
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
  async consumeBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }, handler) {
    if (batch.messages.length === 0) return;
    const records = batch.messages.map((message) =>
      (0, consumed_record_1.toConsumedRecord)(batch.topic, batch.partition, message),
    );
    const succeeded = await this.retryUntilStopped(
      () => handler({ topic: batch.topic, partition: batch.partition, records }),
      () => isRunning() && !isStale() && !this.stopping,
      heartbeat,
    );
    if (!succeeded) return;
    const last = batch.lastOffset();
    resolveOffset(last);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
    ]);
    await heartbeat();
  }
  async acceptRecords(payload, options) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, pause } = payload;
    const partitionId = `${batch.topic}:${batch.partition}`;
    const generation = this.partitions;
    let state = generation.get(partitionId);
    if (!state) {
      state = { tracker: new offset_tracker_1.OffsetTracker(), buffered: 0 };
      generation.set(partitionId, state);
    }
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopping || state.resumeWhenRoom) break;
      const record = (0, consumed_record_1.toConsumedRecord)(batch.topic, batch.partition, message);
      const wait = (options.dueAt?.(record) ?? 0) - Date.now();
      if (wait > 0) {
        const resume = pause();
        clearTimeout(state.resumeTimer);
        state.resumeTimer = setTimeout(() => {
          if (!this.stopping) resume();
        }, wait);
        break;
      }
      if (state.buffered >= options.maxBufferedPerPartition) {
        state.resumeWhenRoom = pause();
        break;
      }
      this.dispatch(record, state, generation, options);
      resolveOffset(record.offset);
    }
    await heartbeat();
  }
  dispatch(record, state, generation, options) {
    state.tracker.begin(record.offset);
    state.buffered += 1;
    this.scheduler.submit(record.key ?? `${record.topic}:${record.partition}`, async () => {
      let finished = false;
      try {
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
  scheduleCommit() {
    if (this.commitTimer || this.stopping) return;
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      void this.commitFinished();
    }, COMMIT_INTERVAL_MS);
  }
  async commitFinished() {
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
        this.logger.warn(`offset commit failed: ${describe(error)}`);
      }
    });
    this.committing = commit.catch(() => undefined);
    await commit;
  }
  async retryUntilStopped(work, canContinue, heartbeat = async () => undefined) {
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
exports.StreamConsumer = StreamConsumer;
function describe(error) {
  return error instanceof Error ? error.message : String(error);
}
function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
//# sourceMappingURL=stream-consumer.js.map
