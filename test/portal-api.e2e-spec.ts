import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import { type ApiClient, newTenant } from './support/api-client';
import {
  type CreatedWebhookJson,
  type ErrorJson,
  type MessageJson,
  type Page,
} from './support/api-types';
import { eventually } from './support/eventually';
import { useOwnHarness } from './support/harness';
import { linkToken, openPortalSession, type PortalLinkJson } from './support/portal';
import { forwardApps, type TcpForwarder } from './support/tcp-forwarder';

/** Fixed ports (this file's range) where subscriptions looks for the other apps. */
const FANOUT_PORT = 41_201;
const DELIVERY_PORT = 41_202;

interface PlatformStatusJson {
  apps: Array<{
    name: string;
    reachable: boolean;
    ready: boolean;
    checks: Record<string, boolean>;
  }>;
  consumerLag: Array<{ app: string; topic: string; lag: number }>;
  deliveries: {
    perSecond: Record<string, number> | null;
    windowSeconds: number | null;
    total: Record<string, number> | null;
  };
  deadLettered: number | null;
}

/**
 * The API behind the console and the portal: portal links and the sessions they open (tenancy,
 * read-only, revocation, expiry, hashing), test events to one webhook, the message log's time
 * range, the admin's lists, and the platform status gathered from the apps' health and metrics.
 */
