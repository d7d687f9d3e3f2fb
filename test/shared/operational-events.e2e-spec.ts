import { type AttemptRecord, type OperationalEvent } from '@app/contract';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { type ApiClient, newTenant } from '../support/api-client';
import {
  type ErrorJson,
  type MessageJson,
  type OperationalWebhookJson,
  type Page,
  type WebhookJson,
} from '../support/api-types';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { connectedProducer, readTopic } from '../support/kafka';
import { type ReceivedRequest } from '../support/receiver';

interface OperationalBody {
  id: string;
  event: OperationalEvent['type'];
  eventId: string;
  company: string;
  webhookId: string;
  data: Record<string, unknown>;
}

const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as OperationalBody;

/**
 * Operational events: a webhook disabled by 410 Gone or by exhaustion, and a dead-lettered
 * message, are recorded on hookstream.operational and delivered, signed and retried, to the
 * company's operational webhook — which gets nothing else and whose own failures raise nothing.
 * RETRY_SCHEDULE is 500ms,1s,2s here: 4 attempts in all.
 */
describe('operational events', () => {
  const harness = useHarness();
  let db: Client;
  /** Requests to each operational path so far, to fail the first delivery of every message. */
  const seen = new Set<string>();

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    harness.receiver.respondWith((request, response) => {
      if (request.path === '/gone') return void response.writeHead(410).end();
      if (request.path === '/down' || request.path === '/ops-down')
        return void response.writeHead(503).end();
      if (request.path === '/ops-gone') return void response.writeHead(410).end();
      if (request.path === '/ops') {
        // The first try of each operational message fails: it is retried like any delivery.
        const id = `${request.path} ${String(request.headers['webhook-id'])}`;
        const first = !seen.has(id);
        seen.add(id);
        return void response.writeHead(first ? 500 : 204).end();
      }
      response.writeHead(204).end();
    });
  });

  afterAll(async () => {
    await db?.end();
  });

  const put = (client: ApiClient, url: string) =>
    client.request<OperationalWebhookJson & { secret?: string }>('PUT', '/v1/operational-webhook', {
      url,
    });

  async function endpoint(client: ApiClient, path: string): Promise<string> {
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}${path}`,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  }

  async function send(client: ApiClient, id: string): Promise<void> {
    expect(
      (await client.post('/v1/events', { id, event: 'user.create', data: { id } })).status,
    ).toBe(202);
  }

  /** Waits for `count` tries of operational deliveries of one company and type. */
  const operationalRequests = (company: string, type: string, count: number, timeoutMs = 20_000) =>
    harness.receiver.waitFor(
      count,
      timeoutMs,
      (request) =>
        request.path === '/ops' &&
        bodyOf(request).company === company &&
        bodyOf(request).event === type,
    );

  it('is configured with PUT (the secret shown once), read with GET, and hidden from /v1/webhooks', async () => {
    const { client } = await newTenant(harness.admin, 'ops-api');
    expect((await client.get<ErrorJson>('/v1/operational-webhook')).status).toBe(404);
    const created = await put(client, `${harness.receiver.url}/first`);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(/^wh_/),
      url: `${harness.receiver.url}/first`,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_/),
    });
    const moved = await put(client, `${harness.receiver.url}/second`);
    expect(moved.status).toBe(200);
    expect(moved.body).toEqual({
      id: created.body.id,
      url: `${harness.receiver.url}/second`,
      createdAt: created.body.createdAt,
      updatedAt: expect.any(String),
    });
    expect((await client.get<OperationalWebhookJson>('/v1/operational-webhook')).body.url).toBe(
      `${harness.receiver.url}/second`,
    );

    expect((await client.get<Page<WebhookJson>>('/v1/webhooks')).body.data).toEqual([]);
    for (const answer of [
      await client.get(`/v1/webhooks/${created.body.id}`),
      await client.patch(`/v1/webhooks/${created.body.id}`, { events: ['*'] }),
      await client.get(`/v1/webhooks/${created.body.id}/stats`),
      await client.delete(`/v1/webhooks/${created.body.id}`),
    ]) {
      expect(answer.status).toBe(404);
    }
    const refused = await put(client, 'ftp://example.com/x');
    expect(refused.status).toBe(400);

    expect((await client.delete('/v1/operational-webhook')).status).toBe(204);
    expect((await client.get('/v1/operational-webhook')).status).toBe(404);
    expect((await client.delete('/v1/operational-webhook')).status).toBe(404);
  });

  it('delivers a signed webhook.disabled after a 410, retried after a failure, and records it on the topic', async () => {
    const { client, company } = await newTenant(harness.admin, 'ops-gone');
    const operational = await put(client, `${harness.receiver.url}/ops`);
    const webhookId = await endpoint(client, '/gone');
    await send(client, 'evt_gone');

    const tries = await operationalRequests(company, 'webhook.disabled', 2);
    expect(new Set(tries.map((request) => request.headers['webhook-id'])).size).toBe(1);
    const [request] = tries;
    // Verifies with the secret PUT answered, as the company's Standard Webhooks library would.
    new Webhook(operational.body.secret!).verify(request!.body, {
      'webhook-id': request!.headers['webhook-id'] as string,
      'webhook-timestamp': request!.headers['webhook-timestamp'] as string,
      'webhook-signature': request!.headers['webhook-signature'] as string,
    });
    expect(bodyOf(request!)).toMatchObject({
      event: 'webhook.disabled',
      eventId: expect.stringMatching(/^opev_/),
      company,
      webhookId: operational.body.id,
      data: { webhookId, reason: 'gone', url: `${harness.receiver.url}/gone` },
    });

    const [record] = await readTopic(
      'hookstream.operational',
      (candidate) => candidate.value?.includes(webhookId) ?? false,
      1,
    );
    expect(record?.key).toBe(company);
    expect(record?.headers['hookstream-operational-event-type']).toBe('webhook.disabled');
    expect(JSON.parse(record!.value!)).toMatchObject({
      id: bodyOf(request!).eventId,
      type: 'webhook.disabled',
      company,
      data: { webhookId, reason: 'gone' },
    });
  });

  it('delivers message.dead_lettered (and webhook.disabled: exhausted) after the last retry, once per cause', async () => {
    const { client, company } = await newTenant(harness.admin, 'ops-down');
    await put(client, `${harness.receiver.url}/ops`);
    const webhookId = await endpoint(client, '/down');
    await send(client, 'evt_down');

    const deadLettered = await operationalRequests(company, 'message.dead_lettered', 2, 30_000);
    const dead = bodyOf(deadLettered[0]!);
    const messageId = dead.data.messageId as string;
    expect(dead.data).toMatchObject({
      webhookId,
      event: 'user.create',
      attempts: 4,
      lastStatusCode: 503,
      lastError: 'HTTP 503',
    });
    const disabled = await operationalRequests(company, 'webhook.disabled', 1);
    expect(bodyOf(disabled[0]!).data).toMatchObject({ webhookId, reason: 'exhausted', messageId });

    // The exhausting result again (a replayed log), then a marker behind it on the same
    // partition: once the marker is in, the replay was handled, and it minted no new event.
    const { rows } = await db.query<{ event: OperationalEvent }>(
      `SELECT event FROM operational_events WHERE company_id = $1 AND type = 'message.dead_lettered'`,
      [company],
    );
    expect(rows.map((row) => row.event.id)).toEqual([dead.eventId]);
    const message = await client.get<MessageJson>(`/v1/messages/${messageId}`);
    const last = message.body.attempts[message.body.attempts.length - 1];
    const replayed: AttemptRecord = {
      messageId,
      webhookId,
      company,
      event: 'user.create',
      series: 0,
      attempt: 4,
      at: last!.at,
      statusCode: 503,
      durationMs: last!.durationMs,
      outcome: 'failure',
      error: 'HTTP 503',
      responseBody: last!.responseBody,
      nextAttemptAt: null,
      status: 'failed',
      endReason: 'exhausted',
      seriesStartedAt: message.body.attempts[0]!.at,
      messageCreatedAt: message.body.createdAt,
    };
    const marker: AttemptRecord = {
      ...replayed,
      series: Date.now(),
      attempt: 1,
      at: new Date().toISOString(),
      statusCode: 200,
      outcome: 'success',
      error: null,
      status: 'delivered',
      endReason: 'delivered',
      seriesStartedAt: new Date().toISOString(),
    };
    const producer = await connectedProducer();
    try {
      await producer.send({
        topic: 'hookstream.attempts',
        messages: [replayed, marker].map((value) => ({
          key: messageId,
          value: JSON.stringify(value),
        })),
      });
    } finally {
      await producer.disconnect();
    }
    await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return found.body.status === 'delivered' ? true : undefined;
    });
    const after = await db.query<{ count: string }>(
      `SELECT count(*) FROM operational_events WHERE company_id = $1 AND type = 'message.dead_lettered'`,
      [company],
    );
    expect(after.rows[0]?.count).toBe('1');
    const ids = new Set(
      (await operationalRequests(company, 'message.dead_lettered', 2)).map(
        (r) => r.headers['webhook-id'],
      ),
    );
    expect(ids.size).toBe(1);
  });

  it('never sends domain events to the operational webhook, and its own failures raise nothing', async () => {
    const { client, company } = await newTenant(harness.admin, 'ops-loop');
    const operational = await put(client, `${harness.receiver.url}/ops-gone`);
    const webhookId = await endpoint(client, '/gone');
    await send(client, 'evt_loop');

    // The operational endpoint answers 410: the event's delivery fails, and that is all.
    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/ops-gone');
    expect(bodyOf(request)).toMatchObject({ event: 'webhook.disabled', data: { webhookId } });
    const operationalMessage = request.headers['webhook-id'] as string;
    await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${operationalMessage}`);
      return found.body?.status === 'failed' ? true : undefined;
    });
    expect((await client.get<OperationalWebhookJson>('/v1/operational-webhook')).status).toBe(200);
    const { rows: state } = await db.query<{ enabled: boolean }>(
      'SELECT enabled FROM webhooks WHERE id = $1',
      [operational.body.id],
    );
    expect(state[0]?.enabled).toBe(true);

    // Exhaustion of its own messages neither: point it at an endpoint that always answers 503.
    expect((await put(client, `${harness.receiver.url}/ops-down`)).status).toBe(200);
    const second = await endpoint(client, '/gone');
    await send(client, 'evt_loop_2');
    const [down] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/ops-down');
    const exhaustedMessage = down.headers['webhook-id'] as string;
    expect(bodyOf(down).data).toMatchObject({ webhookId: second });
    await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${exhaustedMessage}`);
      return found.body?.status === 'failed' && found.body.attempts.length === 4 ? true : undefined;
    }, 30_000);
    const { rows: events } = await db.query<{ type: string; webhook: string }>(
      `SELECT type, event->'data'->>'webhookId' AS webhook FROM operational_events WHERE company_id = $1`,
      [company],
    );
    expect(events).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ webhook: operational.body.id })]),
    );
    expect(events.map((event) => event.type).sort()).toEqual([
      'webhook.disabled',
      'webhook.disabled',
    ]);

    // Domain events: the company's endpoints get them, its operational webhook never.
    const all = await endpoint(client, '/all');
    await send(client, 'evt_domain');
    await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/all');
    expect(all).toMatch(/^wh_/);
    const operationalPaths = new Set(['/ops-gone', '/ops-down']);
    for (const received of harness.receiver.requests.filter((r) => operationalPaths.has(r.path))) {
      expect(bodyOf(received).event).toBe('webhook.disabled');
    }
  });
});
