// @ts-check
// The chaos runner's load generator must not lose, duplicate or stop producing its own records
// while brokers restart, or the platform gets blamed for the generator's faults (and a wedged
// generator hangs the run: `cluster-broker-kill` did, behind a stream of
// OutOfOrderSequenceException on every broker).
//
// kafkajs's idempotent producer wedges after a leader change: a request for several partitions
// that fails for one of them (NOT_LEADER) has already advanced every partition's sequence
// number, so kafkajs's retry writes the partitions that had succeeded a second time and leaves
// a gap in the failed one, which every broker then refuses for good (OUT_OF_ORDER_SEQUENCE_NUMBER,
// non-retriable). So this producer sends one partition per request (a failure is all or
// nothing), one request per partition at a time, and retries the same batch itself; when the
// broker refuses the producer's sequence state it starts a new producer (a new producer id,
// sequences from 0): the refused batch was not written, so nothing is doubled.
import { Partitioners } from 'kafkajs';

/** @typedef {import('kafkajs').Message} Message */

/** Broker answers that mean the producer's idempotence state is unusable: start a new one. */
const PRODUCER_STATE_ERRORS = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);

/**
 * True when `error` (or an error it wraps) says the producer's sequence state was refused.
 * @param {unknown} error
 */
export function isProducerStateError(error) {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const { type, cause, originalError } =
      /** @type {{ type?: string, cause?: unknown, originalError?: unknown }} */ (current);
    if (type && PRODUCER_STATE_ERRORS.has(type)) return true;
    current = cause ?? originalError;
  }
  return false;
}

/**
 * Splits messages over `partitions` partitions, round robin from `start` (the load carries no
 * keys that matter for ordering), and returns the groups and where the next call starts.
 * @param {Message[]} messages
 * @param {number} partitions
 * @param {number} start
 * @returns {{ groups: Map<number, Message[]>, next: number }}
 */
export function splitByPartition(messages, partitions, start) {
  /** @type {Map<number, Message[]>} */
  const groups = new Map();
  let next = start % partitions;
  for (const message of messages) {
    const group = groups.get(next) ?? [];
    group.push({ ...message, partition: next });
    groups.set(next, group);
    next = (next + 1) % partitions;
  }
  return { groups, next };
}

/**
 * @typedef {object} Pending
 * @property {Message[]} messages
 * @property {() => void} resolve
 * @property {(error: Error) => void} reject
 */

export class FaultTolerantProducer {
  /** @type {import('kafkajs').Producer | undefined} */
  #producer;
  /** @type {Promise<void> | undefined} */
  #replacing;
  /** @type {Map<string, Promise<number>>} */
  #partitionCounts = new Map();
  /** @type {Map<string, Pending[]>} */
  #queues = new Map();
  /** @type {Set<string>} */
  #flushing = new Set();
  #nextPartition = 0;
  #closed = false;
  /** What the runner reports: how often the producer was replaced and requests failed. */
  stats = { replacements: 0, failedRequests: 0 };

  /**
   * @param {import('kafkajs').Kafka} kafka
   * @param {{ maxBatch?: number, maxRetryDelayMs?: number }} [options]
   */
  constructor(kafka, { maxBatch = 1_000, maxRetryDelayMs = 1_000 } = {}) {
    this.kafka = kafka;
    this.maxBatch = maxBatch;
    this.maxRetryDelayMs = maxRetryDelayMs;
  }

  #newProducer() {
    return this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
  }

  async connect() {
    const producer = this.#newProducer();
    await producer.connect();
    this.#producer = producer;
  }

  /**
   * Resolves once every message is acknowledged by all in-sync replicas; retries on its own
   * (it rejects only when the producer is closed).
   * @param {{ topic: string, messages: Message[], acks?: number }} record
   */
  async send({ topic, messages }) {
    if (this.#closed) throw new Error('producer closed');
    const partitions = await this.#partitionCount(topic);
    const { groups, next } = splitByPartition(messages, partitions, this.#nextPartition);
    this.#nextPartition = next;
    await Promise.all(
      [...groups].map(
        ([partition, group]) =>
          new Promise((resolve, reject) => {
            const key = `${topic}\u0000${partition}`;
            const queue = this.#queues.get(key) ?? [];
            queue.push({ messages: group, resolve: () => resolve(undefined), reject });
            this.#queues.set(key, queue);
            void this.#flush(key, topic);
          }),
      ),
    );
  }

  /** @param {string} topic */
  #partitionCount(topic) {
    let count = this.#partitionCounts.get(topic);
    if (!count) {
      count = (async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
          const partitions = topics[0]?.partitions.length;
          if (!partitions) throw new Error(`topic ${topic} has no partitions`);
          return partitions;
        } finally {
          await admin.disconnect().catch(() => {});
        }
      })();
      count.catch(() => this.#partitionCounts.delete(topic));
      this.#partitionCounts.set(topic, count);
    }
    return count;
  }

  /**
   * Sends a partition's queue, one request at a time, retrying a failed batch as it was.
   * @param {string} key
   * @param {string} topic
   */
  async #flush(key, topic) {
    if (this.#flushing.has(key)) return;
    this.#flushing.add(key);
    const queue = /** @type {Pending[]} */ (this.#queues.get(key));
    try {
      while (queue.length > 0 && !this.#closed) {
        /** @type {Pending[]} */
        const batch = [];
        let size = 0;
        for (
          let next = queue[0];
          next && (batch.length === 0 || size + next.messages.length <= this.maxBatch);
          next = queue[0]
        ) {
          queue.shift();
          size += next.messages.length;
          batch.push(next);
        }
        const messages = batch.flatMap((pending) => pending.messages);
        for (let delay = 100; ; delay = Math.min(2 * delay, this.maxRetryDelayMs)) {
          if (this.#closed) {
            for (const pending of batch) pending.reject(new Error('producer closed'));
            break;
          }
          await this.#replacing;
          const producer = /** @type {import('kafkajs').Producer} */ (this.#producer);
          try {
            await producer.send({ topic, acks: -1, messages });
            for (const pending of batch) pending.resolve();
            break;
          } catch (error) {
            this.stats.failedRequests += 1;
            if (isProducerStateError(error)) this.#replace(producer);
            await new Promise((resolve) => setTimeout(resolve, delay));
          }
        }
      }
    } finally {
      this.#flushing.delete(key);
    }
    if (this.#closed) {
      for (const pending of queue.splice(0)) pending.reject(new Error('producer closed'));
    }
  }

  /**
   * Starts a new producer once for `failed` (other partitions may report the same one); the old
   * one is disconnected when its requests in flight had their time.
   * @param {import('kafkajs').Producer} failed
   */
  #replace(failed) {
    if (this.#replacing || failed !== this.#producer) return;
    this.stats.replacements += 1;
    this.#replacing = (async () => {
      for (;;) {
        const producer = this.#newProducer();
        try {
          await producer.connect();
          this.#producer = producer;
          break;
        } catch {
          await producer.disconnect().catch(() => {});
          if (this.#closed) return;
          await new Promise((resolve) => setTimeout(resolve, this.maxRetryDelayMs));
        }
      }
      setTimeout(() => void failed.disconnect().catch(() => {}), 30_000).unref();
    })().finally(() => {
      this.#replacing = undefined;
    });
  }

  async disconnect() {
    this.#closed = true;
    for (const queue of this.#queues.values()) {
      for (const pending of queue.splice(0)) pending.reject(new Error('producer closed'));
    }
    await this.#producer?.disconnect().catch(() => {});
  }
}
