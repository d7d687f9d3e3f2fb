import { Logger } from '@nestjs/common';
import { type Kafka, type ProducerBatch } from 'kafkajs';
import { chunkBySize, KafkaProducer } from './kafka-producer.service';

/** A kafkajs producer whose sendBatch the test holds and releases. */
class FakeProducer {
  readonly batches: ProducerBatch[] = [];
  failNext = 0;
  failWith: Error = new Error('broker away');
  private release: Array<() => void> = [];
  hold = false;

  async connect(): Promise<void> {}
  async disconnect(): Promise<void> {}

  async sendBatch(batch: ProducerBatch): Promise<void> {
    this.batches.push(batch);
    if (this.hold) await new Promise<void>((resolve) => this.release.push(resolve));
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw this.failWith;
    }
  }

  releaseAll(): void {
    const waiting = this.release;
    this.release = [];
    waiting.forEach((resolve) => resolve());
  }
}

function producerOver(fake: FakeProducer, lingerMs = 0): KafkaProducer {
  return new KafkaProducer({ producer: () => fake } as unknown as Kafka, { lingerMs });
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

  it('asks kafkajs for no retries of its own', () => {
    const options: unknown[] = [];
    new KafkaProducer(
      {
        producer: (config: unknown) => {
          options.push(config);
          return new FakeProducer();
        },
      } as unknown as Kafka,
      { lingerMs: 0 },
    );
    expect(options).toEqual([expect.objectContaining({ retry: { retries: 0 } })]);
  });

  it('sends the whole request again after an error that may pass, then resolves', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const fake = new FakeProducer();
      const producer = producerOver(fake);
      // What kafkajs throws, with its retries off, when one broker of the request answered
      // NOT_LEADER (the others may have taken their partitions).
      fake.failWith = Object.assign(new Error('not the leader'), {
        name: 'KafkaJSNumberOfRetriesExceeded',
      });
      fake.failNext = 2;
      const sending = producer.sendToTopics([
        { topic: 'a', record: record('1') },
        { topic: 'b', record: record('2') },
      ]);
      await tick();
      expect(fake.batches).toHaveLength(1);
      await jest.advanceTimersByTimeAsync(300);
      expect(fake.batches).toHaveLength(2);
      await jest.advanceTimersByTimeAsync(600);
      await sending;

      expect(fake.batches).toHaveLength(3);
      for (const batch of fake.batches) {
        expect(batch.topicMessages?.map(({ topic, messages }) => [topic, messages.length])).toEqual(
          [
            ['a', 1],
            ['b', 1],
          ],
        );
      }
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives up a request after six tries', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    try {
      const fake = new FakeProducer();
      const producer = producerOver(fake);
      fake.failWith = Object.assign(new Error('broker away'), { retriable: true });
      fake.failNext = 1_000;
      const sending = producer.send('t', [record('x')]);
      const outcome = sending.then(
        () => 'resolved',
        (error: Error) => error.message,
      );
      await jest.advanceTimersByTimeAsync(300 + 600 + 1_200 + 2_400 + 4_800);
      expect(await outcome).toBe('broker away');
      expect(fake.batches).toHaveLength(6);
    } finally {
      jest.useRealTimers();
    }
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
