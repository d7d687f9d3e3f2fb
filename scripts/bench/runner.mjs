// @ts-check
// The benchmark behind `npm run bench` (scripts/bench.mjs loads it once dependencies are
// installed). Each scenario below adds figures; the peers run as forked helpers beside it.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TABLE_HEADER, evaluateFigure, figureRows } from './figures.mjs';
import { describeRequests, parseKafkaRequests, requestsPerDelivery } from './kafka-requests.mjs';
import { webhookBody } from './peer-delivery.mjs';
import { BackendWatcher, recreateDatabase, waitForLog } from '../scenarios/database.mjs';
import {
  httpLoad,
  kafkaClient,
  loadProducer,
  produceBurst,
  produceSteady,
} from '../scenarios/load.mjs';
import { Platform, platformEnv } from '../scenarios/platform.mjs';
import { PortAllocator } from '../scenarios/ports.mjs';
import { ProcSampler } from '../scenarios/proc.mjs';
import { callHelper, forkHelper, terminate } from '../scenarios/processes.mjs';
import { summarizeProfiles } from '../scenarios/profiles.mjs';
import { Receiver } from '../scenarios/receiver.mjs';
import {
  formatNumber,
  machineDescription,
  markdownTable,
  textTable,
} from '../scenarios/report.mjs';
import { beginRun, errorText, eventRecord, runScenarios } from '../scenarios/run.mjs';
import { distribution, latencies, perSecond } from '../scenarios/stats.mjs';
import { REPO_ROOT, startKafka } from '../infra/kafka.mjs';

/** @typedef {import('./figures.mjs').Figure} Figure */

const HERE = path.dirname(fileURLToPath(import.meta.url));
const EVENTS_TOPIC = 'hookstream.events';
/** The platform's retry schedule in this run; the BullMQ peer uses the same one. */
const RETRY_SCHEDULE = '1s,5m,30m,2h,5h,10h,10h';
/** @type {[number, ...number[]]} */
const RETRY_SCHEDULE_MS = [
  1_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
];
const DELIVERY_TIMEOUT_MS = 15_000;
/** Peers get as many concurrent requests as the delivery app has slots (DELIVERY_MAX_IN_FLIGHT). */
const PEER_CONCURRENCY = 256;
const PLATFORM_PROCESSES = ['broker', 'subscriptions', 'fanout', 'delivery', 'postgres'];

const SIZES = {
  full: {
    burstOne: 20_000,
    burstTenEvents: 2_000,
    ingestMs: 20_000,
    webhooks: 10_000,
    rates: [250, 500, 1_000, 2_000],
    steadyMs: 30_000,
    retryJobs: 2_000,
    headOfLineEvents: 2_000,
  },
  quick: {
    burstOne: 5_000,
    burstTenEvents: 500,
    ingestMs: 5_000,
    webhooks: 1_000,
    rates: [500, 1_000, 2_000],
    steadyMs: 6_000,
    retryJobs: 500,
    headOfLineEvents: 400,
  },
};

/**
 * @typedef {object} Bench
 * @property {typeof SIZES.full} sizes
 * @property {boolean} quick
 * @property {string} runId
 * @property {string} runDir
 * @property {string} databaseUrl
 * @property {string[]} brokers
 * @property {Platform} platform
 * @property {Receiver} receiver
 * @property {ProcSampler} sampler
 * @property {import('kafkajs').Producer} producer
 * @property {(message: string) => void} log
 * @property {Figure[]} figures
 * @property {Record<string, unknown>} details
 * @property {Peers} peers
 * @property {{ key: string, company: string } | undefined} fanTenant
 * @property {Map<string, number>} pids  helper processes by sampler group
 */

/** The peer processes, started the first time a scenario needs each. */
class Peers {
  /** @type {Map<string, import('node:child_process').ChildProcess>} */
  #children = new Map();
  /** @type {Queue | undefined} */
  queue;

  /**
   * @param {{ runId: string, runDir: string, brokers: string[], pids: Map<string, number> }} run
   */
  constructor(run) {
    this.run = run;
    this.queueName = `bench-${run.runId}`;
    this.prefix = `hookstream-bench-${run.runId}`;
    this.floorTopic = `bench.floor.${run.runId}`;
  }

  /** @param {'limit' | 'bullmq' | 'floor'} name */
  async get(name) {
    const running = this.#children.get(name);
    if (running) return running;
    const scripts = {
      limit: 'peer-limit.mjs',
      bullmq: 'peer-bullmq.mjs',
      floor: 'peer-kafka-floor.mjs',
    };
    const child = forkHelper(path.join(HERE, scripts[name]), {
      logFile: path.join(this.run.runDir, 'logs', `peer-${name}.log`),
    });
    this.#children.set(name, child);
    if (child.pid) this.run.pids.set(`peer-${name}`, child.pid);
    if (name === 'bullmq') {
      await callHelper(child, 'start', {
        queue: this.queueName,
        prefix: this.prefix,
        redis: REDIS,
        concurrency: PEER_CONCURRENCY,
        scheduleMs: RETRY_SCHEDULE_MS,
        timeoutMs: DELIVERY_TIMEOUT_MS,
      });
      this.queue = new Queue(this.queueName, {
        connection: { ...REDIS, maxRetriesPerRequest: null },
        prefix: this.prefix,
      });
    }
    if (name === 'floor') {
      await callHelper(child, 'start', {
        brokers: this.run.brokers,
        topic: this.floorTopic,
        attemptsTopic: `${this.floorTopic}.attempts`,
        groupId: `bench-floor-${this.run.runId}`,
        partitions: 3,
        concurrency: PEER_CONCURRENCY,
      });
    }
    return child;
  }

