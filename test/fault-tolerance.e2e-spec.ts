import { Kafka, logLevel, type Producer } from 'kafkajs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ApiClient, newTenant } from './support/api-client';
import { type AppName } from './support/platform';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { KafkaBroker } from './support/kafka-broker';
import { TEST_ADMIN_TOKEN } from './support/platform';
import { Receiver } from './support/receiver';

const EVENTS = 1_200;
const WEBHOOKS = 2;
const EVENTS_PER_TICK = 40;
const TICK_MS = 100;
/**
 * Long, so that a delivery app restarted as a new member would wait it out before it had any
 * partition: the killed one's static membership (KAFKA_GROUP_INSTANCE_ID) must spare it that.
 */
const SESSION_TIMEOUT_MS = 30_000;

/**
 * The quick part of `npm run chaos`, on a broker and database of this file's own (the suite's
 * broker must not be restarted): a stream of events through a broker restart and a SIGKILL of
 * the delivery app. Nothing may be lost and nothing may stall; duplicates are reported. The
 * killed app, restarted under its group instance id, has its partitions back at once.
 */
describe('a broker restart and a killed delivery app', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hookstream-faults-'));
  const database = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1/hookstream');
  database.pathname = `${database.pathname}_faults`;
  let broker: KafkaBroker;
  let env: Record<string, string>;
  const envOf = (name: AppName) => ({
    ...env,
    KAFKA_GROUP_INSTANCE_ID: `${name}-1`,
    KAFKA_SESSION_TIMEOUT: `${SESSION_TIMEOUT_MS}ms`,
    KAFKA_HEARTBEAT_INTERVAL: '1s',
  });
  const apps = new Map<AppName, ChildApp>();
  let receiver: Receiver;

  beforeAll(async () => {
    await recreateDatabase(database);
    broker = await KafkaBroker.start(dataDir);
    env = { KAFKA_BROKERS: broker.brokers, DATABASE_URL: database.toString() };
    apps.set('subscriptions', await ChildApp.start('subscriptions', env));
    const [fanout, delivery] = await Promise.all([
      ChildApp.start('fanout', envOf('fanout')),
      ChildApp.start('delivery', envOf('delivery')),
    ]);
    apps.set('fanout', fanout);
    apps.set('delivery', delivery);
    receiver = await Receiver.start();
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...apps.values()].map((app) => app.stop('SIGTERM')));
    await receiver?.close();
    await broker?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('delivers every event once at least, and keeps a complete attempt log', async () => {
    const admin = new ApiClient(apps.get('subscriptions')!.url, TEST_ADMIN_TOKEN);
    const { company, client } = await newTenant(admin, 'faults');
    for (let index = 0; index < WEBHOOKS; index += 1) {
      await client.post('/v1/webhooks', { url: `${receiver.url}/faults/${index}` });
    }
    const producer = new Kafka({
      brokers: [broker.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 3, maxRetryTime: 500 },
    }).producer();
    await producer.connect();

    const producing = produceSteadily(producer, company);
    await receiver.waitFor(EVENTS * WEBHOOKS * 0.2, 60_000);
    await broker.restart();
    await receiver.waitFor(EVENTS * WEBHOOKS * 0.5, 60_000);
    await apps.get('delivery')!.stop('SIGKILL');
    const restartedAt = Date.now();
    // Ready means a group member with partitions: as a new member, not before the killed one's
    // session expired.
    apps.set('delivery', await ChildApp.start('delivery', envOf('delivery')));
    const readyAfterMs = Date.now() - restartedAt;
    await producing;

    const expected = EVENTS * WEBHOOKS;
    const distinct = await eventually(() => {
      const ids = new Set(receiver.requests.map((request) => request.headers['webhook-id']));
      return Promise.resolve(ids.size >= expected ? ids.size : undefined);
    }, 90_000);
    const duplicates = receiver.requests.length - distinct;
    console.log(
      `faults: ${expected} expected, ${distinct} distinct, ${duplicates} duplicates ` +
        `(${((100 * duplicates) / expected).toFixed(2)} %); ` +
        `killed delivery ready again after ${(readyAfterMs / 1000).toFixed(1)} s`,
    );
    expect(distinct).toBe(expected);
    expect(readyAfterMs).toBeLessThan(SESSION_TIMEOUT_MS);

    const logged = await eventually(async () => {
      const delivered = await countDelivered(database, company);
      return delivered >= expected ? delivered : undefined;
    }, 60_000);
    expect(logged).toBe(expected);
    await producer.disconnect();
  }, 240_000);

  async function produceSteadily(producer: Producer, company: string): Promise<void> {
    for (let sent = 0; sent < EVENTS; sent += EVENTS_PER_TICK) {
      const messages = Array.from({ length: EVENTS_PER_TICK }, (_, index) => ({
        key: company,
        value: JSON.stringify({
          id: `evt_${sent + index}`,
          event: 'user.create',
          company,
          data: { index: sent + index },
        }),
      }));
      // The broker may be restarting: try again until it takes them (same ids, so no new messages).
      await eventually(
        () =>
          producer.send({ topic: 'hookstream.events', messages }).then(
            () => true,
            () => undefined,
          ),
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
  }
});

async function recreateDatabase(url: URL): Promise<void> {
  const server = new URL(url);
  server.pathname = '/postgres';
  const client = new Client({ connectionString: server.toString() });
  await client.connect();
  const name = url.pathname.slice(1);
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
}

async function countDelivered(url: URL, company: string): Promise<number> {
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: string }>(
      `SELECT count(*) FROM messages WHERE company_id = $1 AND status = 'delivered'`,
      [company],
    );
    return Number(rows[0]!.count);
  } finally {
    await client.end();
  }
}
