import { Logger } from '@nestjs/common';
import { HookstreamMetrics } from '@app/metrics';
import {
  type ICustomPartitioner,
  type Kafka,
  type PartitionerArgs,
  type ProducerBatch,
  type RecordMetadata,
} from 'kafkajs';
import { chunkBySize, KafkaProducer } from './kafka-producer.service';

const PARTITIONS = 3;

/**
 * A kafkajs producer whose sendBatch the test holds and releases. Like kafkajs, it asks the
 * producer's partitioner where each record goes and answers the partitions written.
 */
class FakeProducer {
  readonly batches: ProducerBatch[] = [];
  failNext = 0;
  /** `topic:partition`s the next answers leave out, as kafkajs does after a leader moved. */
  leaveOut: string[][] = [];
  partitioner: ReturnType<ICustomPartitioner> | undefined;
  private release: Array<() => void> = [];
  hold = false;
  readonly events = { REQUEST: 'producer.network.request' };

  on(): void {}
  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  async sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    this.batches.push(batch);
    if (this.hold) await new Promise<void>((resolve) => this.release.push(resolve));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('broker away');
    }
    const partitionMetadata = Array.from({ length: PARTITIONS }, (_, partitionId) => ({
      partitionId,
      leader: 0,
      partitionErrorCode: 0,
      replicas: [0],
      isr: [0],
    }));
    const leftOut = new Set(this.leaveOut.shift() ?? []);
    const written = new Map<string, RecordMetadata>();
    for (const { topic, messages } of batch.topicMessages ?? []) {
      for (const message of messages) {
        const args: PartitionerArgs = { topic, partitionMetadata, message };
        const partition = this.partitioner?.(args) ?? 0;
        const id = `${topic}:${partition}`;
        if (!leftOut.has(id)) written.set(id, { topicName: topic, partition, errorCode: 0 });
      }
    }
    return [...written.values()];
  }

  releaseAll(): void {
    const waiting = this.release;
    this.release = [];
    waiting.forEach((resolve) => resolve());
  }
}

function producerOver(fake: FakeProducer, lingerMs = 0): KafkaProducer {
  const kafka = {
    producer: ({ createPartitioner }: { createPartitioner: ICustomPartitioner }) => {
      fake.partitioner = createPartitioner();
      return fake;
    },
  };
  return new KafkaProducer(kafka as unknown as Kafka, { lingerMs }, new HookstreamMetrics());
}

