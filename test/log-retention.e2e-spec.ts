import { type AttemptRecord } from '@app/contract';
import { type Producer } from 'kafkajs';
import { Client } from 'pg';
import { dayOf } from '../apps/subscriptions/src/log-storage/log-partitions';
import { LogPartitions } from '../apps/subscriptions/src/log-storage/log-partitions.service';
import { LogRetention } from '../apps/subscriptions/src/log-storage/log-retention.service';
import { type ApiClient, newTenant } from './support/api-client';
import { type MessageJson } from './support/api-types';
import { eventually } from './support/eventually';
import { useOwnHarness } from './support/harness';
import { connectedProducer } from './support/kafka';

const DAY = 86_400_000;

/**
 * LOG_RETENTION (the default 30d): a pass drops whole days older than the retention, keeps a day while
 * one of its messages is pending, and never brings a dropped day back. History older than the
 * retention is written through the real projector, into day partitions made for the test; all
 * times are relative to now.
 */
describe('log retention', () => {
  const harness = useOwnHarness();
  let producer: Producer;
  let db: Client;
  let client: ApiClient;
  let company: string;
  let webhookId: string;
  const now = Date.now();
  const expiredDay = dayOf(now - 40 * DAY);
  const pendingDay = dayOf(now - 35 * DAY);
  const run = Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    producer = await connectedProducer();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    ({ client, company } = await newTenant(harness.admin, 'retention'));
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/retention`,
    });
    webhookId = created.body.id;
  });

  afterAll(async () => {
    await producer?.disconnect();
    await db?.end();
  });

  const subscriptions = () => harness.platform.apps.get('subscriptions')!;

  /** An attempt result as delivery writes it, for a message created at `createdAt`. */
  async function produceAttempt(
    messageId: string,
    createdAt: number,
    result: Pick<AttemptRecord, 'status' | 'attempt'> & Partial<AttemptRecord>,
  ): Promise<void> {
    const at = new Date(createdAt + result.attempt * 1_000).toISOString();
    const record: AttemptRecord = {
      messageId,
      webhookId,
      company,
      event: 'user.create',
      series: 0,
      at,
      statusCode: result.status === 'delivered' ? 200 : 503,
      durationMs: 5,
      outcome: result.status === 'delivered' ? 'success' : 'failure',
      error: result.status === 'delivered' ? null : 'HTTP 503',
      responseBody: null,
      nextAttemptAt: result.status === 'pending' ? new Date(now + DAY).toISOString() : null,
      endReason: result.status === 'delivered' ? 'delivered' : null,
      seriesStartedAt: new Date(createdAt).toISOString(),
      messageCreatedAt: new Date(createdAt).toISOString(),
      ...result,
    };
    await producer.send({
      topic: 'hookstream.attempts',
      messages: [{ key: messageId, value: JSON.stringify(record) }],
    });
  }

  const messageStatus = async (id: string) => {
    const found = await client.get<MessageJson>(`/v1/messages/${id}`);
    return found.status === 200 ? found.body.status : 'gone';
  };

  const partitionsOf = async (day: string) => {
    const { rows } = await db.query<{ name: string }>(
      `SELECT relname AS name FROM pg_class WHERE relname IN ($1, $2) ORDER BY 1`,
      [`attempts_p${day}`, `messages_p${day}`],
    );
    return rows.map((row) => row.name);
  };

  it('drops expired days, keeps a day with a pending message until it ends', async () => {
    const partitions = subscriptions().get(LogPartitions);
    await partitions.create(expiredDay);
    await partitions.create(pendingDay);
    const old = `msg_retention_old_${run}`;
    const waiting = `msg_retention_waiting_${run}`;
    await produceAttempt(old, now - 40 * DAY, { attempt: 1, status: 'delivered' });
    await produceAttempt(waiting, now - 35 * DAY, { attempt: 1, status: 'pending' });
    expect(
      (await client.post('/v1/events', { id: `evt_recent_${run}`, event: 'user.create', data: {} }))
        .status,
    ).toBe(202);
    const [recent] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/retention');
    const recentId = recent.headers['webhook-id'] as string;
    await eventually(async () => ((await messageStatus(old)) === 'delivered' ? true : undefined));
    await eventually(async () => ((await messageStatus(waiting)) === 'pending' ? true : undefined));
    await eventually(async () =>
      (await messageStatus(recentId)) === 'delivered' ? true : undefined,
    );

    const pass = await subscriptions().get(LogRetention).pass();
    expect(pass.dropped).toContain(expiredDay);
    expect(pass.dropped).not.toContain(pendingDay);
    expect(pass.keptPending).toContainEqual({ day: pendingDay, pending: 1 });
    expect(await partitionsOf(expiredDay)).toEqual([]);
    expect(await partitionsOf(pendingDay)).toEqual([
      `attempts_p${pendingDay}`,
      `messages_p${pendingDay}`,
    ]);
    expect(await messageStatus(old)).toBe('gone');
    const kept = await client.get<MessageJson>(`/v1/messages/${waiting}`);
    expect(kept.body).toMatchObject({ status: 'pending', attempts: [{ attempt: 1 }] });
    expect(await messageStatus(recentId)).toBe('delivered');

    // Its last retry succeeds: the day goes on the next pass.
    await produceAttempt(waiting, now - 35 * DAY, { attempt: 2, status: 'delivered' });
    await eventually(async () =>
      (await messageStatus(waiting)) === 'delivered' ? true : undefined,
    );
    const next = await subscriptions().get(LogRetention).pass();
    expect(next.dropped).toContain(pendingDay);
    expect(await partitionsOf(pendingDay)).toEqual([]);
    expect(await messageStatus(waiting)).toBe('gone');
  });

  it('skips late records of a dropped day instead of bringing the day back', async () => {
    const late = `msg_retention_late_${run}`;
    await produceAttempt(late, now - 40 * DAY, { attempt: 1, status: 'delivered' });
    // Same key, same partition, later offset: once this one is in, the late one was handled.
    await produceAttempt(late, now, { attempt: 1, status: 'delivered' });
    await eventually(async () => ((await messageStatus(late)) === 'delivered' ? true : undefined));
    expect(await partitionsOf(expiredDay)).toEqual([]);
    const { rows } = await db.query<{ created_at: Date }>(
      'SELECT created_at FROM messages WHERE id = $1',
      [late],
    );
    expect(rows.map((row) => row.created_at.getTime())).toEqual([now]);
  });
});
