// @ts-check
// Peer "limit": an undici Pool POSTing straight at the receiver — the machine's raw HTTP rate.
// A forked helper of scripts/bench.mjs, so its CPU time is its own.
import { serveHelper } from '../scenarios/processes.mjs';
import { distribution } from '../scenarios/stats.mjs';
import { httpLoad } from '../scenarios/load.mjs';
import { webhookBody } from './peer-delivery.mjs';

serveHelper({
  /**
   * @param {{ origin: string, path: string, total?: number, durationMs?: number,
   *   concurrency: number, tag: string }} params
   */
  run: async ({ origin, path, total, durationMs, concurrency, tag }) => {
    const result = await httpLoad({
      origin,
      concurrency,
      total,
      durationMs,
      request: (index) => {
        const messageId = `msg_${tag}_${index}`;
        return {
          path,
          headers: { 'content-type': 'application/json', 'webhook-id': messageId },
          body: webhookBody({
            messageId,
            webhookId: 'wh_limit',
            company: 'limit',
            eventId: `evt_${index}`,
            data: { index, sentAt: Date.now() },
          }),
        };
      },
    });
    return {
      requests: result.requests,
      succeeded: result.succeeded,
      failures: result.failures,
      elapsedMs: result.elapsedMs,
      latencyMs: distribution(result.latenciesMs),
    };
  },
});
