import { Logger } from '@nestjs/common';
import { type Consumer, type ConsumerConfig, type EachBatchPayload } from 'kafkajs';
import { z } from 'zod';
import { type OutgoingRecord } from './kafka-producer.service';
import { RecordDecoder } from './record-decoder';
import {
  type ConsumerPort,
  type ConsumerSettings,
  type DecodedBatch,
  StreamConsumer,
  type StreamContext,
  type StreamOptions,
} from './stream-consumer';
import { type DecodedRecord } from './record-decoder';

const EVENTS = {
  GROUP_JOIN: 'consumer.group_join',
  REBALANCING: 'consumer.rebalancing',
  HEARTBEAT: 'consumer.heartbeat',
  FETCH: 'consumer.fetch',
  CRASH: 'consumer.crash',
} as const;

type Listener = (event: { payload: unknown }) => void;

/** The part of a kafkajs consumer StreamConsumer uses, driven by the test. */
class FakeConsumer {
  readonly events = EVENTS;
  readonly commits: Array<Array<{ topic: string; partition: number; offset: string }>> = [];
  readonly pausedPartitions = new Set<string>();
  failCommits = false;
  disconnected = false;
  private readonly listeners = new Map<string, Listener[]>();
  private eachBatch: ((payload: EachBatchPayload) => Promise<void>) | undefined;

  on(event: string, listener: Listener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
  }

  emit(event: string, payload: unknown): void {
    for (const listener of this.listeners.get(event) ?? []) listener({ payload });
  }

  /** What the next `subscribe` throws (kafkajs's metadata errors surface there). */
  subscribeError: Error | undefined;

  async connect(): Promise<void> {}
  subscribe(): Promise<void> {
    return this.subscribeError ? Promise.reject(this.subscribeError) : Promise.resolve();
  }

  async run({ eachBatch }: { eachBatch: (payload: EachBatchPayload) => Promise<void> }) {
    this.eachBatch = eachBatch;
    return Promise.resolve();
  }

  async disconnect(): Promise<void> {
    this.disconnected = true;
    return Promise.resolve();
  }

  pause(partitions: Array<{ topic: string; partitions?: number[] }>): void {
    for (const { topic, partitions: list } of partitions) {
      for (const partition of list ?? [0, 1, 2]) this.pausedPartitions.add(`${topic}:${partition}`);
    }
  }

  resume(partitions: Array<{ topic: string; partitions?: number[] }>): void {
    for (const { topic, partitions: list } of partitions) {
      for (const partition of list ?? [0, 1, 2])
        this.pausedPartitions.delete(`${topic}:${partition}`);
    }
  }

  paused(): Array<{ topic: string; partitions: number[] }> {
    return [...this.pausedPartitions].map((id) => {
      const [topic = '', partition] = id.split(':');
      return { topic, partitions: [Number(partition)] };
    });
  }

  async commitOffsets(offsets: Array<{ topic: string; partition: number; offset: string }>) {
    if (this.failCommits) throw new Error('The coordinator is not aware of this member');
    this.commits.push(offsets);
    return Promise.resolve();
  }

  /** A new generation with this assignment, and its first fetch (unless `fetch` is false). */
  assign(assignment: Record<string, number[]>, { fetch = true } = {}): void {
    this.emit(EVENTS.GROUP_JOIN, { memberAssignment: assignment, memberId: 'm' });
    if (fetch) this.emit(EVENTS.FETCH, {});
  }

  /** Hands a fetched batch to the consumer; resolves with the offsets it resolved. */
  async deliver(
    topic: string,
    partition: number,
    values: Array<{
      offset: number;
      value: unknown;
      key?: string;
      headers?: Record<string, string>;
    }>,
    { stale = () => false }: { stale?: () => boolean } = {},
  ): Promise<string[]> {
    this.emit(EVENTS.FETCH, {});
    const resolved: string[] = [];
    const messages = values.map(({ offset, value, key, headers }) => ({
      offset: String(offset),
      key: key === undefined ? null : Buffer.from(key),
      value: value === null ? null : Buffer.from(JSON.stringify(value)),
      headers: headers ?? {},
      timestamp: '0',
      attributes: 0,
    }));
    const payload = {
      batch: {
        topic,
        partition,
        messages,
        highWatermark: String((values.at(-1)?.offset ?? 0) + 1),
        lastOffset: () => messages[messages.length - 1]!.offset,
      },
      resolveOffset: (offset: string) => resolved.push(offset),
      heartbeat: () => Promise.resolve(),
      isRunning: () => !this.disconnected,
      isStale: stale,
    } as unknown as EachBatchPayload;
    await this.eachBatch!(payload);
    return resolved;
  }

