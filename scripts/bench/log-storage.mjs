#!/usr/bin/env node
// @ts-check
// `npm run bench:log-storage`: the message log at scale. Fills a database of the previous
// release's schema with --attempts attempts (default 10 million) spread over --days days (40),
// migrates it to the day partitions (timed), starts the API, and measures:
//   - GET /v1/messages latency, and GET /v1/webhooks/:id/stats for a busy and a quiet endpoint;
//   - one retention pass (LOG_RETENTION=30d, run by a maintenance process): its duration, the
//     locks it takes on the log's tables, and GET /v1/messages latency while it runs.
// Prints a table and writes bench-results/log-storage-<timestamp>.json. Needs `npm run build`.
//
//   npm run bench:log-storage -- --attempts 1000000      # a quicker run
//   KAFKA_BROKERS=127.0.0.1:19300 npm run bench:log-storage   # use a running broker
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { monotonicFactory } from 'ulid';
import { REPO_ROOT } from '../infra/kafka.mjs';
import { dropDatabase, ensureDatabase } from '../infra/postgres.mjs';

const require = createRequire(import.meta.url);
const DAY_MS = 86_400_000;
const COMPANIES = 10;
const WEBHOOKS_PER_COMPANY = 10;
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const BENCH_KEY = `hsk_${randomBytes(32).toString('base64url')}`;

const { values: options } = parseArgs({
  options: {
    attempts: { type: 'string', default: '10000000' },
    days: { type: 'string', default: '40' },
    retention: { type: 'string', default: '30d' },
    database: { type: 'string', default: 'hookstream_bench_log' },
    'kafka-port': { type: 'string', default: '29292' },
    port: { type: 'string', default: '3200' },
    concurrency: { type: 'string', default: '4' },
    keep: { type: 'boolean', default: false },
  },
});
const ATTEMPTS = Number(options.attempts);
const DAYS = Number(options.days);
const API_PORT = Number(options.port);
const CONCURRENCY = Number(options.concurrency);

/** @param {string} message */
const log = (message) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);

/** @template T @param {() => Promise<T>} work @returns {Promise<{ value: T, ms: number }>} */
async function timed(work) {
  const started = performance.now();
  const value = await work();
  return { value, ms: Math.round(performance.now() - started) };
}

/** @param {number[]} values */
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  /** @param {number} share */
  const at = (share) =>
    sorted.length === 0
      ? null
      : (sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? null);
  const round = (/** @type {number | null} */ value) =>
    value === null ? null : Math.round(value * 10) / 10;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? null),
  };
}

/**
 * The built subscriptions app's data source options and migrations (npm run build first).
 * @returns {{ dataSourceOptions: (url: string) => import('typeorm').DataSourceOptions,
 *   MIGRATIONS: Function[] }}
 */
function databaseOptions() {
  const built = path.join(
    REPO_ROOT,
    'dist/apps/subscriptions/apps/subscriptions/src/database/database.options.js',
  );
  const loaded = /** @type {unknown} */ (require(built));
  return /** @type {ReturnType<typeof databaseOptions>} */ (loaded);
}

/** ULIDs for webhook ids: the API checks their shape. */
function webhookIds() {
  const next = monotonicFactory();
  return Array.from({ length: COMPANIES * WEBHOOKS_PER_COMPANY }, () => `wh_${next()}`);
}

/**
 * The previous release's schema, filled as its log projector would have: messages over DAYS
 * days (newest first), 20 % of them with six attempts (retries), the rest with one; a tenth of
 * all traffic to one busy webhook; pending messages only in the last hour.
 * @param {pg.Client} db @param {string} databaseUrl
 */