  async stop() {
    const children = [...this.#children];
    this.#children.clear();
    for (const [name, child] of children) {
      if (name !== 'limit') await callHelper(child, 'stop', undefined, 30_000).catch(() => {});
      await terminate(child, 'SIGTERM', 10_000);
    }
    const queue = this.queue;
    this.queue = undefined;
    if (queue) {
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
    }
  }
}

const REDIS = { host: '127.0.0.1', port: 6379 };

// ---------------------------------------------------------------------------------------------
// measurements shared by the scenarios

/**
 * CPU ms per delivery of each platform process (and their total) over a window.
 * @param {Record<string, number>} cpu
 * @param {number} deliveries
 */
function cpuPerDelivery(cpu, deliveries) {
  /** @type {Record<string, number>} */
  const per = {};
  let total = 0;
  for (const group of PLATFORM_PROCESSES) {
    per[group] = (cpu[group] ?? 0) / deliveries;
    total += cpu[group] ?? 0;
  }
  return Object.assign(per, { total: total / deliveries });
}

const APPS = /** @type {const} */ (['subscriptions', 'fanout', 'delivery']);

/**
 * Each app's Kafka requests so far by API, read from its /metrics (every replica summed).
 * @param {Bench} bench
 * @returns {Promise<Record<string, import('./kafka-requests.mjs').RequestCounts>>}
 */
async function kafkaRequestCounts(bench) {
  /** @type {Record<string, import('./kafka-requests.mjs').RequestCounts>} */
  const counts = {};
  for (const name of APPS) {
    /** @type {import('./kafka-requests.mjs').RequestCounts} */
    const app = {};
    for (const replica of bench.platform.running(name)) {
      const text = await (await fetch(`${replica.url}/metrics`)).text();
      for (const [api, count] of Object.entries(parseKafkaRequests(text))) {
        app[api] = (app[api] ?? 0) + count;
      }
    }
    counts[name] = app;
  }
  return counts;
}

/**
 * Produces `events` events for a company whose webhooks all answer in `group`, waits until
 * every delivery arrived and the attempt log shows them, and measures it.
 * @param {Bench} bench
 * @param {{ company: string, group: string, events: number, expected: number, cpu?: boolean,
 *   deadlineMs?: number }} run
 */
async function platformBurst(
  bench,
  { company, group, events, expected, cpu = false, deadlineMs = Infinity },
) {
  const mark = cpu ? await bench.sampler.mark() : undefined;
  const requestsBefore = cpu ? await kafkaRequestCounts(bench) : undefined;
  const started = Date.now();
  await produceBurst(bench.producer, EVENTS_TOPIC, events, (index, sentAt) =>
    eventRecord(company, `evt_${index}`, sentAt, { index }),
  );
  const wait = await bench.receiver.waitFor(group, expected, {
    idleMs: 60_000,
    deadline: started + deadlineMs,
    onProgress: ({ distinct }) => bench.log(`  ${group}: ${distinct} of ${expected} delivered`),
  });
  const stats = await bench.receiver.stats(group);
  const lastReceipt = Math.max(...stats.receivedAt);
  const log = await waitForLog(bench.databaseUrl, company, stats.distinct, 120_000);
  const cpuMs = mark ? await bench.sampler.cpuSince(mark) : undefined;
  const requestsAfter = requestsBefore ? await kafkaRequestCounts(bench) : undefined;
  return {
    kafkaRequests:
      requestsBefore && requestsAfter
        ? Object.fromEntries(
            APPS.map((name) => [
              name,
              requestsPerDelivery(
                requestsBefore[name] ?? {},
                requestsAfter[name] ?? {},
                stats.distinct,
              ),
            ]),
          )
        : undefined,
    complete: wait.complete,
    delivered: stats.distinct,
    duplicates: stats.duplicates,
    elapsedMs: lastReceipt - started,
    perSecond: perSecond(stats.distinct, lastReceipt - started),
    latencyMs: distribution(latencies(stats.sentAt, stats.receivedAt)),
    logCompleteAfterMs: log.complete ? Date.now() - started : null,
    cpuMs,
  };
}

/**
 * The limit peer: `total` POSTs (or for `durationMs`) at `concurrency`, straight at the receiver.
 * @param {Bench} bench
 * @param {{ group: string, total?: number, durationMs?: number, concurrency: number }} run
 */
async function limitRun(bench, { group, total, durationMs, concurrency }) {
  const limit = await bench.peers.get('limit');
  const mark = await bench.sampler.mark();
  const result =
    /** @type {{ requests: number, succeeded: number, elapsedMs: number, latencyMs: import('../scenarios/stats.mjs').Distribution }} */ (
      await callHelper(limit, 'run', {
        origin: `http://127.0.0.1:${bench.receiver.port}`,
        path: `/${group}/ok/limit`,
        total,
        durationMs,
        concurrency,
        tag: group,
      })
    );
  const cpu = await bench.sampler.cpuSince(mark);
  const cpuMs = (cpu['peer-limit'] ?? 0) + (cpu.receiver ?? 0);
  return {
    ...result,
    perSecond: perSecond(result.succeeded, result.elapsedMs),
    cpuPerRequestMs: cpuMs / result.succeeded,
  };
}

/**
 * Waits for a peer's deliveries and measures them: rate, latency, retries, and CPU per delivery
 * of the processes that did the work.
 * @param {Bench} bench
 * @param {{ group: string, deliveries: number, started: number,
 *   mark: Map<number, { group: string, cpuMs: number }>, cpuGroups: string[] }} run
 */
async function peerReceipts(bench, { group, deliveries, started, mark, cpuGroups }) {
  await bench.receiver.waitFor(group, deliveries, {
    idleMs: 60_000,
    onProgress: ({ distinct, requests }) =>
      bench.log(`  ${group}: ${distinct} of ${deliveries} delivered (${requests} requests)`),
  });
  const stats = await bench.receiver.stats(group);
  const cpu = await bench.sampler.cpuSince(mark);
  const lastReceipt = Math.max(...stats.receivedAt);
  return {
    delivered: stats.distinct,
    perSecond: perSecond(stats.distinct, lastReceipt - started),
    latencyMs: distribution(latencies(stats.sentAt, stats.receivedAt)),
    retryGaps: stats.retryGaps,
    cpuPerDeliveryMs: cpuGroups.reduce((sum, name) => sum + (cpu[name] ?? 0), 0) / stats.distinct,
  };
}

/**
 * The BullMQ peer: one job per delivery enqueued in bulk, worked off by its worker process.
 * @param {Bench} bench
 * @param {{ group: string, behaviour?: 'ok' | 'fail-first', deliveries: number }} run
 */
async function bullmqBurst(bench, { group, behaviour = 'ok', deliveries }) {
  await bench.peers.get('bullmq');
  const queue = /** @type {Queue} */ (bench.peers.queue);
  const mark = await bench.sampler.mark();
  const started = Date.now();
  for (let offset = 0; offset < deliveries; offset += 1_000) {
    const sentAt = Date.now();
    const jobs = [];
    for (let index = offset; index < Math.min(deliveries, offset + 1_000); index += 1) {
      jobs.push({
        name: 'deliver',
        data: peerJob(bench, group, behaviour, index, sentAt),
        opts: {
          attempts: RETRY_SCHEDULE_MS.length + 1,
          backoff: { type: 'custom' },
          removeOnComplete: true,
          removeOnFail: true,
        },
      });
    }
    await queue.addBulk(jobs);
  }
  return peerReceipts(bench, {
    group,
    deliveries,
    started,
    mark,
    cpuGroups: ['peer-bullmq', 'redis'],
  });
}

/**
 * A floor job record: everything the floor loop needs to POST, nothing to validate.
 * @param {Bench} bench
 * @param {string} group
 * @param {number} index
 * @param {number} sentAt
 */
function floorJob(bench, group, index, sentAt) {
  return { value: JSON.stringify(peerJob(bench, group, 'ok', index, sentAt)) };
}

/**
 * One delivery for a peer: where to POST, the message id and the body Hookstream would send.
 * @param {Bench} bench
 * @param {string} group
 * @param {'ok' | 'fail-first'} behaviour
 * @param {number} index
 * @param {number} sentAt
 */
function peerJob(bench, group, behaviour, index, sentAt) {
  const messageId = `msg_${group}_${index}`;
  return {
    url: bench.receiver.url(group, behaviour, index % 10),
    messageId,
    body: webhookBody({
      messageId,
      webhookId: `wh_${index % 10}`,
      company: group,
      eventId: `evt_${index}`,
      data: { index, sentAt },
    }),
  };
}

/**
 * The Kafka floor peer on a burst of `deliveries` jobs.
 * @param {Bench} bench
 * @param {{ group: string, deliveries: number }} run
 */
async function floorBurst(bench, { group, deliveries }) {
  await bench.peers.get('floor');
  const mark = await bench.sampler.mark();
  const started = Date.now();
  await produceBurst(bench.producer, bench.peers.floorTopic, deliveries, (index, sentAt) =>
    floorJob(bench, group, index, sentAt),
  );
  return peerReceipts(bench, {
    group,
    deliveries,
    started,
    mark,
    cpuGroups: ['peer-floor', 'broker'],
  });
}

// ---------------------------------------------------------------------------------------------
// scenarios

/**
 * A burst of events: deliveries/s and latency against all three peers, and the platform's CPU
 * per delivery per process.
 * @param {Bench} bench
 * @param {{ name: string, events: number, webhooksPerEvent: number }} shape
 */
async function burst(bench, { name, events, webhooksPerEvent }) {
  const deliveries = events * webhooksPerEvent;
  const group = name;
  const tenant = await bench.platform.tenantWithWebhooks(
    bench.receiver,
    name,
    Array.from({ length: webhooksPerEvent }, () => ({
      group,
      behaviour: /** @type {const} */ ('ok'),
    })),
  );
  bench.log(`${name}: ${events} events × ${webhooksPerEvent} webhooks through Hookstream`);
  const hookstream = await platformBurst(bench, {
    company: tenant.company,
    group,
    events,
    expected: deliveries,
    cpu: true,
  });
  bench.log(`${name}: ${formatNumber(hookstream.perSecond)} deliveries/s; now the peers`);
  const limit = await limitRun(bench, {
    group: `${name}-limit`,
    total: deliveries,
    concurrency: PEER_CONCURRENCY,
  });
  const bullmq = await bullmqBurst(bench, { group: `${name}-bullmq`, deliveries });
  const floor = await floorBurst(bench, { group: `${name}-floor`, deliveries });
  bench.details[name] = { hookstream, limit, bullmq, floor };
  const cpu = cpuPerDelivery(hookstream.cpuMs ?? {}, hookstream.delivered);
  bench.figures.push(
    {
      scenario: name,
      metric: 'deliveries/s',
      unit: '/s',
      value: hookstream.perSecond,
      peers: { limit: limit.perSecond, bullmq: bullmq.perSecond, floor: floor.perSecond },
      targets: [
        { op: '>=', value: 0.2, of: 'ratio', peer: 'limit' },
        { op: '>=', value: 1, of: 'ratio', peer: 'bullmq' },
      ],
      note: hookstream.complete
        ? undefined
        : `only ${hookstream.delivered} of ${deliveries} arrived`,
    },
    {
      scenario: name,
      metric: 'event → receipt p99',
      unit: 'ms',
      value: hookstream.latencyMs.p99,
      peers: { bullmq: bullmq.latencyMs.p99, floor: floor.latencyMs.p99 },
    },
    {
      scenario: name,
      metric: 'CPU per delivery, platform',
      unit: 'ms',
      value: cpu.total,
      peers: {
        limit: limit.cpuPerRequestMs,
        bullmq: bullmq.cpuPerDeliveryMs,
        floor: floor.cpuPerDeliveryMs,
      },
      targets: [{ op: '<=', value: 0.8 }],
      note: 'limit: client + receiver; bullmq: worker + Redis; floor: loop + broker',
    },
    ...PLATFORM_PROCESSES.map((process) => ({
      scenario: name,
      metric: `CPU per delivery, ${process}`,
      unit: 'ms',
      value: cpu[process] ?? null,
      targets: process === 'broker' ? [/** @type {const} */ ({ op: '<=', value: 0.2 })] : undefined,
    })),
    // What the broker's CPU goes on: the requests each app sent it, per delivery.
    ...Object.entries(hookstream.kafkaRequests ?? {}).map(([app, requests]) => ({
      scenario: name,
      metric: `Kafka requests per delivery, ${app}`,
      unit: '',
      value: requests.total,
      note: describeRequests(requests.byApi),
    })),
  );
}

/**
 * An API route under a closed loop of `concurrency` clients, beside the limit peer with as many
 * clients; pushes its rate and latency figures.
 * @param {Bench} bench
 * @param {{ scenario: string, route: string, verb: string, key: string, concurrency: number,
 *   total?: number, durationMs?: number, body: (index: number) => unknown, target: number,
 *   latencyTarget?: number }} load
 */
async function apiUnderLoad(bench, load) {
  const { scenario, route, verb, key, concurrency, total, durationMs, body } = load;
  const [api] = bench.platform.running('subscriptions');
  if (!api) throw new Error(`${scenario}: no subscriptions app is running`);
  const result = await httpLoad({
    origin: api.url,
    concurrency,
    total,
    durationMs,
    request: (index) => ({
      path: route,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body(index)),
    }),
  });
  const limit = await limitRun(bench, {
    group: `${scenario}-limit`,
    total,
    durationMs,
    concurrency,
  });
  const latency = distribution(result.latenciesMs);
  bench.details[scenario] = { hookstream: { ...result, latenciesMs: undefined, latency }, limit };
  const failures = Object.keys(result.failures).length;
  bench.figures.push(
    {
      scenario,
      metric: `POST ${route} ${verb}/s (${concurrency} clients)`,
      unit: '/s',
      value: perSecond(result.succeeded, result.elapsedMs),
      peers: { limit: limit.perSecond },
      targets: [{ op: '>=', value: load.target }],
      note: failures ? `failures ${JSON.stringify(result.failures)}` : undefined,
    },
    .../** @type {const} */ (['p50', 'p99']).map((quantile) => ({
      scenario,
      metric: `POST ${route} ${quantile}`,
      unit: 'ms',
      value: latency[quantile],
      peers: { limit: limit.latencyMs[quantile] },
      targets:
        quantile === 'p99' && load.latencyTarget
          ? [/** @type {const} */ ({ op: '<=', value: load.latencyTarget })]
          : undefined,
    })),
  );
}

