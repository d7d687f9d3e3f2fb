// @ts-check
// Peer "Kafka floor": the least a Kafka-based deliverer must do — consume a batch of jobs,
// POST each, produce one attempt record per POST (acks=all), commit. No validation, no log, no
// retries. A forked helper of scripts/bench.mjs.
import { serveHelper } from '../scenarios/processes.mjs';
import { kafkaClient } from '../scenarios/load.mjs';
import { deliverSigned, peerAgent } from './peer-delivery.mjs';
import { parseJson } from '../scenarios/json.mjs';

/** @type {import('kafkajs').Consumer | undefined} */
let consumer;
/** @type {import('kafkajs').Producer | undefined} */
let producer;

/**
 * Runs `fn` over items, at most `limit` at a time.
 * @template T, R
 * @param {T[]} items
 * @param {number} limit
 * @param {(item: T) => Promise<R>} fn
 * @returns {Promise<R[]>}
 */
async function mapLimit(items, limit, fn) {
  const results = /** @type {R[]} */ (new Array(items.length));
  // One iterator shared by the workers: each takes the next item.
  const queue = items.entries();
  const worker = async () => {
    for (const [index, item] of queue) results[index] = await fn(item);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

serveHelper({
  /**
   * @param {{ brokers: string[], topic: string, attemptsTopic: string, groupId: string,
   *   partitions: number, concurrency: number }} params
   */
  start: async ({ brokers, topic, attemptsTopic, groupId, partitions, concurrency }) => {
    const kafka = kafkaClient(brokers, 'bench-kafka-floor');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic, numPartitions: partitions },
        { topic: attemptsTopic, numPartitions: partitions },
      ],
      waitForLeaders: true,
    });
    await admin.disconnect();
    const agent = peerAgent();
    producer = kafka.producer();
    await producer.connect();
    const attempts = producer;
    consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise((resolve) => consumer?.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: partitions,
      eachBatch: async (payload) => {
        const { batch } = payload;
        try {
          await floorBatch(
            batch,
            () => payload.heartbeat(),
            (offset) => payload.resolveOffset(offset),
          );
        } catch (error) {
          // kafkajs restarts the batch; say why in the peer's log.
          console.error(`floor batch ${batch.topic}/${batch.partition}: ${String(error)}`);
          throw error;
        }
      },
    });
    /**
     * @param {import('kafkajs').Batch} batch
     * @param {() => Promise<void>} heartbeat
     * @param {(offset: string) => void} resolveOffset
     */
    async function floorBatch(batch, heartbeat, resolveOffset) {
      const results = await mapLimit(batch.messages, concurrency, async (message) => {
        const job = /** @type {{ url: string, messageId: string, body: string }} */ (
          parseJson(String(message.value))
        );
        const status = await deliverSigned(agent, job.url, job.messageId, job.body);
        return {
          key: job.messageId,
          value: JSON.stringify({ messageId: job.messageId, status }),
        };
      });
      await attempts.send({ topic: attemptsTopic, acks: -1, messages: results });
      const last = batch.messages[batch.messages.length - 1];
      if (last) {
        // Resolving moves the fetch position on; the commit makes it durable.
        resolveOffset(last.offset);
        await consumer?.commitOffsets([
          {
            topic: batch.topic,
            partition: batch.partition,
            offset: String(BigInt(last.offset) + 1n),
          },
        ]);
      }
      await heartbeat();
    }
    await joined;
    return true;
  },
  stop: async () => {
    await consumer?.disconnect();
    await producer?.disconnect();
    return true;
  },
});