async function fillPreviousRelease(db, databaseUrl) {
  const { dataSourceOptions, MIGRATIONS } = databaseOptions();
  const before = MIGRATIONS.findIndex(
    (migration) => migration.name === 'PartitionedMessageLog1795500000000',
  );
  const dataSource = new DataSource({
    ...dataSourceOptions(databaseUrl),
    migrations: MIGRATIONS.slice(0, before),
    logging: false,
  });
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();

  const webhooks = webhookIds();
  const companies = webhooks.map((_, index) => `bench-${Math.floor(index / WEBHOOKS_PER_COMPANY)}`);
  await db.query(
    `INSERT INTO companies (id, name) SELECT DISTINCT c, c FROM unnest($1::text[]) AS c`,
    [companies],
  );
  await db.query(
    `INSERT INTO api_keys (id, company_id, name, key_hash, key_prefix)
     VALUES ('key_bench', 'bench-0', 'bench', $1, $2)`,
    [createHash('sha256').update(BENCH_KEY).digest('hex'), BENCH_KEY.slice(0, 12)],
  );
  await db.query(
    `INSERT INTO webhooks (id, company_id, url, events, enabled, secrets, version, published_version)
     SELECT w, c, 'https://receiver.example/hook', ARRAY['*'], true, '[]'::jsonb, 1, 1
       FROM unnest($1::text[], $2::text[]) AS t(w, c)`,
    [webhooks, companies],
  );

  const messages = Math.round(ATTEMPTS / 2);
  await db.query(`SET maintenance_work_mem = '512MB'`);
  // Indexes and the foreign key are built after the fill (faster), as the schema defined them.
  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes
      WHERE tablename IN ('messages', 'attempts') AND indexname NOT LIKE '%pkey'`,
  );
  const { rows: foreignKeys } = await db.query(
    `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
      WHERE conrelid = 'attempts'::regclass AND contype = 'f'`,
  );
  for (const { conname } of foreignKeys)
    await db.query(`ALTER TABLE attempts DROP CONSTRAINT ${conname}`);
  for (const { indexname } of indexes) await db.query(`DROP INDEX ${indexname}`);
  const fillMessages = await timed(() =>
    db.query(
      `INSERT INTO messages (id, company_id, webhook_id, event_id, event_type, payload, status,
                             status_series, status_step, attempt_count, created_at, updated_at)
       SELECT 'msg_' || md5(i::text), ($3::text[])[w], ($2::text[])[w], 'evt_' || i, 'user.create',
              jsonb_build_object('id', 'msg_' || md5(i::text), 'event', 'user.create',
                'company', ($3::text[])[w], 'eventId', 'evt_' || i, 'webhookId', ($2::text[])[w],
                'environment', 'live', 'timestamp', at, 'redelivery', false,
                'data', jsonb_build_object('id', 'usr_' || i, 'email', 'user' || i || '@example.com',
                  'name', 'Customer number ' || i, 'plan', 'business')),
              CASE WHEN at > now() - interval '1 hour' AND abs(hashtext('s' || i)) % 50 = 1 THEN 'pending'
                   WHEN abs(hashtext('s' || i)) % 50 = 2 THEN 'failed' ELSE 'delivered' END,
              0, 3, CASE WHEN abs(hashtext('r' || i)) % 5 = 0 THEN 6 ELSE 1 END, at, at
         FROM generate_series(0, $1::int - 1) AS i,
              LATERAL (SELECT CASE WHEN i % 10 = 0 THEN 1 ELSE 2 + i % ($4::int - 1) END AS w,
                              now() - ($5::int * interval '1 day') * (i::float8 / $1::int) AS at) AS p`,
      [messages, webhooks, companies, webhooks.length, DAYS],
    ),
  );
  log(`filled ${messages} messages in ${fillMessages.ms} ms`);
  const fillAttempts = await timed(() =>
    db.query(
      `INSERT INTO attempts (message_id, series, attempt, at, status_code, duration_ms, outcome,
                             error, next_attempt_at)
       SELECT m.id, 0, a, m.created_at + a * interval '1 second',
              CASE WHEN a < m.attempt_count OR m.status <> 'delivered' THEN 503 ELSE 200 END,
              5 + (hashtext(m.id || a) & 255),
              CASE WHEN a < m.attempt_count OR m.status <> 'delivered' THEN 'failure' ELSE 'success' END,
              CASE WHEN a < m.attempt_count OR m.status <> 'delivered' THEN 'HTTP 503' END,
              CASE WHEN m.status = 'pending' THEN now() + interval '1 hour' END
         FROM messages m, generate_series(1, m.attempt_count) AS a`,
    ),
  );
  log(`filled ${fillAttempts.value.rowCount} attempts in ${fillAttempts.ms} ms`);
  const indexing = await timed(async () => {
    for (const { indexdef } of indexes) await db.query(indexdef);
    for (const { conname, definition } of foreignKeys) {
      await db.query(`ALTER TABLE attempts ADD CONSTRAINT ${conname} ${definition} NOT VALID`);
    }
    await db.query('VACUUM ANALYZE messages');
    await db.query('VACUUM ANALYZE attempts');
  });
  log(`indexed and analysed in ${indexing.ms} ms`);
  return { webhooks, messages, attempts: fillAttempts.value.rowCount ?? 0 };
}

/** @param {string} databaseUrl */
async function migrate(databaseUrl) {
  const { dataSourceOptions } = databaseOptions();
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), logging: false });
  await dataSource.initialize();
  try {
    return await timed(() => dataSource.runMigrations({ transaction: 'each' }));
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Starts subscriptions with some roles from dist/, logging to .cache/logs.
 * @param {string} name @param {Record<string, string>} env
 */
function startApp(name, env) {
  const logDir = path.join(REPO_ROOT, '.cache', 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `bench-log-storage-${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [path.join(REPO_ROOT, 'dist/apps/subscriptions/apps/subscriptions/src/main.js')],
    { env: { ...process.env, ...env }, stdio: ['ignore', out, out] },
  );
  return { child, logFile };
}

