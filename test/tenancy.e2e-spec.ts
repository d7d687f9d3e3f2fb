import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { type ApiClient, newTenant } from './support/api-client';
import { eventually } from './support/eventually';
import { registeredRoutes } from './support/routes';
import { useOwnHarness } from './support/harness';
import { type ErrorJson, type Page } from './support/api-types';
import { openPortalSession } from './support/portal';

/**
 * Tenancy: an API key sees its own company only. Every route is walked with another company's
 * ids (the list of routes comes from the router, so a new route fails this test until it is
 * added here), harness.admin routes refuse API keys, and a revoked key stops at once.
 */
describe('tenancy', () => {
  const harness = useOwnHarness();
  let db: Client;

  // Company "mine" calls with the ids of company "theirs".
  let mine: { company: string; client: ApiClient };
  let theirs: { company: string; client: ApiClient };
  let theirWebhook: string;
  let theirMessage: string;
  let theirKeyId: string;
  let theirLink: string;
  let myWebhook: string;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();

    mine = await newTenant(harness.admin, 'mine');
    theirs = await newTenant(harness.admin, 'theirs');
    const key = await harness.admin.post<{ id: string }>(
      `/v1/companies/${theirs.company}/api-keys`,
      {
        name: 'second',
      },
    );
    theirKeyId = key.body.id;

    const created = await theirs.client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/theirs`,
      description: 'theirs',
    });
    theirWebhook = created.body.id;
    const operational = await theirs.client.request('PUT', '/v1/operational-webhook', {
      url: `${harness.receiver.url}/their-operations`,
    });
    expect(operational.status).toBe(201);
    myWebhook = (
      await mine.client.post<{ id: string }>('/v1/webhooks', {
        url: `${harness.receiver.url}/mine`,
      })
    ).body.id;
    for (const client of [theirs.client, mine.client]) {
      const sent = await client.post('/v1/events', {
        id: 'evt_t1',
        event: 'user.create',
        data: {},
      });
      expect(sent.status).toBe(202);
    }
    const link = await theirs.client.post<{ id: string }>('/v1/portal-links', {});
    expect(link.status).toBe(201);
    theirLink = link.body.id;
    theirMessage = await eventually(async () => {
      const page = (await theirs.client.get<Page<{ id: string }>>('/v1/messages')).body;
      return page.data[0]?.id;
    });
    await eventually(async () => {
      const page = (await mine.client.get<Page<{ id: string }>>('/v1/messages')).body;
      return page.data.length > 0 ? true : undefined;
    });
  });

  afterAll(async () => {
    await db?.end();
  });

  it('answers 404 on every route given another company’s ids, and lists never leak', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const notFound = async (answer: Promise<{ status: number; body: unknown }>) => {
      const { status, body } = await answer;
      expect({ status, code: (body as ErrorJson).code }).toEqual({
        status: 404,
        code: 'not_found',
      });
    };
    // One entry per route under /v1: what "another company's ids" means there.
    const walk: Record<string, () => Promise<void>> = {
      'GET /v1/webhooks/:id': () => notFound(mine.client.get(`/v1/webhooks/${theirWebhook}`)),
      'PATCH /v1/webhooks/:id': () =>
        notFound(mine.client.patch(`/v1/webhooks/${theirWebhook}`, { description: 'mine now' })),
      'DELETE /v1/webhooks/:id': () => notFound(mine.client.delete(`/v1/webhooks/${theirWebhook}`)),
      'POST /v1/webhooks/:id/rotate-secret': () =>
        notFound(mine.client.post(`/v1/webhooks/${theirWebhook}/rotate-secret`, {})),
      'POST /v1/webhooks/:id/recover': () =>
        notFound(mine.client.post(`/v1/webhooks/${theirWebhook}/recover`, { since })),
      'GET /v1/webhooks/:id/stats': () =>
        notFound(mine.client.get(`/v1/webhooks/${theirWebhook}/stats`)),
      // The caller's own operational webhook only: theirs exists, mine does not.
      'GET /v1/operational-webhook': () => notFound(mine.client.get('/v1/operational-webhook')),
      'DELETE /v1/operational-webhook': () =>
        notFound(mine.client.delete('/v1/operational-webhook')),
      'PUT /v1/operational-webhook': () => Promise.resolve(), // for the caller's company only
      'POST /v1/webhooks/:id/test-event': () =>
        notFound(mine.client.post(`/v1/webhooks/${theirWebhook}/test-event`, {})),
      'GET /v1/messages/:id': () => notFound(mine.client.get(`/v1/messages/${theirMessage}`)),
      'DELETE /v1/portal-links/:id': () =>
        notFound(mine.client.delete(`/v1/portal-links/${theirLink}`)),
      // A link (and the session it opens) acts for the company of the key that made it.
      'POST /v1/portal-links': async () => {
        const named = await mine.client.post<ErrorJson>('/v1/portal-links', {
          company: theirs.company,
        });
        expect([named.status, named.body.code]).toEqual([400, 'validation_failed']);
        const own = await mine.client.post<{ company: string }>('/v1/portal-links', {});
        expect(own).toMatchObject({ status: 201, body: { company: mine.company } });
      },
      'GET /v1/portal-links': async () => {
        expect((await mine.client.post('/v1/portal-links', { readOnly: true })).status).toBe(201);
        const page = (
          await mine.client.get<Page<{ id: string; company: string }>>('/v1/portal-links')
        ).body;
        expect(page.data.length).toBeGreaterThan(0);
        expect(page.data.every((entry) => entry.company === mine.company)).toBe(true);
        const named = await mine.client.get(`/v1/portal-links?company=${theirs.company}`);
        expect(named.status).toBe(400);
      },
      'POST /v1/portal-sessions': async () => {
        const session = await openPortalSession(mine.client);
        await notFound(session.get(`/v1/webhooks/${theirWebhook}`));
        await notFound(session.get(`/v1/messages/${theirMessage}`));
        const page = (await session.get<Page<{ id: string }>>('/v1/webhooks')).body;
        expect(page.data.map((webhook) => webhook.id)).toEqual([myWebhook]);
      },
      'GET /v1/portal-sessions/current': async () => {
        const session = await openPortalSession(mine.client);
        const current = await session.get<{ company: { id: string } }>(
          '/v1/portal-sessions/current',
        );
        expect(current).toMatchObject({ status: 200, body: { company: { id: mine.company } } });
      },
      'POST /v1/messages/:id/redeliver': () =>
        notFound(mine.client.post(`/v1/messages/${theirMessage}/redeliver`)),
      // Admin routes: a company's key id under another company's path, an unknown company.
      'DELETE /v1/companies/:company/api-keys/:id': () =>
        notFound(harness.admin.delete(`/v1/companies/${mine.company}/api-keys/${theirKeyId}`)),
      'POST /v1/companies/:company/api-keys': () =>
        notFound(harness.admin.post('/v1/companies/no-such-company/api-keys', { name: 'x' })),
      'GET /v1/companies/:company/api-keys': () =>
        notFound(harness.admin.get('/v1/companies/no-such-company/api-keys')),
      'GET /v1/companies/:company': () =>
        notFound(harness.admin.get('/v1/companies/no-such-company')),
      // Lists: only the caller's own rows, whatever the filter names.
      'GET /v1/webhooks': async () => {
        const page = (await mine.client.get<Page<{ id: string }>>('/v1/webhooks?limit=100')).body;
        expect(page.data.map((webhook) => webhook.id)).toEqual([myWebhook]);
      },
      'GET /v1/messages': async () => {
        const all = (await mine.client.get<Page<{ webhookId: string }>>('/v1/messages')).body;
        expect(all.data.length).toBeGreaterThan(0);
        expect(all.data.every((message) => message.webhookId === myWebhook)).toBe(true);
        const filtered = await mine.client.get<Page<unknown>>(
          `/v1/messages?webhookId=${theirWebhook}`,
        );
        expect(filtered).toEqual({ status: 200, body: { data: [], nextCursor: null } });
      },
      // Not company data: the company comes from the key (events) or there is none (catalog).
      'POST /v1/events': async () => {
        const sent = await mine.client.post('/v1/events', {
          id: 'evt_t2',
          event: 'user.update',
          data: {},
        });
        expect(sent.status).toBe(202);
      },
      'GET /v1/event-types': async () =>
        expect((await mine.client.get('/v1/event-types')).status).toBe(200),
      'POST /v1/webhooks': () => Promise.resolve(), // creates for the caller's company only
      'POST /v1/companies': () => Promise.resolve(), // harness.admin only, no company scope
      'GET /v1/companies': () => Promise.resolve(), // harness.admin only, no company scope
      'GET /v1/platform-status': () => Promise.resolve(), // harness.admin only, no company data
      'POST /v1/event-types': () => Promise.resolve(), // harness.admin only, global catalog
      'PATCH /v1/event-types/:name': () => Promise.resolve(), // harness.admin only, global catalog
    };

    const routes = registeredRoutes(harness.platform.apps.get('subscriptions')!).filter((route) =>
      route.includes(' /v1/'),
    );
    expect(routes.filter((route) => !(route in walk))).toEqual([]);
    for (const route of routes) {
      try {
        await walk[route]!();
      } catch (error) {
        throw new Error(`${route}: ${String(error)}`);
      }
    }

    // Nothing of theirs changed, and they still see it all.
    const theirView = await theirs.client.get<{ description: string; enabled: boolean }>(
      `/v1/webhooks/${theirWebhook}`,
    );
    expect(theirView).toMatchObject({
      status: 200,
      body: { description: 'theirs', enabled: true },
    });
    expect((await theirs.client.get(`/v1/messages/${theirMessage}`)).status).toBe(200);
    expect((await theirs.client.get('/v1/operational-webhook')).status).toBe(200);
    const [row] = (
      await db.query<{ revoked_at: Date | null }>('SELECT revoked_at FROM api_keys WHERE id = $1', [
        theirKeyId,
      ])
    ).rows;
    expect(row?.revoked_at).toBeNull();
  });

  it('answers 403 to API keys on admin routes and to the admin token on company routes', async () => {
    for (const [method, path, body] of [
      ['POST', '/v1/companies', { id: 'sneaky', name: 'Sneaky' }],
      ['POST', `/v1/companies/${mine.company}/api-keys`, { name: 'more' }],
      ['DELETE', `/v1/companies/${mine.company}/api-keys/key_x`, undefined],
      ['POST', '/v1/event-types', { name: 'sneaky.event', description: 'x' }],
      ['PATCH', '/v1/event-types/user.create', { deprecated: true }],
      ['GET', '/v1/companies', undefined],
      ['GET', `/v1/companies/${mine.company}`, undefined],
      ['GET', `/v1/companies/${mine.company}/api-keys`, undefined],
      ['GET', '/v1/platform-status', undefined],
    ] as const) {
      const answer = await mine.client.request<ErrorJson>(method, path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, 403, 'forbidden']);
    }
    for (const path of ['/v1/webhooks', '/v1/messages']) {
      expect((await harness.admin.get(path)).status).toBe(403);
    }
    expect((await harness.admin.get('/v1/event-types')).status).toBe(200);
  });

  it('answers 401 without a valid token', async () => {
    for (const token of ['', 'hsk_not-a-real-key', `hsk_${'A'.repeat(43)}`, 'Bearer']) {
      const answer = await mine.client.withToken(token).get<ErrorJson>('/v1/webhooks');
      expect(answer).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    }
  });

  it('issues hsk_ keys stored only as SHA-256, records their last use, and stops a revoked key at once', async () => {
    const created = await harness.admin.post<{ id: string; key: string; name: string }>(
      `/v1/companies/${mine.company}/api-keys`,
      { name: 'short-lived' },
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^hsk_[A-Za-z0-9_-]{43}$/);
    const client = mine.client.withToken(created.body.key);
    expect((await client.get('/v1/webhooks')).status).toBe(200);

    const row = await eventually(async () => {
      const result = await db.query<Record<string, unknown>>(
        'SELECT * FROM api_keys WHERE id = $1',
        [created.body.id],
      );
      return result.rows[0]?.last_used_at ? result.rows[0] : undefined;
    });
    expect(row.key_hash).toBe(createHash('sha256').update(created.body.key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.body.key);
    expect(row.key_prefix).toBe(created.body.key.slice(0, 12));

    expect(
      (await harness.admin.delete(`/v1/companies/${mine.company}/api-keys/${created.body.id}`))
        .status,
    ).toBe(204);
    expect((await client.get('/v1/webhooks')).status).toBe(401);
    expect((await client.post('/v1/events', { id: 'e', event: 'a.b', data: {} })).status).toBe(401);
    // Revoking twice: the key is gone.
    expect(
      (await harness.admin.delete(`/v1/companies/${mine.company}/api-keys/${created.body.id}`))
        .status,
    ).toBe(404);
    // The company's other key is untouched.
    expect((await mine.client.get('/v1/webhooks')).status).toBe(200);
  });
});