/**
 * `POST /v1/events` at 64 clients with no webhook to route to, against the raw HTTP rate of the
 * same number of clients.
 * @param {Bench} bench
 */
async function ingest(bench) {
  const key = await bench.platform.api.createTenant('ingest');
  bench.log(`ingest: POST /v1/events at 64 clients for ${bench.sizes.ingestMs / 1000} s`);
  await apiUnderLoad(bench, {
    scenario: 'ingest',
    route: '/v1/events',
    verb: 'accepted',
    key,
    concurrency: 64,
    durationMs: bench.sizes.ingestMs,
    body: (index) => ({ id: `evt_${index}`, event: 'user.create', data: { index } }),
    target: 2_000,
    latencyTarget: 50,
  });
}

/**
 * `POST /v1/webhooks` at 20 clients; the webhooks it creates are the ones fanout-10k fans to.
 * @param {Bench} bench
 */
async function webhookCreation(bench) {
  const count = bench.sizes.webhooks;
  const key = await bench.platform.api.createTenant('fan');
  bench.log(`webhooks: creating ${count} webhooks at 20 clients`);
  await apiUnderLoad(bench, {
    scenario: 'webhooks',
    route: '/v1/webhooks',
    verb: 'created',
    key,
    concurrency: 20,
    total: count,
    body: (index) => ({ url: bench.receiver.url('fan', 'ok', index) }),
    target: 500,
  });
  bench.fanTenant = { key, company: 'fan' };
}