/**
 * Keeps CONCURRENCY clients calling `path` until `stop()`; every latency with its start time.
 * @param {string} url
 */
function load(url) {
  /** @type {Array<{ at: number, ms: number, status: number }>} */
  const samples = [];
  let running = true;
  const client = async () => {
    while (running) {
      const started = performance.now();
      const at = Date.now();
      let status = 0;
      try {
        const response = await fetch(url, { headers: { authorization: `Bearer ${BENCH_KEY}` } });
        await response.arrayBuffer();
        status = response.status;
      } catch {
        status = -1;
      }
      samples.push({ at, ms: performance.now() - started, status });
    }
  };
  const clients = Array.from({ length: CONCURRENCY }, client);
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {string} url @param {import('node:child_process').ChildProcess} child
 * @param {string} logFile
 */
async function waitUntilReady(url, child, logFile) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited: see ${logFile}`);
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await sleep(250);
  }
  throw new Error(`${url} not ready after 2 minutes: see ${logFile}`);
}

/** @param {string} url @param {number} times */
async function latencyOf(url, times) {
  /** @type {number[]} */
  const latencies = [];
  let body;
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers: { authorization: `Bearer ${BENCH_KEY}` } });
    body = await response.json();
    if (response.status !== 200)
      throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
    latencies.push(performance.now() - started);
  }
  return { ...summary(latencies), body };
}

/**
 * Locks on the log's tables every 25 ms until stopped: what the maintenance backend held, and
 * whether any other backend had to wait for one.
 * @param {pg.Client} db @param {string} database
 */
function sampleLocks(db, database) {
  /** @type {Set<string>} */
  const heldByRetention = new Set();
  let waits = 0;
  let longestWaitMs = 0;
  let samples = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      /** @type {pg.QueryResult<{ mode: string, granted: boolean, relname: string, application_name: string, waited_ms: string }>} */
      const { rows } = await db.query(
        `SELECT l.mode, l.granted, c.relname, a.application_name,
                extract(epoch FROM now() - a.state_change) * 1000 AS waited_ms
           FROM pg_locks l
           JOIN pg_class c ON c.oid = l.relation
           JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE a.datname = $1 AND a.pid <> pg_backend_pid()
            AND c.relname ~ '^(messages|attempts)(_p[0-9]{8})?$'`,
        [database],
      );
      samples += 1;
      for (const row of rows) {
        const table = /_p\d{8}$/.test(row.relname)
          ? `${row.relname.split('_p')[0]} partition`
          : row.relname;
        if (row.application_name === 'hookstream-bench-maintenance') {
          heldByRetention.add(`${table}: ${row.mode}${row.granted ? '' : ' (waiting)'}`);
        } else if (!row.granted) {
          waits += 1;
          longestWaitMs = Math.max(longestWaitMs, Number(row.waited_ms));
        }
      }
      await sleep(25);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return {
        samples,
        heldByRetention: [...heldByRetention].sort(),
        apiLockWaits: waits,
        longestWaitMs: Math.round(longestWaitMs),
      };
    },
  };
}

/** @param {pg.Client} db */
async function logSize(db) {
  /** @type {pg.QueryResult<LogSize>} */
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM messages)::bigint AS messages,
            (SELECT count(*) FROM attempts)::bigint AS attempts,
            (SELECT count(*) FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'messages')::int AS days,
            pg_size_pretty(coalesce((SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i
              JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('messages', 'attempts')), 0)) AS size`,
  );
  return rows[0];
}

