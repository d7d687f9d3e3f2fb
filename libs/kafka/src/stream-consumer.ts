import { Logger } from '@nestjs/common';
import { type Consumer, type ConsumerConfig, type EachBatchPayload } from 'kafkajs';
import { type ConsumedRecord, toConsumedRecord } from './consumed-record';
import { forwardedInvalidRecord, type InvalidRecordPolicy } from './invalid-records';
import { type OutgoingRecord } from './kafka-producer.service';
import { KeyedScheduler } from './keyed-scheduler';
import { type PartitionId, partitionId, PartitionState, splitPartitionId } from './partition-state';
import { type DecodedRecord, type InvalidRecord, type RecordDecoder } from './record-decoder';

/** Handed to every handler call. */
export interface StreamContext {
  /** Aborted when the consumer stops and its drain time is over. */
  signal: AbortSignal;
  /**
   * How the record's key fared (concurrent mode; a no-op in batch mode). A key `failed`
   * FAILURES_TO_THROTTLE times in a row — a webhook whose connections reset or time out — gets
   * one record at a time, the rest of its backlog deferred, until it `succeeded` again.
   */
  reportKey(outcome: 'succeeded' | 'failed'): void;
}

const BATCH_CONTEXT_REPORT = (): void => undefined;

export interface DecodedBatch<T> {
  topic: string;
  partition: number;
  records: Array<DecodedRecord<T>>;
  /** The partition's position once this batch is handled (past control records, too). */
  nextOffset: string;
}

interface StreamOptionsBase<T> {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  decoder: RecordDecoder<T>;
  /** What happens to records the decoder refuses (forwarded ones are acknowledged before commit). */
  invalidRecords: InvalidRecordPolicy;
  /** Told about every invalid record (metrics). */
  onInvalid?: (invalid: InvalidRecord) => void;
  /** False for a view that re-reads its changelog in a group of its own and never commits. */
  commits?: boolean;
  /** Delay between attempts when a handler fails (it is retried until it succeeds). */
  retryBackoffMs?: number;
  /**
   * How long a fetch may wait for `minBytes` to arrive (defaults: 100 ms, 1 byte — a record is
   * handed on as soon as it is there). A consumer that is not on the delivery path can trade
   * latency for fewer, larger batches.
   */
  fetch?: { minBytes: number; maxWaitMs: number };
}

/** The handler gets batches of at most `maxBatchRecords`; each is committed once it resolves. */
export interface BatchStreamOptions<T> extends StreamOptionsBase<T> {
  mode: 'batch';
  handler: (batch: DecodedBatch<T>, context: StreamContext) => Promise<void>;
  maxBatchRecords?: number;
}

/**
 * The handler gets one record at a time, many at once: up to `maxInFlight` overall and
 * `maxInFlightPerKey` per record key. Offsets are committed up to the lowest unfinished
 * record. A partition pauses when `maxBufferedPerPartition` records wait, and until the
 * `dueAt` of its head record.
 */
export interface ConcurrentStreamOptions<T> extends StreamOptionsBase<T> {
  mode: 'concurrent';
  handler: (record: DecodedRecord<T>, context: StreamContext) => Promise<void>;
  maxInFlight: number;
  maxInFlightPerKey: number;
  maxBufferedPerPartition: number;
  dueAt?: (record: ConsumedRecord) => number | undefined;
  /**
   * A slow key — its oldest record in flight has run `slowAfterMs`, and four times as long as
   * records of every key typically take (KeyedScheduler.isSlow) — or a failing one (reported
   * `failed` again and again, KeyedScheduler.isFailing) with `maxQueuedPerKey` records already
   * waiting for a slot gets the next ones handed to `defer` (to wait in Kafka, not in this
   * buffer), so that it cannot fill the partition's buffer and stall every other key behind
   * it. A fast key with a burst just waits its turn. Records in flight that long stop counting
   * against `maxInFlight` (KeyedScheduler.parkSlow).
   */
  maxQueuedPerKey?: number;
  slowAfterMs?: number;
  /**
   * Where a record of a backlogged key goes instead (acknowledged before its offset is
   * committed); `failing` says the key is backlogged for failing, not just for being slow.
   */
  defer?: (
    record: ConsumedRecord,
    key: { failing: boolean },
  ) => { topic: string; record: OutgoingRecord } | undefined;
}

export type StreamOptions<T> = BatchStreamOptions<T> | ConcurrentStreamOptions<T>;

/** Group membership and reconnection, shared by an app's consumers (see libs/config). */
export interface ConsumerSettings {
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  /** Shortest time between two offset commits of one consumer. */
  commitIntervalMs: number;
  /** Longest wait between two attempts to reach the brokers. */
  reconnectMaxDelayMs: number;
  /**
   * Static membership (group.instance.id) of this process in every group it commits in: a
   * restarted process, or a consumer replaced after a crash, is the same member at once.
   */
  groupInstanceId?: string;
}

