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
