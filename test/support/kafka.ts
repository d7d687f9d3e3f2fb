import { Kafka, logLevel, type Producer } from 'kafkajs';

/** A kafkajs client on the broker scripts/test.mjs started, for producing and reading like an outsider. */
export function testKafka(): Kafka {
  return new Kafka({
    clientId: 'hookstream-e2e',
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
}

export async function connectedProducer(): Promise<Producer> {
  const producer = testKafka().producer();
  await producer.connect();
  return producer;
}

/** A producer for a file's tests: connected before them, disconnected after them. */
export function useProducer(): Pick<Producer, 'send'> {
  let producer: Producer | undefined;
  beforeAll(async () => {
    producer = await connectedProducer();
  });
  afterAll(async () => {
    await producer?.disconnect();
  });
  return {
    send: (record) => {
      if (!producer) throw new Error('useProducer: sent to before its beforeAll ran');
      return producer.send(record);
    },
  };
}

export interface ReadRecord {
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
}

/** Reads a topic from the beginning until `expected` records pass `filter` (or `timeoutMs`). */
export async function readTopic(
  topic: string,
  filter: (record: ReadRecord) => boolean,
  expected: number,
  timeoutMs = 20_000,
): Promise<ReadRecord[]> {
  const consumer = testKafka().consumer({ groupId: `e2e-reader-${Date.now()}-${Math.random()}` });
  const found: ReadRecord[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ message }) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(message.headers ?? {})) {
          if (value !== undefined) headers[name] = value.toString();
        }
        const record = {
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers,
        };
        if (filter(record)) found.push(record);
        if (found.length >= expected) {
          clearTimeout(timer);
          resolve();
        }
        await Promise.resolve();
      },
    });
  });
  await consumer.disconnect();
  return found;
}

/** The consumer groups of the pipeline and the topics each reads (retry tiers of TEST_ENV). */
const PIPELINE_GROUPS: Array<[string, string[]]> = [
  ['hookstream-fanout', ['hookstream.events']],
  [
    'hookstream-delivery',
    [
      'hookstream.deliveries',
      'hookstream.deliveries.retry.1',
      'hookstream.deliveries.retry.2',
      'hookstream.deliveries.retry.3',
    ],
  ],
  ['hookstream-log-projector-deliveries', ['hookstream.deliveries']],
  ['hookstream-log-projector-attempts', ['hookstream.attempts']],
];

/**
 * Resolves once every group of the pipeline has committed everything written to its topics:
 * whatever was produced before the call has been routed, attempted and logged, so a test may
 * assert that nothing more arrives. Waits on the condition, never a fixed time.
 */
export async function pipelineSettled(timeoutMs = 30_000): Promise<void> {
  const admin = testKafka().admin();
  await admin.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const behind: string[] = [];
      for (const [groupId, topics] of PIPELINE_GROUPS) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
          const ends = new Map(
            (await admin.fetchTopicOffsets(topic)).map(({ partition, high }) => [partition, high]),
          );
          for (const { partition, offset } of partitions) {
            const end = BigInt(ends.get(partition) ?? '0');
            const committed = BigInt(offset) < 0n ? 0n : BigInt(offset);
            if (committed < end) behind.push(`${groupId} ${topic}[${partition}]`);
          }
        }
      }
      if (behind.length === 0) return;
      if (Date.now() > deadline) throw new Error(`pipeline not settled: ${behind.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}