  lastCommitted(topic: string, partition: number): string | undefined {
    for (const commit of [...this.commits].reverse()) {
      const entry = commit.find((item) => item.topic === topic && item.partition === partition);
      if (entry) return entry.offset;
    }
    return undefined;
  }
}

class FakePort implements ConsumerPort {
  readonly consumers: FakeConsumer[] = [];
  readonly sent: Array<{ topic: string; record: OutgoingRecord }> = [];
  committed = new Map<string, bigint>();
  /** The group's committed offsets never come (a broker connection hanging). */
  committedNeverAnswers = false;
  failSends = 0;
  /** Errors the `subscribe` of the next consumers created throw, one each. */
  readonly subscribeErrors: Error[] = [];

  /** The kafkajs configuration of every consumer created, in order. */
  readonly configs: ConsumerConfig[] = [];

  createConsumer(config: ConsumerConfig): Consumer {
    this.configs.push(config);
    const consumer = new FakeConsumer();
    consumer.subscribeError = this.subscribeErrors.shift();
    this.consumers.push(consumer);
    return consumer as unknown as Consumer;
  }

  get current(): FakeConsumer {
    const consumer = this.consumers.at(-1);
    if (!consumer) throw new Error('no consumer created yet');
    return consumer;
  }

  committedOffsets(): Promise<Map<string, bigint>> {
    if (this.committedNeverAnswers) return new Promise(() => {});
    return Promise.resolve(new Map(this.committed));
  }

  send(entries: Array<{ topic: string; record: OutgoingRecord }>): Promise<void> {
    if (this.failSends > 0) {
      this.failSends -= 1;
      return Promise.reject(new Error('broker away'));
    }
    this.sent.push(...entries);
    return Promise.resolve();
  }
}

const SETTINGS: ConsumerSettings = {
  sessionTimeoutMs: 6_000,
  heartbeatIntervalMs: 1_000,
  commitIntervalMs: 0,
  reconnectMaxDelayMs: 100,
};

const decoder = RecordDecoder.json(z.object({ n: z.number() }));
type Value = { n: number };

/** A batch consumer that handles everything at once, on a clock the test moves. */
function clockedBatchConsumer(
  port: FakePort,
  clock: () => number,
  settings: ConsumerSettings = SETTINGS,
): StreamConsumer<Value> {
  return new StreamConsumer<Value>(
    port,
    {
      mode: 'batch',
      groupId: 'g',
      topics: ['t'],
      decoder,
      invalidRecords: 'skip',
      handler: () => Promise.resolve(),
    },
    settings,
    clock,
  );
}

/** Lets timers of 0 ms and pending promise callbacks run. */
function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 1));
}

/** Like `until`, for conditions behind real timers of up to a few hundred ms. */
async function within(ms: number, condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A deferral to the topic `later` that says which offset it came from. */
function toLater(record: { key: string | null; offset: string }) {
  return {
    topic: 'later',
    record: { key: record.key ?? '', value: null, headers: { from: record.offset } },
  };
}

async function until(condition: () => boolean, what = 'condition'): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (condition()) return;
    await tick();
  }
  throw new Error(`${what} not reached`);
}

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((res) => (resolve = res));
  return { promise, resolve };
}

const values = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => ({
    offset: from + index,
    value: { n: from + index },
    key: `k${(from + index) % 3}`,
  }));

beforeAll(() => {
  Logger.overrideLogger(false);
});