describe('portal and console API', () => {
  const harness = useOwnHarness({
    FANOUT_URL: `http://127.0.0.1:${FANOUT_PORT}`,
    DELIVERY_URL: `http://127.0.0.1:${DELIVERY_PORT}`,
  });
  let db: Client;
  let tenant: { company: string; client: ApiClient };
  const forwarders: TcpForwarder[] = [];

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    tenant = await newTenant(harness.admin, 'portal');
    forwarders.push(
      ...(await forwardApps({ fanout: FANOUT_PORT, delivery: DELIVERY_PORT }, (app) =>
        harness.platform.url(app),
      )),
    );
  });

  afterAll(async () => {
    await Promise.all(forwarders.map((forwarder) => forwarder.close()));
    await db?.end();
  });

  it('makes links that carry their token in the fragment, stored only as SHA-256', async () => {
    const link = await tenant.client.post<PortalLinkJson>('/v1/portal-links', {
      expiresInSeconds: 600,
    });
    expect(link.status).toBe(201);
    const url = new URL(link.body.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${harness.platform.apiUrl}/console/portal`);
    expect(url.search).toBe('');
    const token = linkToken(link.body.url);
    expect(link.body).toMatchObject({ company: tenant.company, readOnly: false });
    const lifetime = Date.parse(link.body.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(590_000);
    expect(lifetime).toBeLessThanOrEqual(600_000);

    const session = await tenant.client
      .withToken(token)
      .post<{ token: string }>('/v1/portal-sessions');
    expect(session.status).toBe(201);
    expect(session.body.token).toMatch(/^hsps_[A-Za-z0-9_-]{43}$/);
    const { rows } = await db.query<Record<string, unknown>>(
      `SELECT l.*, s.token_hash AS session_hash FROM portal_links l
         JOIN portal_sessions s ON s.link_id = l.id WHERE l.id = $1`,
      [link.body.id],
    );
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(session.body.token);

    // The link's token opens sessions, and does nothing else.
    const asLink = tenant.client.withToken(token);
    expect((await asLink.get('/v1/webhooks')).status).toBe(403);
    expect((await asLink.get('/v1/portal-sessions/current')).status).toBe(403);
  });

  it('lets the admin token make links for any company, naming it', async () => {
    const missing = await harness.admin.post<ErrorJson>('/v1/portal-links', {});
    expect([missing.status, missing.body.code]).toEqual([400, 'validation_failed']);
    const unknown = await harness.admin.post('/v1/portal-links', { company: 'no-such-company' });
    expect(unknown.status).toBe(404);
    const session = await openPortalSession(harness.admin, { company: tenant.company });
    const current = await session.get<{ company: { id: string; name: string }; readOnly: boolean }>(
      '/v1/portal-sessions/current',
    );
    expect(current).toMatchObject({
      status: 200,
      body: { company: { id: tenant.company, name: `Company ${tenant.company}` }, readOnly: false },
    });
    const listed = await harness.admin.get<Page<{ createdBy: string; status: string }>>(
      `/v1/portal-links?company=${tenant.company}`,
    );
    expect(listed.body.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ createdBy: 'admin', status: 'active' })]),
    );
  });

  it('gives a session its company’s API, but not events, links or admin routes', async () => {
    const session = await openPortalSession(tenant.client);
    const created = await session.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/session`,
      events: ['user.*'],
    });
    expect(created.status).toBe(201);
    expect((await tenant.client.get(`/v1/webhooks/${created.body.id}`)).status).toBe(200);
    expect((await session.get('/v1/event-types')).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/v1/events', { id: 'evt_x', event: 'user.create', data: {} }],
      ['POST', '/v1/portal-links', {}],
      ['GET', '/v1/portal-links', undefined],
      ['GET', '/v1/companies', undefined],
      ['POST', '/v1/portal-sessions', {}],
    ] as const) {
      const answer = await session.request<ErrorJson>(method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'forbidden']);
    }
  });

  it('lets a read-only session read and nothing more', async () => {
    const { body: webhook } = await tenant.client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/read-only`,
    });
    const session = await openPortalSession(tenant.client, { readOnly: true });
    expect((await session.get(`/v1/webhooks/${webhook.id}`)).status).toBe(200);
    expect((await session.get('/v1/messages')).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `/v1/webhooks/${webhook.id}`, { description: 'changed' }],
      ['DELETE', `/v1/webhooks/${webhook.id}`, undefined],
      ['POST', `/v1/webhooks/${webhook.id}/rotate-secret`, {}],
      ['POST', `/v1/webhooks/${webhook.id}/test-event`, {}],
      ['POST', '/v1/webhooks', { url: `${harness.receiver.url}/x` }],
    ] as const) {
      const answer = await session.request<ErrorJson>(method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'read_only']);
    }
    expect(
      (await tenant.client.get<{ description: string }>(`/v1/webhooks/${webhook.id}`)).body,
    ).toMatchObject({ description: '' });
  });

  it('stops a revoked link and its sessions at once, and an expired one too', async () => {
    const link = await tenant.client.post<PortalLinkJson>('/v1/portal-links', {});
    const asLink = tenant.client.withToken(linkToken(link.body.url));
    const opened = await asLink.post<{ token: string }>('/v1/portal-sessions');
    const session = tenant.client.withToken(opened.body.token);
    expect((await session.get('/v1/webhooks')).status).toBe(200);

    expect((await tenant.client.delete(`/v1/portal-links/${link.body.id}`)).status).toBe(204);
    expect((await session.get('/v1/webhooks')).status).toBe(401);
    expect((await asLink.post('/v1/portal-sessions')).status).toBe(401);
    expect((await tenant.client.delete(`/v1/portal-links/${link.body.id}`)).status).toBe(404);

    const expiring = await tenant.client.post<PortalLinkJson>('/v1/portal-links', {});
    const expiringLink = tenant.client.withToken(linkToken(expiring.body.url));
    const second = tenant.client.withToken(
      (await expiringLink.post<{ token: string }>('/v1/portal-sessions')).body.token,
    );
    expect((await second.get('/v1/webhooks')).status).toBe(200);
    await db.query(
      `UPDATE portal_links SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expiring.body.id],
    );
    expect((await second.get('/v1/webhooks')).status).toBe(401);
    expect((await expiringLink.post('/v1/portal-sessions')).status).toBe(401);

    const page = await tenant.client.get<Page<{ id: string; status: string }>>(
      '/v1/portal-links?limit=100',
    );
    const statuses = new Map(page.body.data.map((entry) => [entry.id, entry.status]));
    expect(statuses.get(link.body.id)).toBe('revoked');
    expect(statuses.get(expiring.body.id)).toBe('expired');
  });

  it('sends a test event to one webhook only, signed and logged like any message', async () => {
    const { client } = await newTenant(harness.admin, 'tester');
    const target = await client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/test-target`,
      events: ['user.create'],
    });
    await client.post('/v1/webhooks', { url: `${harness.receiver.url}/bystander` });
    const session = await openPortalSession(client);
    const sent = await session.post<{ messageId: string; eventId: string; event: string }>(
      `/v1/webhooks/${target.body.id}/test-event`,
      {},
    );
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({
      event: 'hookstream.test',
      eventId: expect.stringMatching(/^evt_test_/),
    });

    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/test-target');
    const payload = new Webhook(target.body.secret).verify(request.body, {
      'webhook-id': String(request.headers['webhook-id']),
      'webhook-timestamp': String(request.headers['webhook-timestamp']),
      'webhook-signature': String(request.headers['webhook-signature']),
    });
    expect(payload).toMatchObject({
      id: sent.body.messageId,
      event: 'hookstream.test',
      webhookId: target.body.id,
      data: { test: true },
    });
    const message = await eventually(async () => {
      const answer = await client.get<MessageJson>(`/v1/messages/${sent.body.messageId}`);
      return answer.body.status === 'delivered' ? answer.body : undefined;
    });
    expect(message.attempts).toEqual([expect.objectContaining({ attempt: 1, outcome: 'success' })]);
    const custom = await client.post<{ event: string }>(
      `/v1/webhooks/${target.body.id}/test-event`,
      {
        event: 'user.create',
        data: { id: 'usr_test' },
      },
    );
    expect(custom).toMatchObject({ status: 202, body: { event: 'user.create' } });
    await harness.receiver.waitFor(2, 20_000, (r) => r.path === '/test-target');
    expect(harness.receiver.requests.filter((r) => r.path === '/bystander')).toEqual([]);

    await client.patch(`/v1/webhooks/${target.body.id}`, { enabled: false });
    const disabled = await client.post<ErrorJson>(`/v1/webhooks/${target.body.id}/test-event`, {});
    expect([disabled.status, disabled.body.code]).toEqual([409, 'webhook_disabled']);
  });

  it('filters the message log by time range', async () => {
    const { client } = await newTenant(harness.admin, 'range');
    const webhook = await client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/range`,
    });
    const first = await client.post<{ messageId: string }>(
      `/v1/webhooks/${webhook.body.id}/test-event`,
      {},
    );
    const firstMessage = await eventually(async () => {
      const answer = await client.get<MessageJson>(`/v1/messages/${first.body.messageId}`);
      return answer.status === 200 ? answer.body : undefined;
    });
    const between = new Date(Date.parse(firstMessage.createdAt) + 1).toISOString();
    await eventually(() =>
      Promise.resolve(Date.now() > Date.parse(between) + 5 ? true : undefined),
    );
    const second = await client.post<{ messageId: string }>(
      `/v1/webhooks/${webhook.body.id}/test-event`,
      {},
    );
    await eventually(async () =>
      (await client.get(`/v1/messages/${second.body.messageId}`)).status === 200 ? true : undefined,
    );
    const ids = async (query: string) =>
      (await client.get<Page<{ id: string }>>(`/v1/messages?${query}`)).body.data.map((m) => m.id);
    expect(await ids(`until=${encodeURIComponent(between)}`)).toEqual([first.body.messageId]);
    expect(await ids(`since=${encodeURIComponent(between)}`)).toEqual([second.body.messageId]);
    expect((await client.get<ErrorJson>('/v1/messages?since=yesterday')).status).toBe(400);
  });

  it('lists companies and API keys for the admin, never the keys themselves', async () => {
    const { company } = await newTenant(harness.admin, 'listed');
    const created = await harness.admin.post<{ id: string; key: string }>(
      `/v1/companies/${company}/api-keys`,
      { name: 'second' },
    );
    await harness.admin.delete(`/v1/companies/${company}/api-keys/${created.body.id}`);
    const keys = await harness.admin.get<Page<Record<string, unknown>>>(
      `/v1/companies/${company}/api-keys`,
    );
    expect(keys.body.data.map((key) => [key.name, key.revokedAt === null])).toEqual([
      ['e2e', true],
      ['second', false],
    ]);
    expect(JSON.stringify(keys.body)).not.toContain(created.body.key);
    expect(keys.body.data[1]?.prefix).toBe(created.body.key.slice(0, 12));

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await harness.admin.get<Page<{ id: string }>>(`/v1/companies?limit=2${query}`);
      seen.push(...page.body.data.map((entry) => entry.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining([company, tenant.company]));
    expect((await harness.admin.get(`/v1/companies/${company}`)).body).toMatchObject({
      id: company,
      name: `Company ${company}`,
    });
  });

  it('reports each app’s readiness, consumer lag, delivery rates and dead letters', async () => {
    const { client } = await newTenant(harness.admin, 'status');
    const webhook = await client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/status`,
    });
    const first = await harness.admin.get<PlatformStatusJson>('/v1/platform-status');
    expect(first.status).toBe(200);
    expect(first.body.apps.map((app) => [app.name, app.reachable, app.ready])).toEqual([
      ['subscriptions', true, true],
      ['fanout', true, true],
      ['delivery', true, true],
    ]);
    for (const app of first.body.apps) {
      expect(Object.keys(app.checks).length).toBeGreaterThan(0);
      expect(Object.values(app.checks).every(Boolean)).toBe(true);
    }
    const topics = first.body.consumerLag.map((entry) => `${entry.app} ${entry.topic}`);
    expect(topics).toEqual(
      expect.arrayContaining(['fanout hookstream.events', 'delivery hookstream.deliveries']),
    );
    const before = first.body.deliveries.total!.success!;
    await client.post(`/v1/webhooks/${webhook.body.id}/test-event`, {});
    await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/status');
    const later = await eventually(async () => {
      const status = (await harness.admin.get<PlatformStatusJson>('/v1/platform-status')).body;
      return status.deliveries.perSecond && status.deliveries.total!.success! > before
        ? status
        : undefined;
    });
    expect(later.deliveries.perSecond!.success).toBeGreaterThan(0);
    expect(later.deliveries.windowSeconds).toBeGreaterThanOrEqual(1);
    expect(later.deadLettered).toEqual(expect.any(Number));

    await harness.platform.stopApp('fanout');
    const down = (await harness.admin.get<PlatformStatusJson>('/v1/platform-status')).body;
    expect(down.apps[1]).toMatchObject({ name: 'fanout', reachable: false, ready: false });
    expect(down.apps[2]).toMatchObject({ name: 'delivery', reachable: true });
  });
});