/**
 * Steady rates for a while each, event → receipt percentiles, and whether the backlog drains
 * at once when production stops; the floor at the same rates.
 * @param {Bench} bench
 */
async function steady(bench) {
  const { rates, steadyMs } = bench.sizes;
  /** @type {Record<string, unknown>} */
  const details = {};
  for (const rate of rates) {
    const group = `steady-${rate}`;
    const tenant = await bench.platform.tenantWithWebhooks(bench.receiver, group, [
      { group, behaviour: 'ok' },
    ]);
    bench.log(`steady: ${rate} events/s for ${steadyMs / 1000} s`);
    const hookstream = await steadyRun(
      bench,
      group,
      rate,
      (index, sentAt) => eventRecord(tenant.company, `evt_${index}`, sentAt, { index }),
      EVENTS_TOPIC,
    );
    await bench.peers.get('floor');
    const floorGroup = `${group}-floor`;
    const floor = await steadyRun(
      bench,
      floorGroup,
      rate,
      (index, sentAt) => floorJob(bench, floorGroup, index, sentAt),
      bench.peers.floorTopic,
    );
    details[rate] = { hookstream, floor };
    const metric = (/** @type {string} */ name) => `${formatNumber(rate)}/s ${name}`;
    bench.figures.push(
      {
        scenario: 'steady',
        metric: metric('p50'),
        unit: 'ms',
        value: hookstream.latencyMs.p50,
        peers: { floor: floor.latencyMs.p50 },
      },
      {
        scenario: 'steady',
        metric: metric('p95'),
        unit: 'ms',
        value: hookstream.latencyMs.p95,
        peers: { floor: floor.latencyMs.p95 },
      },
      {
        scenario: 'steady',
        metric: metric('p99'),
        unit: 'ms',
        value: hookstream.latencyMs.p99,
        peers: { floor: floor.latencyMs.p99 },
        targets: rate === 1_000 ? [{ op: '<=', value: 100 }] : undefined,
      },
      {
        scenario: 'steady',
        metric: metric('max'),
        unit: 'ms',
        value: hookstream.latencyMs.max,
        peers: { floor: floor.latencyMs.max },
      },
      {
        scenario: 'steady',
        metric: metric('backlog drained after'),
        unit: 'ms',
        value: hookstream.drainMs,
        peers: { floor: floor.drainMs },
        targets: rate === 2_000 ? [{ op: '<=', value: 1_000 }] : undefined,
        note: hookstream.complete
          ? undefined
          : `only ${hookstream.delivered} of ${hookstream.sent} arrived`,
      },
    );
  }
  bench.details.steady = details;
}

