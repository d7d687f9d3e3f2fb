// @ts-check
// Traffic for the scenarios: events produced to Kafka (a burst, or a steady rate) and a closed
// loop of HTTP clients. Every event carries `data.sentAt` (epoch ms), so the receiver can tell
// the end-to-end latency of each delivery.
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'undici';

/** @typedef {import('kafkajs').Producer} Producer */
/** @typedef {import('kafkajs').Message} Message */
/**
 * What the traffic functions send through: a kafkajs producer, or the chaos runner's
 * FaultTolerantProducer.
 * @typedef {{ send(record: { topic: string, acks?: number, messages: Message[] }): Promise<unknown> }} RecordSender
 */

/**
 * A kafkajs client that stays quiet (the runner reports what matters).
 * @param {string[]} brokers
 * @param {string} clientId
 */
export function kafkaClient(brokers, clientId) {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING });
}

/**
 * A producer for load: idempotent, so the broker drops a retried send it already has — the
 * receiver's duplicate count is then the platform's, not the load generator's.
 * @param {Kafka} kafka
 */
export async function loadProducer(kafka) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}

/**
 * Sends until the broker acknowledges: a load generator must not lose its own records while a
 * broker restarts (idempotence makes the retries safe).
 * @param {RecordSender} producer
 * @param {string} topic
 * @param {Message[]} messages
 * @param {{ stopAt?: number }} [options]
 */
export async function sendReliably(producer, topic, messages, { stopAt = Infinity } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await producer.send({ topic, acks: -1, messages });
      return attempt;
    } catch (error) {
      if (Date.now() > stopAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
    }
  }
}

/**
 * Produces `count` records as fast as the broker takes them, in batches.
 * @param {RecordSender} producer
 * @param {string} topic
 * @param {number} count
 * @param {(index: number, sentAt: number) => Message} make
 * @param {number} [batchSize]
 */
export async function produceBurst(producer, topic, count, make, batchSize = 500) {
  const inFlight = [];
  for (let offset = 0; offset < count; offset += batchSize) {
    const sentAt = Date.now();
    const messages = [];
    for (let index = offset; index < Math.min(count, offset + batchSize); index += 1) {
      messages.push(make(index, sentAt));
    }
    inFlight.push(sendReliably(producer, topic, messages));
    if (inFlight.length >= 4) await inFlight.shift();
  }
  await Promise.all(inFlight);
}

/**
 * Produces at a steady rate for a while: every tick, the records due by now are sent in one
 * request, without waiting for the previous one (an open loop: a slow broker does not slow the
 * offered load, it shows up as latency).
 * @param {RecordSender} producer
 * @param {string} topic
 * @param {{ rate: number, durationMs: number, make: (index: number, sentAt: number) => Message,
 *   tickMs?: number, stopSignal?: AbortSignal }} options
 * @returns {Promise<{ sent: number, startedAt: number, endedAt: number, sendAttempts: number }>}
 */
export async function produceSteady(
  producer,
  topic,
  { rate, durationMs, make, tickMs = 10, stopSignal },
) {
  const startedAt = Date.now();
  const total = Math.round((rate * durationMs) / 1000);
  let sent = 0;
  let sendAttempts = 0;
  /** @type {Set<Promise<void>>} */
  const inFlight = new Set();
  while (sent < total && !stopSignal?.aborted) {
    const due = Math.min(total, Math.floor(((Date.now() - startedAt) * rate) / 1000));
    if (due > sent) {
      const sentAt = Date.now();
      const messages = [];
      for (let index = sent; index < due; index += 1) messages.push(make(index, sentAt));
      sent = due;
      const pending = sendReliably(producer, topic, messages).then((attempts) => {
        sendAttempts += attempts;
        inFlight.delete(pending);
      });
      inFlight.add(pending);
    }
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  const endedAt = Date.now();
  await Promise.all(inFlight);
  return { sent, startedAt, endedAt, sendAttempts };
}

/**
 * @typedef {object} HttpLoadResult
 * @property {number} requests
 * @property {number} succeeded   2xx answers
 * @property {Record<string, number>} failures  by status or error code
 * @property {number} elapsedMs
 * @property {number[]} latenciesMs  of the successful requests
 */

/**
 * A closed loop of `concurrency` clients on one connection each: every client sends its next
 * request when the previous one is answered, until `total` requests were sent or `durationMs`
 * passed.
 * @param {{ origin: string, concurrency: number, total?: number, durationMs?: number,
 *   request: (index: number) => { path: string, method?: import('undici').Dispatcher.HttpMethod,
 *   headers?: Record<string, string>, body?: string } }} options
 * @returns {Promise<HttpLoadResult>}
 */
export async function httpLoad({
  origin,
  concurrency,
  total = Infinity,
  durationMs = Infinity,
  request,
}) {
  const pool = new Pool(origin, {
    connections: concurrency,
    pipelining: 1,
    keepAliveTimeout: 30_000,
  });
  const started = performance.now();
  const stopAt = started + durationMs;
  /** @type {number[]} */
  const latenciesMs = [];
  /** @type {Record<string, number>} */
  const failures = {};
  let next = 0;
  let succeeded = 0;
  const client = async () => {
    while (next < total && performance.now() < stopAt) {
      const index = next;
      next += 1;
      const { path, method = 'POST', headers, body } = request(index);
      const sent = performance.now();
      try {
        const response = await pool.request({ path, method, headers, body });
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) {
          succeeded += 1;
          latenciesMs.push(performance.now() - sent);
        } else {
          failures[response.statusCode] = (failures[response.statusCode] ?? 0) + 1;
        }
      } catch (error) {
        const code = /** @type {{ code?: string }} */ (error).code ?? 'error';
        failures[code] = (failures[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return { requests: next, succeeded, failures, elapsedMs, latenciesMs };
}