/** What a StreamConsumer needs from Kafka; kafkajs in the apps, fakes in the unit specs. */
export interface ConsumerPort {
  createConsumer(config: ConsumerConfig): Consumer;
  /** The group's committed offset per partition id (-1 when none). */
  committedOffsets(groupId: string, topics: string[]): Promise<Map<PartitionId, bigint>>;
  /** Sends records and resolves once Kafka acknowledged them (acks=all). */
  send(entries: Array<{ topic: string; record: OutgoingRecord }>): Promise<void>;
}

export interface ConsumerHealth {
  /** Running, or down for less than a session timeout (a restart is under way). */
  live: boolean;
  /** A group member with its partitions, in contact with the brokers within a session timeout. */
  ready: boolean;
}

const DEFAULT_MAX_BATCH_RECORDS = 1_000;
/** How often queued records of keys that turned slow are looked at for deferral. */
const DEFERRAL_SWEEP_MS = 200;

interface QueuedRecord {
  record: ConsumedRecord;
  state: PartitionState;
}
const MAX_RESTART_DELAY_MS = 10_000;
/** The final commit at shutdown may not hold the process up longer than this. */
const FINAL_COMMIT_TIMEOUT_MS = 5_000;
/** A reconciliation after a rejoin that takes this long is logged (kept partitions wait for it). */
const SLOW_RECONCILE_MS = 1_000;
/** Pause between two tries of a first start that failed for a retriable reason. */
const START_RETRY_MS = 500;

/**
 * One consumer group member with manual, contiguous offset commits, that keeps going whatever
 * Kafka does:
 * - offsets are committed only once every earlier record finished (at-least-once), at most every
 *   `commitIntervalMs`, also right before a rebalance and at shutdown;
 * - a rebalance or restart that keeps a partition keeps what was taken in, and reconciles it
 *   with the group's committed offset, so nothing finished is done again and nothing is
 *   committed backwards;
 * - a kafkajs consumer that crashes without restarting itself is replaced;
 * - paused partitions (full buffer, head record not due yet) stay paused and resume on their
 *   own across all of that.
 */
export class StreamConsumer<T> {
  private readonly logger: Logger;
  private readonly groupFields: { groupId: string };
  private consumer: Consumer | undefined;
  private partitions = new Map<PartitionId, PartitionState>();
  private readonly scheduler: KeyedScheduler | undefined;
  private readonly abort = new AbortController();
  private stopping = false;
  private started = false;
  private assignedOnce = false;
  private member = false;
  /**
   * kafkajs announces a join before its runner runs, and silently drops commits made until
   * then: the first fetch of a generation says commits will be taken.
   */
  private fetchedSinceJoin = false;
  private lastContactAt = 0;
  /** Since when the consumer is down after a crash (undefined while it runs or starts). */
  private downSince: number | undefined;
  /** A replacement consumer is scheduled or being started (scheduleRestart). */
  private restartPending = false;
  /** Replaced by a newer process with the same group.instance.id: stays stopped. */
  private fenced = false;
  /** When commits were first refused for a membership the coordinator no longer knows. */
  private membershipLostSince: number | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  /** Ends the hold a rebalance puts on new work, should the join take long (see REBALANCING). */
  private rebalanceHold: NodeJS.Timeout | undefined;
  private restartDelayMs = 500;
  private commitTimer: NodeJS.Timeout | undefined;
  private commitInFlight: Promise<void> | undefined;
  private commitRequested = false;
  private lastCommitAt = 0;
  private readonly batchesInFlight = new Set<Promise<void>>();
  /** The record and partition of each task waiting in the scheduler, so it can be deferred. */
  private readonly queuedTasks = new WeakMap<() => Promise<void>, QueuedRecord>();
  private deferralSweep: NodeJS.Timeout | undefined;
  private stallWatch: NodeJS.Timeout | undefined;

  constructor(
    private readonly port: ConsumerPort,
    private readonly options: StreamOptions<T>,
    private readonly settings: ConsumerSettings,
    private readonly now: () => number = Date.now,
  ) {
    this.logger = new Logger(StreamConsumer.name);
    this.groupFields = { groupId: options.groupId };
    if (options.mode === 'concurrent') {
      this.scheduler = new KeyedScheduler(options.maxInFlight, options.maxInFlightPerKey, now);
    }
  }

  get groupId(): string {
    return this.options.groupId;
  }

  get topics(): string[] {
    return this.options.topics;
  }

  health(): ConsumerHealth {
    const now = this.now();
    const live =
      this.stopping ||
      this.downSince === undefined ||
      now - this.downSince < this.settings.sessionTimeoutMs;
    const inContact = now - this.lastContactAt < this.settings.sessionTimeoutMs;
    return { live, ready: this.assignedOnce && this.member && inContact && !this.stopping };
  }

  /** True while the partition is paused on purpose until its head record is due. */
  isWaitingUntilDue(topic: string, partition: number): boolean {
    return this.partitions.get(partitionId(topic, partition))?.waitingUntil !== undefined;
  }