/**
 * @param {Bench} bench
 * @param {string} group
 * @param {number} rate
 * @param {(index: number, sentAt: number) => import('kafkajs').Message} make
 * @param {string} topic
 */
async function steadyRun(bench, group, rate, make, topic) {
  const produced = await produceSteady(bench.producer, topic, {
    rate,
    durationMs: bench.sizes.steadyMs,
    make,
  });
  const wait = await bench.receiver.waitFor(group, produced.sent, { idleMs: 30_000 });
  const stats = await bench.receiver.stats(group);
  return {
    sent: produced.sent,
    delivered: stats.distinct,
    complete: wait.complete,
    offeredPerSecond: perSecond(produced.sent, produced.endedAt - produced.startedAt),
    drainMs: Math.max(0, Math.max(...stats.receivedAt) - produced.endedAt),
    latencyMs: distribution(latencies(stats.sentAt, stats.receivedAt)),
  };
}

/**
 * One event to every webhook of the `fan` tenant: how long until all have it.
 * @param {Bench} bench
 */
async function fanout(bench) {
  const count = bench.sizes.webhooks;
  if (!bench.fanTenant) {
    bench.log(`fanout-10k: creating ${count} webhooks first`);
    const key = await bench.platform.api.createTenant('fan');
    await bench.platform.api.createWebhooks(
      key,
      Array.from({ length: count }, (_, index) => bench.receiver.url('fan', 'ok', index)),
    );
    bench.fanTenant = { key, company: 'fan' };
  }
  bench.log(`fanout-10k: one event to ${count} webhooks`);
  const started = Date.now();
  await produceBurst(bench.producer, EVENTS_TOPIC, 1, (_, sentAt) =>
    eventRecord('fan', 'evt_fan', sentAt),
  );
  const wait = await bench.receiver.waitFor('fan', count, { idleMs: 30_000 });
  const stats = await bench.receiver.stats('fan');
  const allReceivedMs = Math.max(...stats.receivedAt) - started;
  const limit = await limitRun(bench, {
    group: 'fan-limit',
    total: count,
    concurrency: PEER_CONCURRENCY,
  });
  bench.details['fanout-10k'] = {
    webhooks: count,
    delivered: stats.distinct,
    allReceivedMs,
    limit,
  };
  bench.figures.push({
    scenario: 'fanout-10k',
    metric: `1 event → ${formatNumber(count)} webhooks, all received after`,
    unit: 'ms',
    value: allReceivedMs,
    peers: { limit: limit.elapsedMs },
    targets: [{ op: '<=', value: 2_000 }],
    note: wait.complete ? undefined : `only ${stats.distinct} of ${count} arrived`,
  });
}