const record = (key: string, bytes = 10) => ({ key, value: Buffer.alloc(bytes) });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KafkaProducer', () => {
  beforeAll(() => {
    Logger.overrideLogger(false);
  });

  it('groups sends made while a request is in flight into the next request', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);
    fake.hold = true;
    const first = producer.send('a', [record('1')]);
    await tick();
    const second = producer.send('a', [record('2')]);
    const third = producer.sendToTopics([{ topic: 'b', record: record('3') }]);
    await tick();
    expect(fake.batches).toHaveLength(1);

    fake.hold = false;
    fake.releaseAll();
    await Promise.all([first, second, third]);

    expect(fake.batches).toHaveLength(2);
    expect(
      fake.batches[1]?.topicMessages?.map(({ topic, messages }) => [topic, messages.length]),
    ).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    expect(fake.batches.every((batch) => batch.acks === -1)).toBe(true);
  });

  it('says so while a produce request goes unanswered, every 10 s', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const fake = new FakeProducer();
      const producer = producerOver(fake);
      fake.hold = true;
      const sent = producer.send('a', [record('1'), record('2')]);
      await tick();
      jest.advanceTimersByTime(9_999);
      expect(warn).not.toHaveBeenCalled();
      jest.advanceTimersByTime(10_001);
      expect(warn.mock.calls.map(([entry]: unknown[]) => entry)).toEqual([
        expect.objectContaining({ msg: 'a produce request is unanswered after 10 s', records: 2 }),
        expect.objectContaining({ msg: 'a produce request is unanswered after 20 s' }),
      ]);

      fake.hold = false;
      fake.releaseAll();
      await sent;
      jest.advanceTimersByTime(60_000);
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
      jest.useRealTimers();
    }
  });

  it('lets sends made within the linger share one request', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake, 20);
    const first = producer.send('a', [record('1')]);
    const second = producer.send('a', [record('2')]);
    await tick();
    expect(fake.batches).toHaveLength(0);

    await Promise.all([first, second]);
    expect(fake.batches).toHaveLength(1);
    expect(fake.batches[0]?.topicMessages?.[0]?.messages.map((m) => m.key)).toEqual(['1', '2']);
  });

  it('does not linger once a request’s worth of records is waiting', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake, 60_000);

    await producer.send('t', [record('big', 600 * 1024)]);
    expect(fake.batches).toHaveLength(1);
  });

  it('splits what it sends into requests under 512 KiB, in order', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);

    await producer.send(
      't',
      Array.from({ length: 5 }, (_, index) => record(String(index), 200 * 1024)),
    );

    expect(
      fake.batches.map((batch) => batch.topicMessages?.[0]!.messages.map((m) => m.key)),
    ).toEqual([['0', '1'], ['2', '3'], ['4']]);
  });

  it('rejects every send of a failed request, and sendPersistently tries it again', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);
    fake.failNext = 1;
    await expect(producer.send('t', [record('x')])).rejects.toThrow('broker away');

    fake.failNext = 2;
    await producer.sendPersistently(
      [{ topic: 't', record: record('y') }],
      new AbortController().signal,
    );
    expect(fake.batches).toHaveLength(4);
  });

  it('sends again the records of partitions kafkajs left out of what it acknowledged', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);
    const records = Array.from({ length: 12 }, (_, index) => record(`key-${index}`));
    // Where the default partitioner puts them: the first answer leaves out a partition of `a`.
    await producer.send('probe', records);
    const probe = fake.batches.pop()!;
    const partitionOf = (key: string) =>
      fake.partitioner!({
        topic: 'a',
        partitionMetadata: [0, 1, 2].map((partitionId) => ({
          partitionId,
          leader: 0,
          partitionErrorCode: 0,
          replicas: [0],
          isr: [0],
        })),
        message: probe.topicMessages![0]!.messages.find((m) => m.key === key)!,
      });
    const moved = partitionOf('key-0');
    fake.leaveOut = [[`a:${moved}`]];

    await producer.sendToTopics([
      ...records.map((r) => ({ topic: 'a', record: r })),
      { topic: 'b', record: record('other') },
    ]);

    expect(fake.batches).toHaveLength(2);
    const again = fake.batches[1]!.topicMessages!;
    expect(again.map(({ topic }) => topic)).toEqual(['a']);
    expect(again[0]!.messages.map((m) => m.key)).toEqual(
      records.map((r) => r.key).filter((key) => partitionOf(key) === moved),
    );
  });

  it('rejects a send whose records kafkajs keeps leaving out', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);
    fake.leaveOut = Array.from({ length: 6 }, () => ['t:0', 't:1', 't:2']);

    await expect(producer.send('t', [record('x')])).rejects.toThrow(
      'Kafka did not acknowledge 1 records',
    );
    expect(fake.batches).toHaveLength(6);
  });

  it('gives up a persistent send once its signal aborts', async () => {
    const fake = new FakeProducer();
    const producer = producerOver(fake);
    const abort = new AbortController();
    fake.failNext = 1_000;

    const sending = producer.sendPersistently([{ topic: 't', record: record('z') }], abort.signal);
    await tick();
    abort.abort();

    await expect(sending).rejects.toThrow('broker away');
  });
});

describe('chunkBySize', () => {
  it('keeps order, closes a chunk before it would exceed the limit, and lets a big item go alone', () => {
    expect(chunkBySize([3, 3, 3, 9, 1, 1], (n) => n, 6)).toEqual([[3, 3], [3], [9], [1, 1]]);
    expect(chunkBySize([], (n: number) => n, 6)).toEqual([]);
  });
});
