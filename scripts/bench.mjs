#!/usr/bin/env node
// `npm run bench`: end-to-end delivery throughput and latency on this machine.
// Starts its own Kafka broker and database, runs the three built apps as processes,
// produces BENCH_EVENTS events straight to hookstream.events for a company with
// BENCH_WEBHOOKS webhooks pointing at a local receiver, and measures deliveries per
// second, event → receipt latency percentiles, and each app's peak resident memory.
// Results are printed and written to bench-results/<timestamp>.json.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureDependencies } from './infra/dependencies.mjs';
import { REPO_ROOT } from './infra/kafka.mjs';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 5_000);
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 10);
const KAFKA_PORT = 29192;
const PORTS = { subscriptions: 3100, fanout: 3101, delivery: 3102 };
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

async function main() {
  ensureDependencies();
  if (
    spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' }).status !==
    0
  ) {
    throw new Error('build failed');
  }
  const { startKafka } = await import('./infra/kafka.mjs');
  const { ensureDatabase, dropDatabase } = await import('./infra/postgres.mjs');
  const { Kafka, logLevel } = createRequire(import.meta.url)('kafkajs');

  const databaseUrl = 'postgres://postgres@127.0.0.1:5432/hookstream_bench';
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  const dataDir = path.join(REPO_ROOT, '.cache', 'kafka-bench-data');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const kafka = await startKafka({ port: KAFKA_PORT, dataDir });
  const children = [];
  const receiver = await startReceiver();
  try {
    const env = {
      ...process.env,
      NODE_ENV: 'benchmark',
      KAFKA_BROKERS: kafka.brokers,
      DATABASE_URL: databaseUrl,
      ADMIN_TOKEN,
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64'),
      ALLOW_HTTP_URLS: 'true',
      ALLOWED_PRIVATE_CIDRS: '127.0.0.0/8',
      SUBSCRIPTIONS_PORT: String(PORTS.subscriptions),
      FANOUT_PORT: String(PORTS.fanout),
      DELIVERY_PORT: String(PORTS.delivery),
    };
    const logDir = path.join(REPO_ROOT, '.cache', 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    const start = async (name) => {
      const log = fs.openSync(path.join(logDir, `bench-${name}.log`), 'w');
      const main = path.join(REPO_ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js');
      const child = spawn(process.execPath, [main], { env, stdio: ['ignore', log, log] });
      children.push({ name, child });
      await waitReady(`http://127.0.0.1:${PORTS[name]}/health/ready`, child);
    };
    await start('subscriptions');
    await Promise.all([start('fanout'), start('delivery')]);

    const api = (method, url, body, token = ADMIN_TOKEN) =>
      fetch(`http://127.0.0.1:${PORTS.subscriptions}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.json());
    await api('POST', '/v1/companies', { id: 'bench', name: 'Bench' });
    const { key } = await api('POST', '/v1/companies/bench/api-keys', { name: 'bench' });
    for (let index = 0; index < WEBHOOKS; index += 1) {
      await api('POST', '/v1/webhooks', { url: `${receiver.url}/hook/${index}` }, key);
    }

    const memory = sampleMemory(children);
    const producer = new Kafka({ brokers: [kafka.brokers], logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    const expected = EVENTS * WEBHOOKS;
    const started = Date.now();
    for (let offset = 0; offset < EVENTS; offset += 500) {
      const messages = [];
      for (let index = offset; index < Math.min(EVENTS, offset + 500); index += 1) {
        const event = {
          id: `evt_${index}`,
          company: 'bench',
          event: 'user.create',
          data: { index, sentAt: Date.now() },
        };
        messages.push({ value: JSON.stringify(event) });
      }
      await producer.send({ topic: 'hookstream.events', messages });
    }
    const produced = Date.now();
    const progress = setInterval(
      () => console.log(`  ${receiver.count} of ${expected} delivered`),
      5_000,
    );
    await receiver.until(expected, 600_000).finally(() => clearInterval(progress));
    const finished = Date.now();
    await producer.disconnect();
    memory.stop();

    const latencies = receiver.latencies.sort((a, b) => a - b);
    const percentile = (p) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
    const result = {
      at: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
      },
      events: EVENTS,
      webhooksPerEvent: WEBHOOKS,
      deliveries: receiver.count,
      produceSeconds: (produced - started) / 1000,
      totalSeconds: (finished - started) / 1000,
      deliveriesPerSecond: Math.round(receiver.count / ((finished - started) / 1000)),
      latencyMs: {
        p50: percentile(50),
        p95: percentile(95),
        p99: percentile(99),
        max: latencies.at(-1),
      },
      peakRssMiB: memory.peaks(),
    };
    console.log('\nbenchmark result');
    console.log(JSON.stringify(result, null, 2));
    const outDir = path.join(REPO_ROOT, 'bench-results');
    fs.mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, `delivery-${result.at.replace(/[:.]/g, '-')}.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`written to ${path.relative(REPO_ROOT, file)}`);
  } finally {
    for (const { child } of children) child.kill('SIGTERM');
    await Promise.all(
      children.map(
        ({ child }) =>
          new Promise((resolve) =>
            child.exitCode !== null ? resolve() : child.once('exit', resolve),
          ),
      ),
    );
    await receiver.close();
    await kafka.stop();
  }
}

/** Counts deliveries and event → receipt latency (the event carries its send time). */
function startReceiver() {
  const latencies = [];
  let count = 0;
  let wake = () => {};
  const server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      latencies.push(Date.now() - body.data.sentAt);
      count += 1;
      response.writeHead(204).end();
      wake();
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        latencies,
        get count() {
          return count;
        },
        until: (target, timeoutMs) =>
          new Promise((done, fail) => {
            const timer = setTimeout(
              () => fail(new Error(`only ${count} of ${target} deliveries arrived`)),
              timeoutMs,
            );
            wake = () => {
              if (count >= target) {
                clearTimeout(timer);
                done();
              }
            };
            wake();
          }),
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    ),
  );
}

/** Peak VmRSS of each app process, sampled every 200 ms from /proc. */
function sampleMemory(children) {
  const peaks = {};
  const timer = setInterval(() => {
    for (const { name, child } of children) {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
        peaks[name] = Math.max(peaks[name] ?? 0, Math.round(kib / 1024));
      } catch {
        // process gone or /proc unavailable
      }
    }
  }, 200);
  return { stop: () => clearInterval(timer), peaks: () => peaks };
}

async function waitReady(url, child) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${url}: app exited (see .cache/logs/bench-*.log)`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url} not ready`);
}

main().catch((error) => {
  console.error(`✖ ${error.stack ?? error.message}`);
  process.exit(1);
});