  /**
   * What this member knows of a partition and of itself, logged when the partition makes no
   * progress although it has lag (ConsumerLagMonitor): which of its reasons to wait holds it.
   */
  describePartition(topic: string, partition: number): Record<string, unknown> {
    const id = partitionId(topic, partition);
    const state = this.partitions.get(id);
    let pausedInKafkajs: boolean | undefined;
    try {
      pausedInKafkajs = this.consumer
        ?.paused()
        .some((paused) => paused.topic === topic && paused.partitions.includes(partition));
    } catch {
      pausedInKafkajs = undefined;
    }
    return {
      member: this.member,
      fetchedSinceJoin: this.fetchedSinceJoin,
      restartPending: this.restartPending,
      downForMs: this.downSince === undefined ? undefined : this.now() - this.downSince,
      silentForMs: this.now() - this.lastContactAt,
      commitInFlight: this.commitInFlight !== undefined,
      sinceLastCommitMs: this.now() - this.lastCommitAt,
      scheduler: this.scheduler?.snapshot(),
      partition: state && {
        assigned: true,
        buffered: state.buffered,
        full: state.full,
        waitingForMs:
          state.waitingUntil === undefined ? undefined : state.waitingUntil - this.now(),
        revoked: state.revoked,
        reconciling: state.reconciling,
        inFlight: state.tracker.inFlight,
        committable: state.tracker.committable(),
        committed: state.tracker.committed,
        pausedInKafkajs,
      },
    };
  }

  /**
   * Joins the group and starts fetching; rejects when the first start fails for a reason that
   * waiting does not cure. A retriable one (on a fresh cluster, a broker that does not know a
   * topic just created on another) is tried again for up to a session timeout.
   */
  async start(): Promise<void> {
    this.started = true;
    const giveUpAt = this.now() + this.settings.sessionTimeoutMs;
    for (;;) {
      try {
        await this.startConsumer();
        break;
      } catch (error) {
        const consumer = this.consumer;
        this.consumer = undefined;
        await consumer?.disconnect().catch(() => undefined);
        if (!isRetriable(error) || this.now() >= giveUpAt) throw error;
        this.logger.warn({
          msg: 'consumer could not start yet; trying again',
          ...this.groupFields,
          err: error,
        });
        await sleep(START_RETRY_MS);
      }
    }
    this.stallWatch = setInterval(() => this.watchForStall(), this.settings.heartbeatIntervalMs);
    this.stallWatch.unref();
    const { options } = this;
    if (options.mode === 'concurrent' && (options.defer || options.slowAfterMs !== undefined)) {
      this.deferralSweep = setInterval(() => this.sweepSlowKeys(options), DEFERRAL_SWEEP_MS);
      this.deferralSweep.unref();
    }
  }