/**
 * Jobs whose first attempt fails go through the 1 s retry tier: how late is the retry?
 * @param {Bench} bench
 */
async function retryLateness(bench) {
  const jobs = bench.sizes.retryJobs;
  const group = 'retry';
  const tenant = await bench.platform.tenantWithWebhooks(bench.receiver, group, [
    { group, behaviour: 'fail-first' },
  ]);
  bench.log(`retry-lateness: ${jobs} jobs through the 1 s tier`);
  await produceBurst(bench.producer, EVENTS_TOPIC, jobs, (index, sentAt) =>
    eventRecord(tenant.company, `evt_${index}`, sentAt, { index }),
  );
  await bench.receiver.waitFor(group, jobs, { idleMs: 30_000 });
  const stats = await bench.receiver.stats(group);
  const lateness = distribution(stats.retryGaps.map((gap) => gap - RETRY_SCHEDULE_MS[0]));
  const earliest = Math.min(...stats.retryGaps) - RETRY_SCHEDULE_MS[0];
  const bullmq = await bullmqBurst(bench, {
    group: 'retry-bullmq',
    behaviour: 'fail-first',
    deliveries: jobs,
  });
  const bullmqLateness = distribution(bullmq.retryGaps.map((gap) => gap - RETRY_SCHEDULE_MS[0]));
  const bullmqEarliest = Math.min(...bullmq.retryGaps) - RETRY_SCHEDULE_MS[0];
  bench.details['retry-lateness'] = {
    lateness,
    earliest,
    bullmq: { lateness: bullmqLateness, earliest: bullmqEarliest },
  };
  bench.figures.push(
    {
      scenario: 'retry-lateness',
      metric: 'lateness p50',
      unit: 'ms',
      value: lateness.p50,
      peers: { bullmq: bullmqLateness.p50 },
    },
    {
      scenario: 'retry-lateness',
      metric: 'lateness p99',
      unit: 'ms',
      value: lateness.p99,
      peers: { bullmq: bullmqLateness.p99 },
      targets: [{ op: '<=', value: 250 }],
    },
    {
      scenario: 'retry-lateness',
      metric: 'earliest retry vs due time (never early: ≥ 0)',
      unit: 'ms',
      value: earliest,
      peers: { bullmq: bullmqEarliest },
      targets: [{ op: '>=', value: 0 }],
      note: `${stats.retryGaps.length} retries measured`,
    },
  );
}

/**
 * Healthy webhooks' throughput with as many webhooks that never answer beside them, against the
 * same traffic without those.
 * @param {Bench} bench
 */
async function headOfLine(bench) {
  const events = bench.sizes.headOfLineEvents;
  const healthy = 5;
  const without = await bench.platform.tenantWithWebhooks(
    bench.receiver,
    'hol-without',
    Array.from({ length: healthy }, () => ({
      group: 'hol-without',
      behaviour: /** @type {const} */ ('ok'),
    })),
  );
  bench.log(`head-of-line: ${events} events × ${healthy} healthy webhooks, without hanging ones`);
  const baseline = await platformBurst(bench, {
    company: without.company,
    group: 'hol-without',
    events,
    expected: events * healthy,
  });
  const withHanging = await bench.platform.tenantWithWebhooks(bench.receiver, 'hol-with', [
    ...Array.from({ length: healthy }, () => ({
      group: 'hol-with',
      behaviour: /** @type {const} */ ('ok'),
    })),
    ...Array.from({ length: healthy }, () => ({
      group: 'hol-with-hang',
      behaviour: /** @type {const} */ ('hang'),
    })),
  ]);
  bench.log(`head-of-line: the same with ${healthy} webhooks that never answer beside them`);
  // Bounded: when hanging receivers block the healthy ones, waiting for all would take minutes.
  const hanging = await platformBurst(bench, {
    company: withHanging.company,
    group: 'hol-with',
    events,
    expected: events * healthy,
    deadlineMs: Math.max(30_000, 10 * (baseline.elapsedMs ?? 0)),
  });
  // Stop the hanging webhooks' retries from weighing on anything measured after this.
  for (const webhook of withHanging.webhooks.slice(healthy)) {
    await bench.platform.api.setEnabled(withHanging.key, webhook.id, false);
  }
  await bench.receiver.releaseHeld();
  bench.details['head-of-line'] = { without: baseline, with: hanging };
  bench.figures.push({
    scenario: 'head-of-line',
    metric: 'healthy deliveries/s with half the traffic hanging',
    unit: '/s',
    value: hanging.perSecond,
    peers: { without: baseline.perSecond },
    targets: [{ op: '>=', value: 0.9, of: 'ratio', peer: 'without' }],
    note: hanging.complete
      ? undefined
      : `only ${hanging.delivered} of ${events * healthy} healthy deliveries arrived`,
  });
}

