#!/usr/bin/env node
// @ts-check
// `npm start`: the whole platform on this machine, from a fresh clone.
// Installs dependencies, starts Kafka unless KAFKA_BROKERS is set, prepares PostgreSQL,
// builds and starts the three apps plus a demo receiver, and prints a quick start.
// Ctrl-C, SIGTERM to it or to the npm in front of it stops everything it started.
//
//   npm start [-- --kafka-port 9092]
//
// The apps' ports come from SUBSCRIPTIONS_PORT, FANOUT_PORT, DELIVERY_PORT, the demo
// receiver's from DEMO_RECEIVER_PORT.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureDependencies } from './infra/dependencies.mjs';
import { REPO_ROOT } from './infra/kafka.mjs';
import { localSecrets } from './infra/local-env.mjs';

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const { values: options } = parseArgs({
  options: { 'kafka-port': { type: 'string', default: '9092' } },
  strict: true,
});

async function main() {
  const kafkaPort = Number(options['kafka-port']);
  if (!Number.isInteger(kafkaPort) || kafkaPort < 1 || kafkaPort > 65534) {
    throw new Error(`--kafka-port ${options['kafka-port']} is not a port number`);
  }
  ensureDependencies();
  const { startKafka } = await import('./infra/kafka.mjs');
  const { ensureDatabase } = await import('./infra/postgres.mjs');
  const { spawnPrefixed, waitForHttp, onShutdown } = await import('./infra/process.mjs');
  const { startDemoReceiver } = await import('./infra/demo-receiver.mjs');

  /** @type {(() => Promise<void>)[]} */
  const cleanups = [];
  onShutdown(async () => {
    console.log('\n› stopping…');
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  const secrets = localSecrets();
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookstream';
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    ADMIN_TOKEN: process.env.ADMIN_TOKEN ?? secrets.ADMIN_TOKEN,
    SECRETS_ENCRYPTION_KEY: process.env.SECRETS_ENCRYPTION_KEY ?? secrets.SECRETS_ENCRYPTION_KEY,
    DATABASE_URL: databaseUrl,
    // Local receivers live on 127.0.0.1 over plain HTTP; production keeps both refused.
    ALLOW_HTTP_URLS: process.env.ALLOW_HTTP_URLS ?? 'true',
    ALLOWED_PRIVATE_CIDRS: process.env.ALLOWED_PRIVATE_CIDRS ?? '127.0.0.0/8',
  };

  if (!process.env.KAFKA_BROKERS) {
    console.log(`› starting Kafka on 127.0.0.1:${kafkaPort} (KAFKA_BROKERS is not set)…`);
    const kafka = await startKafka({ port: kafkaPort });
    cleanups.push(() => kafka.stop());
    env.KAFKA_BROKERS = kafka.brokers;
  }
  console.log(`› preparing PostgreSQL database (${redact(databaseUrl)})…`);
  await ensureDatabase(databaseUrl);

  console.log('› building the apps…');
  const build = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (build.status !== 0) throw new Error('build failed: see the output above');

  const ports = {
    subscriptions: Number(env.SUBSCRIPTIONS_PORT ?? 3000),
    fanout: Number(env.FANOUT_PORT ?? 3001),
    delivery: Number(env.DELIVERY_PORT ?? 3002),
  };
  // Where the operator console's platform status finds the other apps.
  env.FANOUT_URL ??= `http://127.0.0.1:${ports.fanout}`;
  env.DELIVERY_URL ??= `http://127.0.0.1:${ports.delivery}`;

  /**
   * @param {keyof typeof ports} name
   * @param {string} color
   */
  const startApp = async (name, color) => {
    const child = spawnPrefixed(
      name,
      process.execPath,
      [path.join(REPO_ROOT, 'dist', 'apps', name, 'apps', name, 'src', 'main.js')],
      { env, color },
    );
    cleanups.push(() => stopChild(child));
    await waitForHttp(`http://127.0.0.1:${ports[name]}/health/ready`, 120_000, { child });
  };
  // The API first: it runs the migrations and creates the topics.
  await startApp('subscriptions', 'cyan');
  await Promise.all([startApp('fanout', 'magenta'), startApp('delivery', 'yellow')]);

  const receiverPort = Number(process.env.DEMO_RECEIVER_PORT ?? 4000);
  const receiver = await startDemoReceiver(receiverPort);
  cleanups.push(() => receiver.close());

  const { demoPortalLink } = await import('./infra/portal-link.mjs');
  const portal = await demoPortalLink(
    `http://127.0.0.1:${ports.subscriptions}`,
    env.ADMIN_TOKEN ?? secrets.ADMIN_TOKEN,
  );
  printQuickStart({ env, ports, receiverPort, portal });
}

/**
 * SIGTERM, then SIGKILL after 30 s; resolves once the child has exited.
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** @param {string} url */
function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * @param {{ env: NodeJS.ProcessEnv, ports: Record<string, number>, receiverPort: number,
 *   portal: { url: string, company: string, expiresAt: string } }} options
 */
function printQuickStart({ env, ports, receiverPort, portal }) {
  const api = `http://127.0.0.1:${ports.subscriptions}`;
  const token = env.ADMIN_TOKEN ?? '';
  console.log(`
Hookstream is up in ${seconds()}.
  pid            ${process.pid}   (kill it, or the npm in front of it, to stop everything)
  API            ${api}/v1   (health ${api}/health/ready, metrics ${api}/metrics)
  fan-out        http://127.0.0.1:${ports.fanout}/metrics
  delivery       http://127.0.0.1:${ports.delivery}/metrics
  Kafka          ${env.KAFKA_BROKERS ?? ''}
  demo receiver  http://127.0.0.1:${receiverPort}/webhooks  (prints every webhook it receives)
  admin token    ${token}
  console        ${api}/console/operator  (sign in with the admin token)
  portal         ${portal.url}
                 (company "${portal.company}", until ${portal.expiresAt}; add the demo receiver as an endpoint)

Quick start (copy and paste into another terminal):

  export HS=${api} ADMIN=${token}

  # 1. a company and an API key for it
  curl -s -X POST $HS/v1/companies -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \\
    -d '{"id":"acme","name":"Acme Inc"}'
  export KEY=$(curl -s -X POST $HS/v1/companies/acme/api-keys -H "Authorization: Bearer $ADMIN" \\
    -H 'Content-Type: application/json' -d '{"name":"quickstart"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).key')

  # 2. a webhook pointing at the demo receiver (keep the secret it returns)
  curl -s -X POST $HS/v1/webhooks -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
    -d '{"url":"http://127.0.0.1:${receiverPort}/webhooks","events":["user.*"]}'

  # 3. an event (or produce the same JSON, with "company":"acme", to the hookstream.events topic)
  curl -s -X POST $HS/v1/events -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \\
    -d '{"id":"evt_1","event":"user.create","data":{"id":"usr_1"}}'

  # 4. the message and its attempts
  export MSG=$(curl -s "$HS/v1/messages?limit=1" -H "Authorization: Bearer $KEY" | node -pe 'JSON.parse(require("fs").readFileSync(0)).data[0].id')
  curl -s $HS/v1/messages/$MSG -H "Authorization: Bearer $KEY"

Press Ctrl-C to stop everything.
`);
}

main().catch((/** @type {unknown} */ error) => {
  console.error(`\n✖ ${error instanceof Error ? error.message : String(error)}`);
  process.kill(process.pid, 'SIGTERM');
});
