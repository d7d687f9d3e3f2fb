// @ts-check
// Peer "hand-rolled queue worker": what a team writes instead of Hookstream — BullMQ on Redis,
// one job per delivery, the same retry schedule, signing and timeout. A forked helper of
// scripts/bench.mjs; the runner enqueues, this process works the queue.
import { Worker } from 'bullmq';
import { serveHelper } from '../scenarios/processes.mjs';
import { deliverSigned, peerAgent } from './peer-delivery.mjs';

/** @type {Worker | undefined} */
let worker;

serveHelper({
  /**
   * @param {{ queue: string, prefix: string, redis: { host: string, port: number },
   *   concurrency: number, scheduleMs: number[], timeoutMs: number }} params
   */
  start: async ({ queue, prefix, redis, concurrency, scheduleMs, timeoutMs }) => {
    const agent = peerAgent(timeoutMs);
    worker = new Worker(
      queue,
      async (
        /** @type {import('bullmq').Job<{ url: string, messageId: string, body: string }>} */ job,
      ) => {
        const { url, messageId, body } = job.data;
        const status = await deliverSigned(agent, url, messageId, body, timeoutMs);
        if (status < 200 || status >= 300) throw new Error(`HTTP ${status || 'error'}`);
      },
      {
        connection: { ...redis, maxRetriesPerRequest: null },
        prefix,
        concurrency,
        settings: {
          // The Nth retry waits the Nth delay of the schedule, like Hookstream's retry tiers.
          backoffStrategy: (attemptsMade) =>
            // BullMQ asks from the first retry on (attemptsMade >= 1), so this always finds one.
            scheduleMs[Math.min(attemptsMade, scheduleMs.length) - 1] ?? 0,
        },
      },
    );
    await worker.waitUntilReady();
    return true;
  },
  stop: async () => {
    await worker?.close();
    return true;
  },
});
