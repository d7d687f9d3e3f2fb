// @ts-check
// The counting receiver, as its own process (forked by receiver.mjs) so its work neither slows
// the runner nor hides in the platform's figures. Every request's path is
// /<group>/<behaviour>/<anything>: the group is what it is counted under (a scenario run), the
// behaviour how it answers:
//   ok          204 once the body is read
//   flaky       503 on the first try of a fifth of the messages (by webhook-id), then 204
//   fail-first  503 on the first try of every message, 204 afterwards
//   hang        reads the body and never answers
//   reset       resets the connection (TCP RST) as soon as the request arrives
//   slow        200 after 14 s
//   endless     200, then a body that never ends
// A message is identified by its webhook-id header; a 2xx answered to an id that already got
// one is a duplicate.
import { createHash } from 'node:crypto';
import http from 'node:http';
import { serveHelper } from './processes.mjs';
import { parseJson } from './json.mjs';

const SLOW_ANSWER_MS = Number(process.env.RECEIVER_SLOW_MS ?? 14_000);
const ENDLESS_CHUNK = Buffer.alloc(16 * 1024, 'x');

/**
 * @typedef {object} GroupStats
 * @property {number} requests
 * @property {number} answered2xx
 * @property {number} duplicates
 * @property {Map<string, number>} tries         webhook-id → requests so far
 * @property {Map<string, number>} firstFailure  webhook-id → when its first 503 was answered
 * @property {Set<string>} delivered
 * @property {number[]} sentAt       per first 2xx: when the event was produced (data.sentAt)
 * @property {number[]} receivedAt   per first 2xx: when it arrived
 * @property {number[]} retryGaps    per fail-first id: second request − first 503 answer, ms
 * @property {Record<string, number>} byBehaviour  first 2xx receipts per behaviour
 */

/** @type {Map<string, GroupStats>} */
const groups = new Map();
/** @type {Set<import('node:net').Socket>} */
const held = new Set();

/** @param {string} name */
function groupOf(name) {
  let stats = groups.get(name);
  if (!stats) {
    stats = {
      requests: 0,
      answered2xx: 0,
      duplicates: 0,
      tries: new Map(),
      firstFailure: new Map(),
      delivered: new Set(),
      sentAt: [],
      receivedAt: [],
      retryGaps: [],
      byBehaviour: {},
    };
    groups.set(name, stats);
  }
  return stats;
}

/** A fifth of the ids, the same ones on every run. @param {string} id */
const inFlakyFifth = (id) => createHash('sha1').update(id).digest().readUInt8(0) % 5 === 0;

/**
 * @param {GroupStats} stats
 * @param {string} id
 * @param {string} behaviour
 * @param {string} body
 */
function countSuccess(stats, id, behaviour, body) {
  stats.answered2xx += 1;
  if (stats.delivered.has(id)) {
    stats.duplicates += 1;
    return;
  }
  stats.delivered.add(id);
  stats.byBehaviour[behaviour] = (stats.byBehaviour[behaviour] ?? 0) + 1;
  let sentAt = NaN;
  try {
    sentAt = Number(/** @type {{ data?: { sentAt?: number } }} */ (parseJson(body)).data?.sentAt);
  } catch {
    // not JSON: no latency for it
  }
  stats.sentAt.push(sentAt);
  stats.receivedAt.push(Date.now());
}

const server = http.createServer((request, response) => {
  const [, group = 'none', behaviour = 'ok'] = (request.url ?? '/').split('/');
  const stats = groupOf(group);
  stats.requests += 1;
  const id = String(request.headers['webhook-id'] ?? '');
  const tries = (stats.tries.get(id) ?? 0) + 1;
  stats.tries.set(id, tries);
  if (behaviour === 'reset') {
    request.socket.resetAndDestroy();
    return;
  }
  const chunks = /** @type {Buffer[]} */ ([]);
  request.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (tries === 2 && stats.firstFailure.has(id)) {
      stats.retryGaps.push(Date.now() - /** @type {number} */ (stats.firstFailure.get(id)));
    }
    switch (behaviour) {
      case 'hang':
        held.add(request.socket);
        request.socket.once('close', () => held.delete(request.socket));
        return;
      case 'slow':
        setTimeout(() => {
          if (request.socket.destroyed) return;
          countSuccess(stats, id, behaviour, body);
          response.writeHead(200).end();
        }, SLOW_ANSWER_MS);
        return;
      case 'endless': {
        countSuccess(stats, id, behaviour, body);
        response.writeHead(200, { 'content-type': 'text/plain' });
        const pump = () => {
          while (!response.destroyed && response.write(ENDLESS_CHUNK));
        };
        response.on('drain', pump);
        pump();
        return;
      }
      case 'flaky':
      case 'fail-first':
        if (tries === 1 && (behaviour === 'fail-first' || inFlakyFifth(id))) {
          stats.firstFailure.set(id, Date.now());
          response.writeHead(503).end();
          return;
        }
        break;
      default:
        break;
    }
    countSuccess(stats, id, behaviour, body);
    response.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.requestTimeout = 0;

serveHelper({
  /** @param {{ group: string }} params */
  stats: ({ group }) => {
    const stats = groupOf(group);
    return {
      requests: stats.requests,
      answered2xx: stats.answered2xx,
      distinct: stats.delivered.size,
      duplicates: stats.duplicates,
      sentAt: stats.sentAt,
      receivedAt: stats.receivedAt,
      retryGaps: stats.retryGaps,
      byBehaviour: stats.byBehaviour,
    };
  },
  /** @param {{ group: string }} params */
  counts: ({ group }) => {
    const stats = groupOf(group);
    return {
      requests: stats.requests,
      distinct: stats.delivered.size,
      duplicates: stats.duplicates,
    };
  },
  /** Drops the sockets of receivers that never answer, so clients see them close. */
  releaseHeld: () => {
    for (const socket of held) socket.destroy();
    return held.size;
  },
});

const port = Number(process.env.RECEIVER_PORT ?? 0);
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ ready: typeof address === 'object' && address ? address.port : port });
});