const SCENARIOS = [
  {
    name: 'burst-1',
    run: (/** @type {Bench} */ bench) =>
      burst(bench, { name: 'burst-1', events: bench.sizes.burstOne, webhooksPerEvent: 1 }),
  },
  {
    name: 'burst-10',
    run: (/** @type {Bench} */ bench) =>
      burst(bench, { name: 'burst-10', events: bench.sizes.burstTenEvents, webhooksPerEvent: 10 }),
  },
  { name: 'ingest', run: ingest },
  { name: 'webhooks', run: webhookCreation },
  { name: 'steady', run: steady },
  { name: 'fanout-10k', run: fanout },
  { name: 'retry-lateness', run: retryLateness },
  // Last: its hanging webhooks hold delivery slots for DELIVERY_TIMEOUT after it ends.
  { name: 'head-of-line', run: headOfLine },
];

// ---------------------------------------------------------------------------------------------
// the run

/** @param {string} pidText */
async function redisPid(pidText) {
  const redis = new Redis({ ...REDIS, lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    const info = await redis.info('server');
    return Number(/process_id:(\d+)/.exec(info)?.[1] ?? pidText);
  } finally {
    redis.disconnect();
  }
}

/**
 * Runs the benchmark; resolves with the exit code.
 * @param {string[]} argv
 */
export async function runBench(argv) {
  const run = beginRun({
    kind: 'bench',
    argv,
    scenarios: SCENARIOS.map((scenario) => scenario.name),
    defaults: { kafkaPort: 29192, database: 'hookstream_bench' },
    usage:
      'Usage: npm run bench [-- --quick] [-- --only <scenario,...>] [-- --profile]\n' +
      '         [-- --kafka-port N] [-- --port-base N] [-- --database NAME] [-- --database-server URL]',
  });
  if (!run) return 0;
  const { options, at, startedAt, log, cleanup, runDir } = run;
  const runId = `${at.getTime().toString(36)}${process.pid.toString(36)}`;
  log(`bench ${options.quick ? '(quick) ' : ''}— logs in ${path.relative(REPO_ROOT, runDir)}`);
  try {
    const databaseUrl = await recreateDatabase(options.databaseServer, options.database);
    const kafka = await startKafka({
      port: options.kafkaPort,
      dataDir: path.join(runDir, 'kafka'),
      logFile: path.join(runDir, 'logs', 'kafka.log'),
    });
    cleanup.add('broker', () => kafka.stop());
    log(`broker ready on ${kafka.brokers} in ${(kafka.startupMs / 1000).toFixed(1)} s`);
    const ports = new PortAllocator(options.portBase);
    const receiver = await Receiver.start({
      port: await ports.take(),
      logFile: path.join(runDir, 'logs', 'receiver.log'),
    });
    cleanup.add('receiver', () => receiver.close());
    const profileDir = options.profile ? path.join(runDir, 'profiles') : undefined;
    const platform = await Platform.start({
      env: platformEnv({
        brokers: kafka.brokers,
        databaseUrl,
        // JSON lines, as in production (NODE_ENV=benchmark would mean pretty lines, whose
        // formatting cost a tenth of the API's CPU: a terminal's cost, not a deployment's).
        overrides: {
          RETRY_SCHEDULE,
          DELIVERY_TIMEOUT: `${DELIVERY_TIMEOUT_MS / 1000}s`,
          LOG_FORMAT: 'json',
        },
      }),
      runDir,
      ports,
      profileDir,
    });
    cleanup.add('apps', () => platform.stop());
    log('platform ready');
    const backends = await BackendWatcher.start(options.databaseServer, options.database);
    cleanup.add('database watcher', () => backends.close());
    /** @type {Map<string, number>} */
    const pids = new Map();
    const redis = await redisPid('0').catch(() => 0);
    if (redis) pids.set('redis', redis);
    if (receiver.pid) pids.set('receiver', receiver.pid);
    const sampler = new ProcSampler(async () => [
      ...platform.sources(),
      ...(kafka.node.pid ? [{ group: 'broker', pid: kafka.node.pid }] : []),
      ...(await backends.pids()).map((pid) => ({ group: 'postgres', pid })),
      ...[...pids].map(([group, pid]) => ({ group, pid })),
    ]);
    cleanup.add('sampler', () => sampler.stop());
    const kafkaForLoad = kafkaClient([kafka.brokers], 'hookstream-bench');
    const producer = await loadProducer(kafkaForLoad);
    cleanup.add('producer', () => producer.disconnect());

    const peers = new Peers({ runId, runDir, brokers: [kafka.brokers], pids });
    /** @type {Bench} */
    const bench = {
      sizes: options.quick ? SIZES.quick : SIZES.full,
      quick: options.quick,
      runId,
      runDir,
      databaseUrl,
      brokers: [kafka.brokers],
      platform,
      receiver,
      sampler,
      producer,
      log,
      figures: [],
      details: {},
      fanTenant: undefined,
      pids,
      peers,
    };
    cleanup.add('peers', () => bench.peers.stop());

    // JIT and connection warm-up, so the first scenario is not charged for it.
    const warm = await bench.platform.tenantWithWebhooks(bench.receiver, 'warmup', [
      { group: 'warmup', behaviour: 'ok' },
    ]);
    await platformBurst(bench, {
      company: warm.company,
      group: 'warmup',
      events: 500,
      expected: 500,
    });
    sampler.takePeakRssMiB();

    await runScenarios(SCENARIOS, options.only, {
      run: async (scenario, seconds) => {
        await scenario.run(bench);
        log(`${scenario.name} done in ${seconds()} s`);
      },
      failed: (scenario, error, seconds) => {
        log(`${scenario.name} FAILED: ${errorText(error)}`);
        bench.figures.push({
          scenario: scenario.name,
          metric: 'error',
          unit: '',
          value: null,
          note: String(error),
        });
        log(`${scenario.name} done in ${seconds} s`);
      },
    });
    const peaks = sampler.takePeakRssMiB();
    for (const app of ['subscriptions', 'fanout', 'delivery']) {
      bench.figures.push({
        scenario: 'memory',
        metric: `peak RSS, ${app}`,
        unit: 'MiB',
        value: peaks[app] ?? null,
        peers:
          app === 'delivery'
            ? { bullmq: peaks['peer-bullmq'] ?? null, floor: peaks['peer-floor'] ?? null }
            : undefined,
        targets: [{ op: '<=', value: 200 }],
      });
    }

    await bench.peers.stop();
    await platform.stop();
    const profiles = profileDir ? summarizeProfiles(profileDir, 12) : undefined;
    const result = {
      kind: 'bench',
      at: at.toISOString(),
      quick: options.quick,
      only: options.only,
      durationSeconds: Math.round((Date.now() - startedAt) / 1000),
      machine: machineDescription(),
      settings: {
        retrySchedule: RETRY_SCHEDULE,
        deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
        peerConcurrency: PEER_CONCURRENCY,
        sizes: bench.sizes,
      },
      figures: bench.figures.map((figure) => ({ ...figure, evaluation: evaluateFigure(figure) })),
      details: bench.details,
      profiles,
      logs: path.relative(REPO_ROOT, runDir),
    };
    const rows = figureRows(bench.figures);
    console.log(`\n${textTable(TABLE_HEADER, rows)}`);
    const notes = bench.figures
      .filter((figure) => figure.note)
      .map((figure) => `- ${figure.scenario}, ${figure.metric}: ${figure.note}`);
    if (notes.length) console.log(`\n${notes.join('\n')}`);
    if (profiles) printProfiles(profiles);
    const markdown = [
      `# npm run bench${options.quick ? ' --quick' : ''} — ${result.at}`,
      '',
      `Machine: ${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGiB} GiB, Node ${result.machine.node}, load ${result.machine.loadAverage.join(' ')} at the end. Took ${result.durationSeconds} s.`,
      '',
      markdownTable(TABLE_HEADER, rows),
      '',
      ...notes,
      ...(profiles ? ['', '## Top frames (self time)', '', ...profileMarkdown(profiles)] : []),
    ].join('\n');
    run.save(result, markdown);
  } finally {
    await cleanup.run();
  }
  return 0;
}

/** @param {Record<string, import('../scenarios/profiles.mjs').Frame[]>} profiles */
function printProfiles(profiles) {
  for (const [app, frames] of Object.entries(profiles)) {
    console.log(`\ntop frames by self time, ${app}:`);
    for (const frame of frames) {
      console.log(
        `  ${(frame.share * 100).toFixed(1).padStart(5)} %  ${formatNumber(frame.selfMs).padStart(8)} ms  ${frame.name}  ${frame.location}`,
      );
    }
  }
}

/** @param {Record<string, import('../scenarios/profiles.mjs').Frame[]>} profiles */
function profileMarkdown(profiles) {
  return Object.entries(profiles).flatMap(([app, frames]) => [
    `### ${app}`,
    '',
    markdownTable(
      ['self %', 'self ms', 'function', 'where'],
      frames.map((frame) => [
        (frame.share * 100).toFixed(1),
        formatNumber(frame.selfMs),
        frame.name,
        frame.location,
      ]),
    ),
    '',
  ]);
}