/**
 * @typedef {{ messages: string, attempts: string, days: number, size: string }} LogSize
 * @typedef {ReturnType<typeof summary>} Latency
 * @typedef {{
 *   filled?: { messages: number, attempts: number },
 *   migrationMs?: number,
 *   before?: LogSize,
 *   after?: LogSize,
 *   atRest?: Record<'listMessages' | 'statsBusy24h' | 'statsQuiet24h' | 'statsBusy30d', Latency>
 *     & Record<string, unknown>,
 *   retentionPass?: { durationMs: number, daysDropped: number, listMessagesBefore: Latency,
 *     listMessagesDuring: Latency, locks: { apiLockWaits: number } } & Record<string, unknown>,
 *   [other: string]: unknown,
 * }} Report
 */

/** The headline numbers. @param {Report} report */
function printTable(report) {
  /** @type {Array<[string, string]>} */
  const rows = [
    ['attempts / messages', `${report.filled?.attempts} / ${report.filled?.messages}`],
    ['migration to day partitions', `${report.migrationMs} ms`],
    ['GET /v1/messages at rest (p50/p95/p99 ms)', fmt(report.atRest?.listMessages)],
    ['stats, busy endpoint, 24 h (p50/p95 ms)', fmt(report.atRest?.statsBusy24h)],
    ['stats, quiet endpoint, 24 h (p50/p95 ms)', fmt(report.atRest?.statsQuiet24h)],
    ['stats, busy endpoint, 30 d (p50/p95 ms)', fmt(report.atRest?.statsBusy30d)],
    [
      'retention pass',
      `${report.retentionPass?.durationMs} ms, ${report.retentionPass?.daysDropped} day(s) dropped`,
    ],
    ['GET /v1/messages before the pass', fmt(report.retentionPass?.listMessagesBefore)],
    ['GET /v1/messages during the pass', fmt(report.retentionPass?.listMessagesDuring)],
    ['lock waits of other sessions', `${report.retentionPass?.locks?.apiLockWaits}`],
    ['log before → after', `${report.before?.size} → ${report.after?.size}`],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(44)} ${value}`);
}

/** @param {{ p50: number | null, p95: number | null, p99?: number | null, max?: number | null } | undefined} stats */
function fmt(stats) {
  return stats
    ? `${stats.p50} / ${stats.p95}${stats.p99 === undefined ? '' : ` / ${stats.p99}`} (max ${stats.max})`
    : '-';
}

async function main() {
  const main = path.join(REPO_ROOT, 'dist/apps/subscriptions/apps/subscriptions/src/main.js');
  if (!fs.existsSync(main)) throw new Error('dist/ is missing: run npm run build first');
  const serverUrl = new URL(
    process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  serverUrl.pathname = `/${options.database}`;
  const databaseUrl = serverUrl.href;
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  /** @type {Array<() => Promise<unknown>>} */
  const cleanups = [];
  const report = /** @type {Report} */ ({
    attemptsRequested: ATTEMPTS,
    days: DAYS,
    retention: options.retention,
    concurrency: CONCURRENCY,
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  cleanups.push(() => db.end());
  try {
    let brokers = process.env.KAFKA_BROKERS;
    if (!brokers) {
      // Typed here until scripts/infra/kafka.mjs declares its options.
      const startKafka =
        /** @type {(options: { port: number, dataDir: string }) => Promise<{ brokers: string, stop: () => Promise<void> }>} */ (
          /** @type {unknown} */ ((await import('../infra/kafka.mjs')).startKafka)
        );
      const dataDir = path.join(REPO_ROOT, '.cache', 'kafka-bench-log-storage');
      fs.rmSync(dataDir, { recursive: true, force: true });
      const kafka = await startKafka({ port: Number(options['kafka-port']), dataDir });
      cleanups.push(() => kafka.stop());
      brokers = kafka.brokers;
    }

    log(`filling the previous release's schema with ${ATTEMPTS} attempts over ${DAYS} days`);
    const filled = await fillPreviousRelease(db, databaseUrl);
    report.filled = { messages: filled.messages, attempts: filled.attempts };
    log('migrating to day partitions');
    const migration = await migrate(databaseUrl);
    report.migrationMs = migration.ms;
    await db.query('ANALYZE messages');
    await db.query('ANALYZE attempts');
    report.before = await logSize(db);
    log(`migrated in ${migration.ms} ms: ${JSON.stringify(report.before)}`);

    const env = {
      NODE_ENV: 'benchmark',
      KAFKA_BROKERS: brokers,
      ADMIN_TOKEN,
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      LOG_RETENTION: options.retention,
    };
    const api = startApp('api', {
      ...env,
      DATABASE_URL: databaseUrl,
      SUBSCRIPTIONS_ROLES: 'api',
      SUBSCRIPTIONS_PORT: String(API_PORT),
    });
    cleanups.push(async () => {
      api.child.kill('SIGTERM');
      await new Promise((resolve) => api.child.once('exit', resolve));
    });
    const base = `http://127.0.0.1:${API_PORT}`;
    await waitUntilReady(`${base}/health/ready`, api.child, api.logFile);

    const [busy, , quiet] = filled.webhooks;
    log('measuring GET /v1/messages and endpoint stats at rest');
    report.atRest = {
      listMessages: await latencyOf(`${base}/v1/messages?limit=20`, 50).then(
        ({ body: _body, ...rest }) => rest,
      ),
      listMessagesOfBusyWebhook: await latencyOf(
        `${base}/v1/messages?limit=20&webhookId=${busy}&status=failed`,
        50,
      ).then(({ body: _body, ...rest }) => rest),
      statsBusy24h: await latencyOf(`${base}/v1/webhooks/${busy}/stats`, 20),
      statsQuiet24h: await latencyOf(`${base}/v1/webhooks/${quiet}/stats`, 20),
      statsBusy30d: await latencyOf(
        `${base}/v1/webhooks/${busy}/stats?since=${new Date(Date.now() - 30 * DAY_MS).toISOString()}`,
        5,
      ),
    };

    log('one retention pass (a maintenance process) under GET /v1/messages load');
    const traffic = load(`${base}/v1/messages?limit=20`);
    await sleep(10_000);
    const locks = sampleLocks(db, options.database);
    const maintenanceUrl = new URL(databaseUrl);
    maintenanceUrl.searchParams.set('application_name', 'hookstream-bench-maintenance');
    const passStarted = Date.now();
    const maintenance = startApp('maintenance', {
      ...env,
      DATABASE_URL: maintenanceUrl.href,
      SUBSCRIPTIONS_ROLES: 'maintenance',
      SUBSCRIPTIONS_PORT: String(API_PORT + 1),
    });
    cleanups.push(async () => {
      if (maintenance.child.exitCode !== null) return;
      maintenance.child.kill('SIGTERM');
      await new Promise((resolve) => maintenance.child.once('exit', resolve));
    });
    /** @type {RegExpExecArray | null} */
    let passLine = null;
    const deadline = Date.now() + 30 * 60_000;
    while (!passLine && Date.now() < deadline) {
      if (maintenance.child.exitCode !== null)
        throw new Error(`maintenance exited: see ${maintenance.logFile}`);
      passLine =
        /log retention pass: created (\d+), dropped (\d+) day\(s\)(?: \(([^)]*)\))? in (\d+) ms/.exec(
          fs.readFileSync(maintenance.logFile, 'utf8'),
        );
      await sleep(100);
    }
    if (!passLine) throw new Error('no retention pass within 30 minutes');
    // The pass itself, not the process start before it.
    const passEnded = Date.now();
    const passBegan = passEnded - Number(passLine[4]);
    await sleep(5_000);
    const lockReport = await locks.stop();
    await traffic.stop();
    const phase = (/** @type {number} */ from, /** @type {number} */ to) =>
      summary(traffic.samples.filter((s) => s.at >= from && s.at < to).map((s) => s.ms));
    report.retentionPass = {
      durationMs: Number(passLine[4]),
      daysCreated: Number(passLine[1]),
      daysDropped: Number(passLine[2]),
      locks: lockReport,
      errors: traffic.samples.filter((s) => s.status !== 200).length,
      listMessagesBefore: phase(passStarted - 10_000, passStarted),
      listMessagesWhileStarting: phase(passStarted, passBegan),
      listMessagesDuring: phase(passBegan, passEnded),
      listMessagesAfter: phase(passEnded, passEnded + 5_000),
    };
    report.after = await logSize(db);
    log(`retention pass: ${JSON.stringify(report.retentionPass)}`);
    log(`after: ${JSON.stringify(report.after)}`);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    if (!options.keep) await dropDatabase(databaseUrl).catch(() => undefined);
  }

  const results = path.join(REPO_ROOT, 'bench-results');
  fs.mkdirSync(results, { recursive: true });
  const file = path.join(
    results,
    `log-storage-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  );
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  printTable(report);
  log(`written to ${path.relative(REPO_ROOT, file)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