describe('StreamConsumer in concurrent mode', () => {
  let port: FakePort;
  let handled: number[];
  const handledTimes = new Map<number, number>();
  let gates: Map<number, Deferred>;
  let consumer: StreamConsumer<Value>;

  function concurrent(
    overrides: Partial<StreamOptions<Value>> = {},
    settings: ConsumerSettings = SETTINGS,
  ): StreamConsumer<Value> {
    return new StreamConsumer<Value>(
      port,
      {
        mode: 'concurrent',
        groupId: 'g',
        topics: ['t'],
        decoder,
        invalidRecords: 'dead-letter',
        maxInFlight: 100,
        maxInFlightPerKey: 100,
        maxBufferedPerPartition: 100,
        retryBackoffMs: 1,
        handler: async (record: DecodedRecord<Value>) => {
          const gate = gates.get(record.value.n);
          if (gate) await gate.promise;
          handled.push(record.value.n);
          handledTimes.set(record.value.n, Date.now());
        },
        ...overrides,
      } as StreamOptions<Value>,
      settings,
    );
  }

  beforeEach(async () => {
    port = new FakePort();
    handled = [];
    gates = new Map();
    consumer = concurrent();
    await consumer.start();
    port.current.assign({ t: [0, 1] });
  });

  afterEach(async () => {
    for (const gate of gates.values()) gate.resolve();
    await consumer.stop(0);
  });

  it('commits up to the lowest unfinished record, whatever order records finish in', async () => {
    gates.set(11, deferred());
    await port.current.deliver('t', 0, values(10, 13));
    await until(() => handled.length === 3, 'three handled');
    await until(() => port.current.lastCommitted('t', 0) === '11', 'commit of 11');
    await tick();
    expect(port.current.lastCommitted('t', 0)).toBe('11');

    gates.get(11)!.resolve();
    await until(() => port.current.lastCommitted('t', 0) === '14', 'commit of 14');
    expect([...handled].sort()).toEqual([10, 11, 12, 13]);
  });

  it('does not handle again what a rebalance keeping the partition fetches again', async () => {
    gates.set(12, deferred());
    await port.current.deliver('t', 0, values(10, 14));
    await until(() => handled.length === 4);
    port.committed.set('t:0', 12n);

    port.current.emit(EVENTS.REBALANCING, {});
    port.current.assign({ t: [0] });
    // kafkajs fetches again from the committed offset.
    const resolved = await port.current.deliver('t', 0, values(12, 16));
    gates.get(12)!.resolve();
    await until(() => handled.length === 7, 'all handled');

    expect([...handled].sort((a, b) => a - b)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(resolved).toEqual(['12', '13', '14', '15', '16']);
    await until(() => port.current.lastCommitted('t', 0) === '17', 'commit of 17');
  });

  it('drops what waits for a partition the rebalance took away, and commits nothing for it', async () => {
    const slow = concurrent({ maxInFlight: 1 });
    await slow.start();
    port.current.assign({ t: [0, 1] });
    gates.set(20, deferred());
    await port.current.deliver('t', 1, values(20, 23));
    await tick();

    port.current.assign({ t: [0] });
    gates.get(20)!.resolve();
    await tick();
    await tick();

    expect(handled).toEqual([20]);
    expect(port.current.lastCommitted('t', 1)).toBeUndefined();
    await slow.stop(0);
  });

  it('starts a kept partition afresh when another member committed past it meanwhile', async () => {
    gates.set(12, deferred());
    await port.current.deliver('t', 0, values(10, 12));
    await until(() => port.current.lastCommitted('t', 0) === '12');
    // This member was away; another one processed the partition up to 20.
    port.committed.set('t:0', 20n);
    const commitsBefore = port.current.commits.length;

    port.current.assign({ t: [0] });
    await port.current.deliver('t', 0, values(20, 21));
    await until(() => port.current.lastCommitted('t', 0) === '22');

    // The stale state (12 still running) would have committed 12: backwards past 20.
    const later = port.current.commits.slice(commitsBefore).flat();
    expect(later.every((commit) => BigInt(commit.offset) >= 20n)).toBe(true);
  });

  it('forgets nothing when a commit fails: the next one carries it', async () => {
    port.current.failCommits = true;
    await port.current.deliver('t', 0, values(0, 2));
    await until(() => handled.length === 3);
    await tick();
    expect(port.current.lastCommitted('t', 0)).toBeUndefined();

    port.current.failCommits = false;
    await port.current.deliver('t', 0, values(3, 3));
    await until(() => port.current.lastCommitted('t', 0) === '4');
  });

  it('pauses a partition until its head record is due, and keeps it paused across a rebalance', async () => {
    const dueAt = Date.now() + 150;
    const due = concurrent({
      dueAt: (record: { headers: Record<string, string> }) =>
        Number(record.headers.due) || undefined,
    });
    await due.start();
    const fake = port.current;
    fake.assign({ t: [0] });

    const resolved = await fake.deliver('t', 0, [
      { offset: 5, value: { n: 5 }, headers: { due: String(dueAt) } },
    ]);
    expect(resolved).toEqual([]);
    expect(fake.pausedPartitions.has('t:0')).toBe(true);
    expect(due.isWaitingUntilDue('t', 0)).toBe(true);

    // kafkajs restarted its group internally: pause flags are gone, the state puts them back.
    fake.pausedPartitions.clear();
    fake.assign({ t: [0] });
    expect(fake.pausedPartitions.has('t:0')).toBe(true);

    // Fetched again whenever it is resumed, as kafkajs does: it is handled once due, never before.
    await until(() => {
      if (!fake.pausedPartitions.has('t:0') && !handled.includes(5)) {
        void fake.deliver('t', 0, [
          { offset: 5, value: { n: 5 }, headers: { due: String(dueAt) } },
        ]);
      }
      return handled.includes(5);
    }, 'handled when due');
    const handledAt = handledTimes.get(5);
    expect(handledAt).toBeGreaterThanOrEqual(dueAt);
    await due.stop(0);
  });

  it('pauses a partition whose buffer is full and resumes it when there is room', async () => {
    const small = concurrent({ maxBufferedPerPartition: 2 });
    await small.start();
    const fake = port.current;
    fake.assign({ t: [0] });
    gates.set(0, deferred());
    gates.set(1, deferred());

    const resolved = await fake.deliver('t', 0, values(0, 3));
    expect(resolved).toEqual(['0', '1']);
    expect(fake.pausedPartitions.has('t:0')).toBe(true);

    gates.get(0)!.resolve();
    await until(() => !fake.pausedPartitions.has('t:0'), 'resume');
    await small.stop(0);
  });

  it('defers the records of a backlogged key, so the other keys of the partition go on', async () => {
    const deferring = concurrent({
      maxInFlight: 10,
      maxInFlightPerKey: 1,
      maxQueuedPerKey: 1,
      defer: toLater,
    });
    await deferring.start();
    const fake = port.current;
    fake.assign({ t: [0] });
    gates.set(0, deferred());

    await fake.deliver('t', 0, [
      { offset: 0, value: { n: 0 }, key: 'slow' },
      { offset: 1, value: { n: 1 }, key: 'slow' },
      { offset: 2, value: { n: 2 }, key: 'slow' },
      { offset: 3, value: { n: 3 }, key: 'fast' },
    ]);
    await until(() => handled.includes(3), 'the other key');

    expect(port.sent.map(({ topic, record }) => [topic, record.headers])).toEqual([
      ['later', { from: '2' }],
    ]);
    gates.get(0)!.resolve();
    await until(() => fake.lastCommitted('t', 0) === '4', 'commit past the deferred record');
    expect([...handled].sort()).toEqual([0, 1, 3]);
    await deferring.stop(0);
  });

  it('defers the queue of a key that turned slow after its records were taken in', async () => {
    const sweeping = concurrent({
      maxInFlight: 10,
      maxInFlightPerKey: 1,
      maxQueuedPerKey: 1,
      slowAfterMs: 50,
      defer: toLater,
    });
    await sweeping.start();
    const fake = port.current;
    fake.assign({ t: [0] });
    gates.set(0, deferred());

    await fake.deliver(
      't',
      0,
      [0, 1, 2, 3, 4].map((offset) => ({ offset, value: { n: offset }, key: 'turned-slow' })),
    );
    expect(port.sent).toEqual([]);

    await until(() => port.sent.length === 3, 'the backlog deferred');
    expect(port.sent.map(({ record }) => record.headers?.from)).toEqual(['2', '3', '4']);
    gates.get(0)!.resolve();
    await until(() => fake.lastCommitted('t', 0) === '5', 'commit past all five');
    expect([...handled].sort()).toEqual([0, 1]);
    await sweeping.stop(0);
  });

  it('runs a key its handler reports failing one record at a time, and defers its backlog', async () => {
    let running = 0;
    let mostRunning = 0;
    const failingSaid: boolean[] = [];
    const failing = concurrent({
      maxInFlight: 10,
      maxInFlightPerKey: 4,
      maxQueuedPerKey: 2,
      slowAfterMs: 60_000,
      defer: (record, key) => {
        failingSaid.push(key.failing);
        return toLater(record);
      },
      handler: async (record: DecodedRecord<Value>, context: StreamContext) => {
        const counted = record.key === 'reset';
        if (counted) running += 1;
        mostRunning = Math.max(mostRunning, running);
        await tick();
        if (counted) running -= 1;
        handled.push(record.value.n);
        context.reportKey(record.key === 'reset' ? 'failed' : 'succeeded');
      },
    });
    await failing.start();
    const fake = port.current;
    fake.assign({ t: [0] });

    // Four fail at once (its full limit), which makes it failing.
    await fake.deliver(
      't',
      0,
      [0, 1, 2, 3].map((offset) => ({ offset, value: { n: offset }, key: 'reset' })),
    );
    await until(() => handled.length === 4, 'the first four');
    expect(mostRunning).toBe(4);
    mostRunning = 0;

    // Then one at a time: two wait, the rest goes elsewhere; another key is not held up.
    await fake.deliver('t', 0, [
      ...[4, 5, 6, 7, 8, 9].map((offset) => ({ offset, value: { n: offset }, key: 'reset' })),
      { offset: 10, value: { n: 10 }, key: 'healthy' },
    ]);
    await until(() => fake.lastCommitted('t', 0) === '11', 'commit past all of them');
    expect(mostRunning).toBe(1);
    expect(port.sent.map(({ record }) => record.headers?.from)).toEqual(['7', '8', '9']);
    expect(failingSaid).toEqual([true, true, true]);
    expect([...handled].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 10]);
    await failing.stop(0);
  });

  it('lets a fast key with a burst wait its turn instead of deferring it', async () => {
    const patient = concurrent({
      maxInFlight: 10,
      maxInFlightPerKey: 1,
      maxQueuedPerKey: 1,
      slowAfterMs: 60_000,
      defer: () => ({ topic: 'later', record: { key: 'x', value: null } }),
    });
    await patient.start();
    port.current.assign({ t: [0] });

    await port.current.deliver('t', 0, [
      { offset: 0, value: { n: 0 }, key: 'busy' },
      { offset: 1, value: { n: 1 }, key: 'busy' },
      { offset: 2, value: { n: 2 }, key: 'busy' },
    ]);
    await until(() => handled.length === 3, 'all three, one after another');
    expect(port.sent).toEqual([]);
    await patient.stop(0);
  });

  it('dead-letters a record its decoder refuses, and commits past it', async () => {
    await port.current.deliver('t', 0, [
      { offset: 0, value: { n: 'not a number' }, key: 'k' },
      { offset: 1, value: { n: 1 }, key: 'k' },
    ]);
    await until(() => port.current.lastCommitted('t', 0) === '2');

    expect(handled).toEqual([1]);
    expect(port.sent).toHaveLength(1);
    expect(port.sent[0]?.topic).toBe('hookstream.deliveries.dlq');
    expect(port.sent[0]?.record.headers).toMatchObject({
      'hookstream-invalid-reason': 'schema',
      'hookstream-original-topic': 't',
      'hookstream-original-offset': '0',
    });
  });

  it('replaces a crashed consumer that does not restart itself, keeping its pauses', async () => {
    const dueAt = Date.now() + 60_000;
    const due = concurrent({
      dueAt: (record: { headers: Record<string, string> }) =>
        Number(record.headers.due) || undefined,
    });
    await due.start();
    const crashed = port.current;
    crashed.assign({ t: [0] });
    await crashed.deliver('t', 0, [
      { offset: 5, value: { n: 5 }, headers: { due: String(dueAt) } },
    ]);

    crashed.emit(EVENTS.CRASH, { error: new Error('Connection error'), restart: false });
    expect(due.health().ready).toBe(false);
    await until(() => port.current !== crashed, 'a new consumer');
    const replacement = port.current;
    replacement.assign({ t: [0] });

    expect(crashed.disconnected).toBe(true);
    expect(replacement.pausedPartitions.has('t:0')).toBe(true);
    expect(due.health()).toEqual({ live: true, ready: true });
    await due.stop(0);
  });

  it('goes on with a kept partition when the group’s committed offsets never come', async () => {
    const quick = new StreamConsumer<Value>(
      port,
      {
        mode: 'concurrent',
        groupId: 'g',
        topics: ['t'],
        decoder,
        invalidRecords: 'dead-letter',
        maxInFlight: 10,
        maxInFlightPerKey: 10,
        maxBufferedPerPartition: 10,
        handler: (record: DecodedRecord<Value>) => {
          handled.push(record.value.n);
          return Promise.resolve();
        },
      },
      { ...SETTINGS, sessionTimeoutMs: 50, heartbeatIntervalMs: 10 },
    );
    await quick.start();
    port.current.assign({ t: [0] });
    await port.current.deliver('t', 0, values(10, 11));
    await until(() => port.current.lastCommitted('t', 0) === '12');

    port.committedNeverAnswers = true;
    port.current.assign({ t: [0] });
    // Without a bound this batch, and kafkajs's runner with it, would wait for good.
    await port.current.deliver('t', 0, values(12, 13));
    await within(2_000, () => handled.includes(13), 'record 13 handled');
    expect(handled).toEqual([10, 11, 12, 13]);
    await quick.stop(0);
  });

  /**
   * A batch consumer on a clock the test moves, whose consumer `goQuiet` silences after its
   * first join; resolves once the watch has replaced it (not before a join's time plus a session).
   */
  async function replacedAfterSilence(goQuiet: (consumer: FakeConsumer) => void) {
    let now = 1_000_000;
    const watched = clockedBatchConsumer(port, () => now, { ...SETTINGS, heartbeatIntervalMs: 5 });
    await watched.start();
    const quiet = port.current;
    quiet.assign({ t: [0] });
    expect(watched.health()).toEqual({ live: true, ready: true });
    goQuiet(quiet);

    // A rebalance (or kafkajs's own restart) may keep it from the brokers up to the rebalance
    // timeout: no replacement yet.
    now += 2 * SETTINGS.sessionTimeoutMs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(port.current).toBe(quiet);

    // No heartbeat, fetch or join for the rebalance timeout and a session timeout more.
    now += SETTINGS.sessionTimeoutMs + 1;
    await within(2_000, () => port.current !== quiet, 'a new consumer');
    expect(quiet.disconnected).toBe(true);
    expect(watched.health().ready).toBe(false);
    const health = watched.health();
    port.current.assign({ t: [0] });
    expect(watched.health()).toEqual({ live: true, ready: true });
    await watched.stop(0);
    return health;
  }

  it('replaces a consumer that went silent for longer than a join may take', async () => {
    await replacedAfterSilence(() => undefined);
  });

  it('replaces a consumer kafkajs said it would restart, when that restart never comes', async () => {
    const health = await replacedAfterSilence((consumer) =>
      consumer.emit(EVENTS.CRASH, { error: new Error('Connection error'), restart: true }),
    );
    // Down since the crash, longer than a session: an orchestrator would restart the pod too.
    expect(health.live).toBe(false);
  });

  it('commits work that finished while it was not a member only once it has joined again', async () => {
    const crashed = port.current;
    gates.set(3, deferred());
    await crashed.deliver('t', 0, values(0, 3));
    await until(() => crashed.lastCommitted('t', 0) === '3');

    crashed.emit(EVENTS.CRASH, { error: new Error('Connection error'), restart: false });
    await until(() => port.current !== crashed, 'a new consumer');
    const replacement = port.current;
    gates.get(3)!.resolve();
    await until(() => handled.length === 4);
    await tick();
    // kafkajs drops commits of a consumer that has not joined: none may be sent (or believed).
    expect(replacement.commits).toEqual([]);

    // Joined, but kafkajs's runner has not fetched yet: it would drop a commit silently.
    replacement.assign({ t: [0] }, { fetch: false });
    await tick();
    expect(replacement.commits).toEqual([]);

    replacement.emit(EVENTS.FETCH, {});
    await until(() => replacement.lastCommitted('t', 0) === '4', 'commit after the first fetch');
  });

  it('starts no queued record while it is not a member, and starts them once it has joined', async () => {
    const one = concurrent({ maxInFlight: 1 });
    await one.start();
    const crashed = port.current;
    crashed.assign({ t: [0] });
    gates.set(0, deferred());
    await crashed.deliver('t', 0, values(0, 2));

    crashed.emit(EVENTS.CRASH, { error: new Error('Connection error'), restart: false });
    gates.get(0)!.resolve();
    await until(() => handled.length === 1);
    await tick();
    await tick();
    expect(handled).toEqual([0]);

    await until(() => port.current !== crashed, 'a new consumer');
    port.current.assign({ t: [0] });
    await until(() => handled.length === 3, 'the queued records');
    await one.stop(0);
  });

  it('holds new work while it rejoins, but not for longer than a join normally takes', async () => {
    const rejoining = concurrent(
      { maxInFlightPerKey: 1 },
      { ...SETTINGS, heartbeatIntervalMs: 200 },
    );
    await rejoining.start();
    const fake = port.current;
    fake.assign({ t: [0] });
    gates.set(100, deferred());
    await fake.deliver(
      't',
      0,
      [100, 101, 102].map((n) => ({ offset: n, value: { n }, key: 'k' })),
    );

    fake.emit(EVENTS.REBALANCING, {});
    gates.get(100)!.resolve();
    await until(() => handled.includes(100), 'the record under way finished');
    expect(handled).toEqual([100]);

    // No join three heartbeats (600 ms) in: what was taken in goes on.
    await within(2_000, () => handled.length === 3, 'the held records handled');
    expect(handled).toEqual([100, 101, 102]);
    await rejoining.stop(0);
  });

  it('commits at once when a rebalance begins', async () => {
    const slowCommits = new StreamConsumer<Value>(
      port,
      {
        mode: 'concurrent',
        groupId: 'g',
        topics: ['t'],
        decoder,
        invalidRecords: 'skip',
        maxInFlight: 10,
        maxInFlightPerKey: 10,
        maxBufferedPerPartition: 10,
        handler: () => Promise.resolve(),
      },
      { ...SETTINGS, commitIntervalMs: 60_000 },
    );
    await slowCommits.start();
    const fake = port.current;
    fake.assign({ t: [0] });
    await fake.deliver('t', 0, values(0, 6));
    await tick();
    expect(fake.lastCommitted('t', 0)).toBeUndefined();

    fake.emit(EVENTS.REBALANCING, {});
    await until(() => fake.lastCommitted('t', 0) === '7', 'commit before the rebalance');
    await slowCommits.stop(0);
  });
});