  /**
   * Stops fetching, lets work under way finish for up to `drainMs`, commits what has finished,
   * and leaves the group. Unfinished records are fetched again by the next owner.
   */
  async stop(drainMs: number): Promise<void> {
    if (!this.started || this.stopping) return;
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.rebalanceHold);
    clearInterval(this.deferralSweep);
    clearInterval(this.stallWatch);
    const consumer = this.consumer;
    try {
      consumer?.pause(this.options.topics.map((topic) => ({ topic })));
    } catch {
      // not running: nothing is fetched anyway
    }
    for (const state of this.partitions.values()) clearTimeout(state.dueTimer);
    await Promise.race([this.idle(), sleep(drainMs)]);
    this.abort.abort();
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    await Promise.race([this.commitInFlight, sleep(FINAL_COMMIT_TIMEOUT_MS)]);
    await Promise.race([this.commit(), sleep(FINAL_COMMIT_TIMEOUT_MS)]);
    await consumer?.disconnect().catch((error: unknown) => {
      this.logger.warn({ msg: 'disconnect failed', ...this.groupFields, err: error });
    });
  }

  private async idle(): Promise<void> {
    await Promise.all([this.scheduler?.idle(), ...this.batchesInFlight]);
  }

  private async startConsumer(): Promise<void> {
    const consumer = this.port.createConsumer({
      groupId: this.options.groupId,
      // Not for a group of its own that never commits (a view): nobody takes over from it.
      groupInstanceId: this.options.commits === false ? undefined : this.settings.groupInstanceId,
      sessionTimeout: this.settings.sessionTimeoutMs,
      heartbeatInterval: this.settings.heartbeatIntervalMs,
      rebalanceTimeout: this.rebalanceTimeoutMs,
      maxWaitTimeInMs: this.options.fetch?.maxWaitMs ?? 100,
      minBytes: this.options.fetch?.minBytes ?? 1,
      retry: {
        retries: Number.MAX_SAFE_INTEGER,
        initialRetryTime: 100,
        maxRetryTime: this.settings.reconnectMaxDelayMs,
      },
    });
    this.consumer = consumer;
    // The stall watch counts from here: a join takes up to the rebalance timeout.
    this.lastContactAt = this.now();
    // Not a member until this consumer joins: kafkajs silently drops commits made before that.
    this.member = false;
    this.fetchedSinceJoin = false;
    const { events } = consumer;
    consumer.on(events.GROUP_JOIN, ({ payload }) => {
      if (consumer === this.consumer) {
        this.logger.log({
          msg: `joined the group in ${payload.duration} ms`,
          ...this.groupFields,
          memberId: payload.memberId,
          partitions: Object.values(payload.memberAssignment).reduce(
            (sum, partitions) => sum + partitions.length,
            0,
          ),
        });
      }
      this.onAssigned(consumer, payload.memberAssignment);
    });
    consumer.on(events.REBALANCING, () => {
      if (consumer !== this.consumer) return;
      this.logger.log({ msg: 'the group is rebalancing: joining again', ...this.groupFields });
      // Commit what is done while this generation may still commit: the next owner starts there.
      this.requestCommit(true);
      // Start no new work until it is known which partitions stay here, for as long as a join
      // normally takes: one that takes longer (its coordinator moving in a rolling restart
      // held every delivery for 35 s) goes on with what it has taken in. Nobody else owns
      // these partitions before this member has rejoined or its session ended; what it does
      // for one it then loses is, at worst, done again by the next owner.
      this.scheduler?.hold();
      clearTimeout(this.rebalanceHold);
      this.rebalanceHold = setTimeout(() => {
        if (consumer !== this.consumer || !this.member || this.stopping) return;
        this.logger.warn({
          msg: `no join ${this.rebalanceHoldMs} ms into the rebalance: going on with records taken in`,
          ...this.groupFields,
        });
        this.scheduler?.release();
      }, this.rebalanceHoldMs);
      this.rebalanceHold.unref();
    });
    consumer.on(events.HEARTBEAT, () => this.touch(consumer));
    consumer.on(events.FETCH, () => {
      this.touch(consumer);
      if (consumer === this.consumer && this.member && !this.fetchedSinceJoin) {
        this.fetchedSinceJoin = true;
        this.requestCommit(true);
      }
    });
    consumer.on(events.CRASH, ({ payload }) => {
      this.onCrash(consumer, payload.error, payload.restart);
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.options.topics,
      fromBeginning: this.options.fromBeginning ?? true,
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.options.mode === 'batch' ? 8 : 32,
      eachBatch: (payload) => this.onBatch(consumer, payload),
    });
  }

  /** How long a rebalance holds new work back while the join is under way. */
  private get rebalanceHoldMs(): number {
    return 3 * this.settings.heartbeatIntervalMs;
  }

  private get rebalanceTimeoutMs(): number {
    return Math.max(2 * this.settings.sessionTimeoutMs, 10_000);
  }

  /**
   * A kafkajs consumer can go silent without crashing (seen after a cluster broker's SIGKILL:
   * a rejoin refused with "The coordinator is not aware of this member", then no heartbeat,
   * fetch or join for minutes while lag grew). No contact for longer than a join may take
   * (the rebalance timeout) plus a session timeout: replace it, as after a crash.
   */
  private watchForStall(): void {
    // Not while a replacement of ours is on its way; but a crash kafkajs said it would restart
    // from is watched too: that restart can fail as silently (seen on fanout after a broker
    // restart: no fetch, join or commit for minutes).
    if (this.stopping || this.restartPending || this.fenced) return;
    const silentMs = this.now() - this.lastContactAt;
    if (silentMs <= this.rebalanceTimeoutMs + this.settings.sessionTimeoutMs) return;
    this.markDown();
    this.logger.error({
      msg: `consumer silent for ${Math.round(silentMs / 1000)} s, starting a new one`,
      ...this.groupFields,
    });
    this.scheduleRestart();
  }

  private touch(consumer: Consumer): void {
    if (consumer === this.consumer) this.lastContactAt = this.now();
  }

  private onCrash(consumer: Consumer, error: Error, restartsItself: boolean): void {
    if (consumer !== this.consumer || this.stopping) return;
    if (isFenced(error)) {
      this.onFenced(consumer, error);
      return;
    }
    this.markDown();
    if (restartsItself) {
      this.logger.warn({
        msg: 'consumer crashed, kafkajs restarts it',
        ...this.groupFields,
        err: error,
      });
      return;
    }
    this.logger.error({
      msg: 'consumer crashed and stopped, starting a new one',
      ...this.groupFields,
      err: error,
    });
    this.scheduleRestart();
  }

  /**
   * A newer process joined with this group.instance.id: it owns the partitions now, and a
   * replacement of ours would only fence it in turn. This consumer stops and the process is
   * not live after a session timeout, so the orchestrator restarts it
   * (KAFKA_GROUP_INSTANCE_ID must be unique among live processes).
   */
  private onFenced(consumer: Consumer, error: unknown): void {
    if (consumer !== this.consumer || this.fenced) return;
    this.fenced = true;
    this.markDown();
    this.logger.error({
      msg: 'another process joined with this KAFKA_GROUP_INSTANCE_ID; this consumer stops',
      ...this.groupFields,
      groupInstanceId: this.settings.groupInstanceId,
      err: error,
    });
    void consumer.disconnect().catch(() => undefined);
  }

  /**
   * No longer a member in good standing (crashed, silent, refused, fenced). Work started now
   * could not be committed before the next join, and would be done again after a kill in
   * between: queued records wait for the join that says they are still ours.
   */
  private markDown(): void {
    clearTimeout(this.rebalanceHold);
    this.member = false;
    this.scheduler?.hold();
    this.downSince ??= this.now();
  }

  private scheduleRestart(): void {
    clearTimeout(this.restartTimer);
    this.restartPending = true;
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(2 * this.restartDelayMs, MAX_RESTART_DELAY_MS);
    this.restartTimer = setTimeout(() => {
      if (this.stopping) return;
      const previous = this.consumer;
      // Bounded: a consumer that went silent may never finish disconnecting.
      void Promise.race([
        previous?.disconnect().catch(() => undefined),
        sleep(this.settings.sessionTimeoutMs),
      ])
        .then(() => {
          // From here the new consumer's own silence is watched (startConsumer restarts the count).
          this.restartPending = false;
          return this.startConsumer();
        })
        .catch((error: unknown) => {
          this.logger.error({
            msg: 'could not start a new consumer, retrying',
            ...this.groupFields,
            err: error,
          });
          this.scheduleRestart();
        });
    }, delay);
  }

  /** A generation began: keep the partitions that stay, drop the others, sync pauses, commit. */
  private onAssigned(consumer: Consumer, assignment: Record<string, number[]>): void {
    if (consumer !== this.consumer) return;
    clearTimeout(this.rebalanceHold);
    const assigned = new Set(
      Object.entries(assignment).flatMap(([topic, partitions]) =>
        partitions.map((partition) => partitionId(topic, partition)),
      ),
    );
    const kept: PartitionId[] = [];
    const next = new Map<PartitionId, PartitionState>();
    for (const [id, state] of this.partitions) {
      if (assigned.has(id)) {
        next.set(id, state);
        kept.push(id);
      } else {
        state.revoke();
      }
    }
    for (const id of assigned) if (!next.has(id)) next.set(id, new PartitionState());
    this.partitions = next;
    if (kept.length > 0 && this.options.commits !== false) this.reconcile(kept);
    this.syncPauses(consumer);
    this.scheduler?.release();
    this.member = true;
    this.fetchedSinceJoin = false;
    this.assignedOnce = true;
    this.downSince = undefined;
    this.membershipLostSince = undefined;
    this.restartDelayMs = 500;
    this.lastContactAt = this.now();
  }

  /**
   * Kept partitions are trusted only once the group's committed offsets show that nobody else
   * processed them meanwhile (this member may have been away); records wait for that answer.
   */
  private reconcile(ids: PartitionId[]): void {
    const states = ids.map((id) => [id, this.partitions.get(id)!] as const);
    const startedAt = this.now();
    // Bounded: records of the partition wait for the answer, and a broker that does not give
    // it (a connection hanging after a broker's restart) must not hold them, and the kafkajs
    // runner with them, for good.
    const check = withTimeout(
      this.port.committedOffsets(this.options.groupId, this.options.topics),
      this.settings.sessionTimeoutMs,
    )
      .then(
        (committed) => (id: PartitionId, state: PartitionState) =>
          state.isOvertakenBy(committed.get(id) ?? -1n),
        // Unknown: start over, which is always safe (at most some work done again).
        () => () => true,
      )
      .then((isStale) => {
        const tookMs = this.now() - startedAt;
        if (tookMs >= SLOW_RECONCILE_MS) {
          // Every kept partition waits for this answer: a slow one is a pause in consuming.
          this.logger.warn({
            msg: `the group's committed offsets took ${tookMs} ms; kept partitions waited`,
            ...this.groupFields,
            partitions: ids.length,
          });
        }
        for (const [id, state] of states) {
          if (this.partitions.get(id) !== state || !isStale(id, state)) continue;
          this.logger.log({
            msg: 'partition was processed elsewhere meanwhile: starting it afresh',
            ...this.groupFields,
            ...splitPartitionId(id),
          });
          state.revoke();
          this.partitions.set(id, new PartitionState());
          this.resume(id);
        }
      });
    for (const [, state] of states) {
      state.reconciling = true;
      state.ready = check.finally(() => {
        state.reconciling = false;
      });
    }
  }

  /** kafkajs keeps pause flags per consumer instance; make them match what the states say. */
  private syncPauses(consumer: Consumer): void {
    const pausedNow = new Set(
      consumer
        .paused()
        .flatMap(({ topic, partitions }) => partitions.map((p) => partitionId(topic, p))),
    );
    for (const [id, state] of this.partitions) {
      if (state.paused && !pausedNow.has(id)) this.pause(id);
      if (!state.paused && pausedNow.has(id)) this.resume(id);
    }
  }

  private pause(id: PartitionId): void {
    const { topic, partition } = splitPartitionId(id);
    try {
      this.consumer?.pause([{ topic, partitions: [partition] }]);
    } catch (error) {
      this.logger.warn({
        msg: 'could not pause',
        ...this.groupFields,
        topic,
        partition,
        err: error,
      });
    }
  }

  private resume(id: PartitionId): void {
    if (this.stopping) return;
    const { topic, partition } = splitPartitionId(id);
    try {
      this.consumer?.resume([{ topic, partitions: [partition] }]);
    } catch (error) {
      this.logger.warn({
        msg: 'could not resume',
        ...this.groupFields,
        topic,
        partition,
        err: error,
      });
    }
  }

  private async onBatch(consumer: Consumer, payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const id = partitionId(batch.topic, batch.partition);
    let state = this.partitions.get(id);
    if (!state || consumer !== this.consumer) return;
    await state.ready;
    state = this.partitions.get(id);
    if (!state || state.revoked) return;
    if (this.options.mode === 'batch') {
      const work = this.consumeBatch(payload, state, this.options);
      this.batchesInFlight.add(work);
      try {
        await work;
      } finally {
        this.batchesInFlight.delete(work);
      }
    } else {
      this.acceptRecords(payload, id, state, this.options);
      // Not caught: a rebalance under way surfaces here, and kafkajs rejoins on it.
      await payload.heartbeat();
    }
  }

  private async consumeBatch(
    payload: EachBatchPayload,
    state: PartitionState,
    options: BatchStreamOptions<T>,
  ): Promise<void> {
    const { batch } = payload;
    const fresh = batch.messages.filter((message) => !state.tracker.seen(message.offset));
    const maxRecords = options.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS;
    const canContinue = () =>
      payload.isRunning() && !payload.isStale() && !this.stopping && !state.revoked;
    for (let start = 0; start < fresh.length; start += maxRecords) {
      if (!canContinue()) return;
      const records = fresh
        .slice(start, start + maxRecords)
        .map((message) => toConsumedRecord(batch.topic, batch.partition, message));
      const [first] = records;
      const final = records.at(-1);
      // Never empty (start < fresh.length): the check tells the compiler so.
      if (!first || !final) break;
      const last = start + maxRecords >= fresh.length;
      const nextOffset = (BigInt(last ? batch.lastOffset() : final.offset) + 1n).toString();
      for (const record of records) state.tracker.begin(record.offset);
      const valid: Array<DecodedRecord<T>> = [];
      const invalid: InvalidRecord[] = [];
      for (const record of records) {
        const decoded = options.decoder.decode(record);
        if (decoded.ok) valid.push(decoded.record);
        else invalid.push(decoded);
      }
      let forwarded = false;
      const done = await this.retryUntil(
        async () => {
          // Each step once: a failed handler does not forward the invalid records again.
          if (!forwarded) {
            await this.handleInvalid(invalid);
            forwarded = true;
          }
          // Called also when every record was invalid: the handler learns the position moved.
          await this.withHeartbeats(payload, () =>
            options.handler(
              { topic: batch.topic, partition: batch.partition, records: valid, nextOffset },
              { signal: this.abort.signal, reportKey: BATCH_CONTEXT_REPORT },
            ),
          );
        },
        canContinue,
        () => payload.heartbeat(),
      );
      if (!done) {
        state.tracker.rollbackFrom(first.offset);
        return;
      }
      for (const record of records) state.tracker.finish(record.offset);
      payload.resolveOffset(final.offset);
      this.requestCommit();
    }
    // Skipped (already processed) records and control records after the last one still move
    // kafkajs's position on.
    if (canContinue()) payload.resolveOffset(batch.lastOffset());
  }

  private acceptRecords(
    payload: EachBatchPayload,
    id: PartitionId,
    state: PartitionState,
    options: ConcurrentStreamOptions<T>,
  ): void {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale() || this.stopping || state.paused) break;
      if (state.tracker.seen(message.offset)) {
        payload.resolveOffset(message.offset);
        continue;
      }
      const record = toConsumedRecord(batch.topic, batch.partition, message);
      const dueAt = options.dueAt?.(record);
      if (dueAt !== undefined && dueAt > this.now()) {
        // Records of a retry tier are ordered by due time, so nothing behind this one is due
        // either: pause the partition (kafkajs keeps heartbeating) and fetch it again then.
        this.waitUntilDue(id, state, dueAt);
        break;
      }
      if (state.buffered >= options.maxBufferedPerPartition) {
        state.full = true;
        this.pause(id);
        break;
      }
      const deferred = this.deferral(record, options);
      if (deferred) this.dispatchDeferral(record, state, deferred, options);
      else this.dispatch(record, state, options);
      payload.resolveOffset(record.offset);
    }
  }

  private waitUntilDue(id: PartitionId, state: PartitionState, dueAt: number): void {
    state.waitingUntil = dueAt;
    this.pause(id);
    clearTimeout(state.dueTimer);
    state.dueTimer = setTimeout(
      () => {
        state.dueTimer = undefined;
        state.waitingUntil = undefined;
        if (!state.revoked && !state.full) this.resume(id);
        // A millisecond late: timers may fire a little before the wall clock reaches `dueAt`,
        // and the record would only be paused again.
      },
      dueAt - this.now() + 1,
    );
  }

  /** Where the record goes instead when its key is backlogged here, if anywhere. */
  private deferral(
    record: ConsumedRecord,
    options: ConcurrentStreamOptions<T>,
  ): { topic: string; record: OutgoingRecord } | undefined {
    if (!options.defer || options.maxQueuedPerKey === undefined) return undefined;
    const key = keyOf(record);
    if (this.scheduler!.queuedFor(key) < options.maxQueuedPerKey) return undefined;
    if (!this.isBacklogged(key, options)) return undefined;
    return options.defer(record, { failing: this.scheduler!.isFailing(key) });
  }

  /** A key whose waiting records go elsewhere: slow, or failing again and again. */
  private isBacklogged(key: string, options: ConcurrentStreamOptions<T>): boolean {
    const scheduler = this.scheduler!;
    return scheduler.isFailing(key) || scheduler.isSlow(key, options.slowAfterMs ?? 0);
  }

  /** Parks the tasks that made their key slow, and defers slow and failing keys' backlogs. */
  private sweepSlowKeys(options: ConcurrentStreamOptions<T>): void {
    if (this.stopping) return;
    if (options.slowAfterMs !== undefined) this.scheduler!.parkSlow(options.slowAfterMs);
    this.deferBacklogs(options);
  }

  /** Hands the record on to where it waits; not a task of its key, so it never queues behind it. */
  private dispatchDeferral(
    record: ConsumedRecord,
    state: PartitionState,
    deferred: { topic: string; record: OutgoingRecord },
    options: ConcurrentStreamOptions<T>,
  ): void {
    state.tracker.begin(record.offset);
    state.buffered += 1;
    this.sendDeferral(record, state, deferred, options);
  }

  /**
   * Slow or failing keys whose backlog grew before they were known to be: their waiting
   * records beyond `maxQueuedPerKey` are taken out of the queue and deferred after all.
   */
  private deferBacklogs(options: ConcurrentStreamOptions<T>): void {
    if (this.stopping || !options.defer || options.maxQueuedPerKey === undefined) return;
    const scheduler = this.scheduler!;
    for (const key of scheduler.keysQueuedOver(options.maxQueuedPerKey)) {
      if (!this.isBacklogged(key, options)) continue;
      for (const task of scheduler.takeQueued(key, options.maxQueuedPerKey)) {
        const queued = this.queuedTasks.get(task);
        if (!queued) continue;
        const { record, state } = queued;
        const deferred = state.revoked
          ? undefined
          : options.defer(record, { failing: scheduler.isFailing(key) });
        if (deferred) this.sendDeferral(record, state, deferred, options);
        else this.settle(record, state, options);
      }
    }
  }

  private sendDeferral(
    record: ConsumedRecord,
    state: PartitionState,
    deferred: { topic: string; record: OutgoingRecord },
    options: ConcurrentStreamOptions<T>,
  ): void {
    const work = this.retryUntil(
      () => this.port.send([deferred]),
      () => !this.stopping && !state.revoked,
    ).then((sent) => {
      if (sent) state.tracker.finish(record.offset);
      this.settle(record, state, options);
    });
    this.batchesInFlight.add(work);
    void work.finally(() => this.batchesInFlight.delete(work));
  }

  private dispatch(
    record: ConsumedRecord,
    state: PartitionState,
    options: ConcurrentStreamOptions<T>,
  ): void {
    state.tracker.begin(record.offset);
    state.buffered += 1;
    const key = keyOf(record);
    const scheduler = this.scheduler!;
    const context: StreamContext = {
      signal: this.abort.signal,
      reportKey: (outcome) => {
        if (outcome === 'failed') scheduler.reportFailure(key);
        else scheduler.reportSuccess(key);
      },
    };
    const task = async () => {
      let finished = false;
      try {
        // Revoked by a rebalance or shutting down before it started: its next owner (or the
        // next start) fetches it again from the committed offset.
        if (state.revoked || this.stopping) return;
        const decoded = options.decoder.decode(record);
        finished = await this.retryUntil(
          () =>
            decoded.ok ? options.handler(decoded.record, context) : this.handleInvalid([decoded]),
          () => !this.stopping && !state.revoked,
        );
      } finally {
        if (finished) state.tracker.finish(record.offset);
        this.settle(record, state, options);
      }
    };
    this.queuedTasks.set(task, { record, state });
    scheduler.submit(key, task);
  }

  /** A record taken in is done with (finished or given up): room in the buffer, a commit soon. */
  private settle(
    record: ConsumedRecord,
    state: PartitionState,
    options: ConcurrentStreamOptions<T>,
  ): void {
    state.buffered -= 1;
    if (state.full && state.buffered < options.maxBufferedPerPartition) {
      state.full = false;
      if (!state.revoked && state.waitingUntil === undefined) {
        this.resume(partitionId(record.topic, record.partition));
      }
    }
    if (!state.revoked) this.requestCommit();
  }

  /** Counts, forwards (acknowledged) or logs records the decoder refused. */
  private async handleInvalid(invalid: InvalidRecord[]): Promise<void> {
    if (invalid.length === 0) return;
    const forwards = [];
    for (const item of invalid) {
      this.options.onInvalid?.(item);
      const forward = forwardedInvalidRecord(
        this.options.invalidRecords,
        item,
        this.options.decoder.maxValueBytes,
      );
      const fields = {
        ...this.groupFields,
        topic: item.record.topic,
        partition: item.record.partition,
        offset: item.record.offset,
        reason: item.reason,
        detail: item.detail,
      };
      if (forward) {
        this.logger.warn({ msg: `invalid record forwarded to ${forward.topic}`, ...fields });
        forwards.push(forward);
      } else {
        this.logger.warn({ msg: 'skipped an invalid record', ...fields });
      }
    }
    await this.port.send(forwards);
  }

  /** Commits soon (at most every `commitIntervalMs`), or at once when `now`. */
  private requestCommit(now = false): void {
    if (this.options.commits === false || this.stopping) return;
    if (this.commitInFlight) {
      this.commitRequested = true;
      return;
    }
    if (now) {
      clearTimeout(this.commitTimer);
      this.commitTimer = undefined;
      this.runCommit();
      return;
    }
    if (this.commitTimer) return;
    const wait = Math.max(0, this.lastCommitAt + this.settings.commitIntervalMs - this.now());
    this.commitTimer = setTimeout(() => {
      this.commitTimer = undefined;
      this.runCommit();
    }, wait);
  }

  private runCommit(): void {
    this.commitInFlight = this.commit().finally(() => {
      this.commitInFlight = undefined;
      this.lastCommitAt = this.now();
      if (this.commitRequested) {
        this.commitRequested = false;
        this.requestCommit();
      }
    });
  }

  /** Commits, per partition, everything below the lowest unfinished record. */
  private async commit(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.options.commits === false) return;
    // Not a member (yet): the first fetch after the join commits everything at once.
    if (!this.member || !this.fetchedSinceJoin) return;
    const offsets = [...this.partitions].flatMap(([id, state]) => {
      if (state.revoked) return [];
      const offset = state.tracker.committable();
      return offset === undefined ? [] : [{ ...splitPartitionId(id), offset, state }];
    });
    if (offsets.length === 0) return;
    for (const { state, offset } of offsets) state.committing = offset;
    try {
      await consumer.commitOffsets(
        offsets.map(({ topic, partition, offset }) => ({ topic, partition, offset })),
      );
      for (const { state, offset } of offsets) state.tracker.markCommitted(offset);
      this.membershipLostSince = undefined;
    } catch (error) {
      // A rebalance or a broker away: the records stay uncommitted; the next commit carries them.
      this.logger.warn({ msg: 'offset commit failed', ...this.groupFields, err: error });
      this.commitRequested = true;
      if (isFenced(error)) this.onFenced(consumer, error);
      else if (isMembershipLost(error)) this.onMembershipLost(consumer);
    } finally {
      for (const { state } of offsets) state.committing = undefined;
    }
  }

  /**
   * The coordinator no longer knows this member (its session expired while a broker moved, say).
   * kafkajs rejoins on its own after a failed heartbeat; one seen on a cluster's rolling restart
   * did not, and went on fetching with every commit refused, delivering nothing. Refused for a
   * session timeout without a new join: replace it, as a silent one.
   */
  private onMembershipLost(consumer: Consumer): void {
    if (consumer !== this.consumer || this.stopping || this.restartPending) return;
    const now = this.now();
    this.membershipLostSince ??= now;
    if (now - this.membershipLostSince <= this.settings.sessionTimeoutMs) return;
    this.markDown();
    this.logger.error({
      msg: `commits refused for ${Math.round((now - this.membershipLostSince) / 1000)} s: the group lost this member, starting a new one`,
      ...this.groupFields,
    });
    this.scheduleRestart();
  }

  /** Keeps the membership alive while a long handler runs (kafkajs heartbeats between batches). */
  private async withHeartbeats(
    payload: EachBatchPayload,
    work: () => Promise<void>,
  ): Promise<void> {
    const timer = setInterval(() => {
      payload.heartbeat().catch(() => undefined);
    }, this.settings.heartbeatIntervalMs);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Runs `work` until it succeeds; false when `canContinue` says to give up first. */
  private async retryUntil(
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
        if (!canContinue()) return false;
        this.logger.error({
          msg: `handler failed, retrying in ${backoff} ms`,
          ...this.groupFields,
          err: error,
        });
        await sleep(backoff);
        if (!canContinue()) return false;
        await heartbeat().catch(() => undefined);
      }
    }
  }
}

/** The key tasks are limited by: the record key (a webhook), or its partition without one. */
function keyOf(record: ConsumedRecord): string {
  return record.key ?? `${record.topic}:${record.partition}`;
}

/** Rejects when `work` has not settled within `ms`. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** kafkajs marks errors that may pass by themselves (a topic not yet known to a broker). */
function isRetriable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retriable?: unknown }).retriable === true
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** kafkajs's errors for a member the group coordinator does not know (any more). */
const MEMBERSHIP_LOST = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);

/** A newer member joined with this consumer's group.instance.id. */
function isFenced(error: unknown): boolean {
  for (let cause: unknown = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { type?: unknown }).type === 'FENCED_INSTANCE_ID') return true;
  }
  return false;
}

function isMembershipLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const type = (error as { type?: unknown }).type;
  return (
    (typeof type === 'string' && MEMBERSHIP_LOST.has(type)) ||
    /not aware of this member|generation id is not valid/i.test(error.message)
  );
}