describe('StreamConsumer in batch mode', () => {
  let port: FakePort;
  let batches: Array<DecodedBatch<Value>>;
  let failures: number;

  function batchConsumer(overrides: Partial<StreamOptions<Value>> = {}): StreamConsumer<Value> {
    return new StreamConsumer<Value>(port, batchOptions(overrides), SETTINGS);
  }

  function batchOptions(overrides: Partial<StreamOptions<Value>> = {}): StreamOptions<Value> {
    return {
      mode: 'batch',
      groupId: 'g',
      topics: ['t'],
      decoder,
      invalidRecords: 'invalid-topic',
      retryBackoffMs: 1,
      handler: (batch: DecodedBatch<Value>) => {
        if (failures > 0) {
          failures -= 1;
          return Promise.reject(new Error('database away'));
        }
        batches.push(batch);
        return Promise.resolve();
      },
      ...overrides,
    } as StreamOptions<Value>;
  }

  beforeEach(() => {
    port = new FakePort();
    batches = [];
    failures = 0;
  });

  it('hands over batches of at most maxBatchRecords and commits each once handled', async () => {
    const consumer = batchConsumer({ maxBatchRecords: 2 });
    await consumer.start();
    port.current.assign({ t: [0] });

    await port.current.deliver('t', 0, values(0, 4));

    expect(batches.map((batch) => batch.records.map((record) => record.value.n))).toEqual([
      [0, 1],
      [2, 3],
      [4],
    ]);
    expect(batches.map((batch) => batch.nextOffset)).toEqual(['2', '4', '5']);
    await until(() => port.current.lastCommitted('t', 0) === '5');
    await consumer.stop(0);
  });

  it('fetches as soon as a byte is there unless told to wait for more', async () => {
    const eager = batchConsumer();
    await eager.start();
    const patient = batchConsumer({ fetch: { minBytes: 65_536, maxWaitMs: 200 } });
    await patient.start();

    expect(
      port.configs.map(({ minBytes, maxWaitTimeInMs }) => ({ minBytes, maxWaitTimeInMs })),
    ).toEqual([
      { minBytes: 1, maxWaitTimeInMs: 100 },
      { minBytes: 65_536, maxWaitTimeInMs: 200 },
    ]);
    await eager.stop(0);
    await patient.stop(0);
  });

  it('replaces a consumer whose commits the group refuses for longer than a session', async () => {
    let now = 1_000_000;
    const refused = clockedBatchConsumer(port, () => now);
    await refused.start();
    const lost = port.current;
    lost.assign({ t: [0] });
    lost.failCommits = true; // "The coordinator is not aware of this member"

    // Refused once: a rejoin may be on its way.
    await lost.deliver('t', 0, values(0, 1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(port.current).toBe(lost);

    // Still refused a session timeout later, with no join meanwhile.
    now += SETTINGS.sessionTimeoutMs + 1;
    await lost.deliver('t', 0, values(2, 2));
    await within(2_000, () => port.current !== lost, 'a new consumer');
    expect(lost.disconnected).toBe(true);
    expect(refused.health().ready).toBe(false);
    port.current.assign({ t: [0] });
    await until(() => port.current.lastCommitted('t', 0) === '3');
    await refused.stop(0);
  });

  it('retries a failed handler without forwarding the invalid records again', async () => {
    const consumer = batchConsumer();
    await consumer.start();
    port.current.assign({ t: [0] });
    failures = 2;

    await port.current.deliver('t', 0, [
      { offset: 0, value: 'garbage' },
      { offset: 1, value: { n: 1 } },
    ]);

    expect(port.sent.map((entry) => entry.topic)).toEqual(['hookstream.events.invalid']);
    expect(port.sent[0]?.record.headers).toMatchObject({ 'hookstream-invalid-reason': 'schema' });
    expect(batches).toHaveLength(1);
    await until(() => port.current.lastCommitted('t', 0) === '2');
    await consumer.stop(0);
  });

  it('gives a batch up when the fetch goes stale, and takes it again when fetched again', async () => {
    const consumer = batchConsumer();
    await consumer.start();
    port.current.assign({ t: [0] });
    failures = 1;

    await port.current.deliver('t', 0, values(0, 1), { stale: () => true });
    expect(batches).toHaveLength(0);

    await port.current.deliver('t', 0, values(0, 1));
    expect(batches.map((batch) => batch.records.length)).toEqual([2]);
    await consumer.stop(0);
  });

  it('joins with the static group instance id, except as a view that never commits', async () => {
    const settings = { ...SETTINGS, groupInstanceId: 'delivery-7f9c' };
    const member = new StreamConsumer<Value>(port, batchOptions(), settings);
    const view = new StreamConsumer<Value>(port, batchOptions({ commits: false }), settings);
    await member.start();
    await view.start();

    expect(port.configs.map((config) => config.groupInstanceId)).toEqual([
      'delivery-7f9c',
      undefined,
    ]);
    await member.stop(0);
    await view.stop(0);
  });

  it('stops for good when a newer process took its group instance id', async () => {
    let now = 1_000_000;
    const fenced = new StreamConsumer<Value>(
      port,
      batchOptions(),
      { ...SETTINGS, groupInstanceId: 'delivery-1' },
      () => now,
    );
    await fenced.start();
    const original = port.current;
    original.assign({ t: [0] });
    const error = Object.assign(new Error('The broker rejected this static consumer'), {
      type: 'FENCED_INSTANCE_ID',
    });
    original.emit(EVENTS.CRASH, { error: new Error('crashed', { cause: error }), restart: false });
    await tick();

    // A replacement would fence the newer process in turn: none, even after a long silence.
    now += 10 * SETTINGS.sessionTimeoutMs;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(port.consumers).toHaveLength(1);
    expect(original.disconnected).toBe(true);
    expect(fenced.health()).toEqual({ live: false, ready: false });
    await fenced.stop(0);
  });

  it('describes a partition it holds: its buffer, pauses and what it may commit', async () => {
    const consumer = batchConsumer();
    await consumer.start();
    port.current.assign({ t: [0] });
    await port.current.deliver('t', 0, values(0, 1));
    await until(() => port.current.lastCommitted('t', 0) === '2');

    expect(consumer.describePartition('t', 0)).toMatchObject({
      member: true,
      restartPending: false,
      partition: { assigned: true, revoked: false, inFlight: 0, committed: '2' },
    });
    expect(consumer.describePartition('t', 5)).toMatchObject({ partition: undefined });
    await consumer.stop(0);
  });

  it('never commits when it is a view with commits off', async () => {
    const consumer = batchConsumer({ commits: false });
    await consumer.start();
    port.current.assign({ t: [0] });

    await port.current.deliver('t', 0, values(0, 3));
    await tick();

    expect(batches).toHaveLength(1);
    expect(port.current.commits).toEqual([]);
    await consumer.stop(0);
  });
});

describe('StreamConsumer health', () => {
  it('is ready only as a member in contact with the brokers, and not live when down too long', async () => {
    let now = 1_000_000;
    const port = new FakePort();
    const consumer = clockedBatchConsumer(port, () => now);
    await consumer.start();
    expect(consumer.health()).toEqual({ live: true, ready: false });

    port.current.assign({ t: [0] });
    expect(consumer.health()).toEqual({ live: true, ready: true });

    now += SETTINGS.sessionTimeoutMs;
    expect(consumer.health()).toEqual({ live: true, ready: false });
    port.current.emit(EVENTS.HEARTBEAT, {});
    expect(consumer.health()).toEqual({ live: true, ready: true });

    port.current.emit(EVENTS.CRASH, { error: new Error('x'), restart: true });
    expect(consumer.health()).toEqual({ live: true, ready: false });
    now += SETTINGS.sessionTimeoutMs;
    expect(consumer.health()).toEqual({ live: false, ready: false });

    port.current.assign({ t: [0] });
    expect(consumer.health()).toEqual({ live: true, ready: true });
    await consumer.stop(0);
  });
});

describe('StreamConsumer start', () => {
  const batchOptions: StreamOptions<Value> = {
    mode: 'batch',
    groupId: 'g',
    topics: ['t'],
    decoder,
    invalidRecords: 'skip',
    handler: () => Promise.resolve(),
  };

  it('tries a retriable first failure again (a topic a fresh broker does not know yet)', async () => {
    const port = new FakePort();
    const unknownTopic = Object.assign(
      new Error('This server does not host this topic-partition'),
      {
        retriable: true,
      },
    );
    port.subscribeErrors.push(unknownTopic, unknownTopic);
    const consumer = new StreamConsumer<Value>(port, batchOptions, SETTINGS);

    await consumer.start();

    expect(port.consumers).toHaveLength(3);
    expect(port.consumers[0]?.disconnected).toBe(true);
    expect(port.consumers[1]?.disconnected).toBe(true);
    expect(port.current.disconnected).toBe(false);
    await consumer.stop(0);
  });

  it('fails at once when the error will not pass by itself', async () => {
    const port = new FakePort();
    port.subscribeErrors.push(new Error('not authorized'));
    const consumer = new StreamConsumer<Value>(port, batchOptions, SETTINGS);

    await expect(consumer.start()).rejects.toThrow('not authorized');
    expect(port.consumers).toHaveLength(1);
  });
});
