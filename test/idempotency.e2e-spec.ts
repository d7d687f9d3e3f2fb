import { Client } from 'pg';
import { requestBodyHash } from '../apps/subscriptions/src/idempotency/canonical-json';
import { IdempotencyService } from '../apps/subscriptions/src/idempotency/idempotency.service';
import { ApiClient, newTenant } from './support/api-client';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';
import { Receiver } from './support/receiver';

interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  replayed: boolean;
}

describe('Idempotency-Key', () => {
  let platform: Platform;
  let admin: ApiClient;
  let receiver: Receiver;
  let db: Client;
  let tenant: { company: string; client: ApiClient };
  let token: string;

  beforeAll(async () => {
    platform = await Platform.start({}, { without: ['fanout', 'delivery'] });
    admin = new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN);
    receiver = await Receiver.start();
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    tenant = await newTenant(admin, 'idem');
    token = (tenant.client as unknown as { token: string }).token;
  });

  afterAll(async () => {
    await db?.end();
    await receiver?.close();
    await platform?.close();
  });

  /** A request with an Idempotency-Key, keeping the Idempotent-Replayed header. */
  async function call<T = Record<string, unknown>>(
    method: string,
    path: string,
    key: string | undefined,
    body: unknown,
    bearer = token,
  ): Promise<Answer<T>> {
    const response = await fetch(`${platform.apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer}`,
        'content-type': 'application/json',
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : undefined) as T,
      replayed: response.headers.get('idempotent-replayed') === 'true',
    };
  }

  const webhooksAt = async (url: string) => {
    const page = await tenant.client.get<{ data: Array<{ id: string; url: string }> }>(
      '/v1/webhooks?limit=100',
    );
    return page.body.data.filter((webhook) => webhook.url === url);
  };

  it('replays the first answer to a repeat, creating nothing more', async () => {
    const url = `${receiver.url}/replay`;
    const first = await call('POST', '/v1/webhooks', 'create-1', { url, events: ['user.*'] });
    expect(first).toMatchObject({ status: 201, replayed: false });
    expect(first.body.secret).toMatch(/^whsec_/);
    // Same meaning, other key order and spacing: the same request.
    const again = await call(
      'POST',
      '/v1/webhooks',
      'create-1',
      `{ "events": ["user.*"],   "url": "${url}" }`,
    );
    expect(again).toEqual({ status: 201, body: first.body, replayed: true });
    expect(await webhooksAt(url)).toHaveLength(1);
    // Without a key, a repeat is a new request.
    expect((await call('POST', '/v1/webhooks', undefined, { url })).status).toBe(201);
    expect(await webhooksAt(url)).toHaveLength(2);
  });

  it('answers 409 idempotency_key_reused to the same key with another body', async () => {
    const url = `${receiver.url}/reused`;
    expect((await call('POST', '/v1/webhooks', 'reuse-1', { url })).status).toBe(201);
    const other = await call('POST', '/v1/webhooks', 'reuse-1', { url, description: 'changed' });
    expect(other).toMatchObject({
      status: 409,
      body: { status: 409, code: 'idempotency_key_reused' },
      replayed: false,
    });
    expect(await webhooksAt(url)).toHaveLength(1);
  });

  it('keeps entries apart per method and path, per company, and for the admin token', async () => {
    const url = `${receiver.url}/scopes`;
    const created = await call('POST', '/v1/webhooks', 'shared', { url });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // Same key, other paths: other entries.
    const rotated = await call('POST', `/v1/webhooks/${id}/rotate-secret`, 'shared', {});
    expect(rotated).toMatchObject({ status: 200, replayed: false });
    const patched = await call('PATCH', `/v1/webhooks/${id}`, 'shared', { description: 'p' });
    expect(patched).toMatchObject({ status: 200, replayed: false });
    const event = await call('POST', '/v1/events', 'shared', {
      id: 'evt_i1',
      event: 'user.create',
      data: {},
    });
    expect(event).toMatchObject({ status: 202, replayed: false });
    // Same key and body, another company: its own webhook.
    const other = await newTenant(admin, 'idem-other');
    const theirs = await call(
      'POST',
      '/v1/webhooks',
      'shared',
      { url },
      (other.client as unknown as { token: string }).token,
    );
    expect(theirs).toMatchObject({ status: 201, replayed: false });
    expect(theirs.body.id).not.toBe(id);
    // Admin calls have their own scope; a repeat does not answer 409 company_exists.
    const company = { id: `idem-co-${Date.now()}`, name: 'Idem' };
    const adminKey = `shared-${company.id}`; // the admin scope outlives this run's tenants
    const first = await call('POST', '/v1/companies', adminKey, company, TEST_ADMIN_TOKEN);
    const repeat = await call('POST', '/v1/companies', adminKey, company, TEST_ADMIN_TOKEN);
    expect(first.status).toBe(201);
    expect(repeat).toEqual({ ...first, replayed: true });
    const unkeyed = await call('POST', '/v1/companies', undefined, company, TEST_ADMIN_TOKEN);
    expect(unkeyed.body.code).toBe('company_exists');
  });

  it('replays a PATCH without applying it again', async () => {
    const created = await call('POST', '/v1/webhooks', undefined, { url: `${receiver.url}/p` });
    const path = `/v1/webhooks/${created.body.id as string}`;
    const first = await call('PATCH', path, 'patch-1', { description: 'first' });
    expect(first).toMatchObject({ status: 200, body: { description: 'first' } });
    expect((await call('PATCH', path, undefined, { description: 'later' })).status).toBe(200);
    const repeat = await call('PATCH', path, 'patch-1', { description: 'first' });
    expect(repeat).toEqual({ ...first, replayed: true });
    expect((await tenant.client.get<{ description: string }>(path)).body.description).toBe('later');
  });

  it('saves 4xx answers too, and validates the key', async () => {
    const bad = await call('POST', '/v1/webhooks', 'bad-1', { url: 'nope' });
    expect(bad).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(await call('POST', '/v1/webhooks', 'bad-1', { url: 'nope' })).toEqual({
      ...bad,
      replayed: true,
    });
    const recover = '/v1/webhooks/wh_01ARZ3NDEKTSV4RRFFQ69G5FAV/recover';
    const since = new Date(Date.now() - 60_000).toISOString();
    const missing = await call('POST', recover, 'nf', { since });
    expect(missing).toMatchObject({ status: 404, replayed: false });
    expect(await call('POST', recover, 'nf', { since })).toEqual({ ...missing, replayed: true });
    const otherSince = await call('POST', recover, 'nf', { since: new Date(0).toISOString() });
    expect(otherSince.body.code).toBe('idempotency_key_reused');

    for (const key of ['', 'x'.repeat(256), 'tab\tinside']) {
      const answer = await call('POST', '/v1/webhooks', key, { url: `${receiver.url}/k` });
      expect([key, answer.status, answer.body.code]).toEqual([key, 400, 'validation_failed']);
    }
    expect(
      (await call('POST', '/v1/webhooks', 'x'.repeat(255), { url: `${receiver.url}/k` })).status,
    ).toBe(201);
  });

  it('creates one resource from concurrent requests with one key', async () => {
    const url = `${receiver.url}/concurrent`;
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call('POST', '/v1/webhooks', 'concurrent-1', { url })),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    expect(await webhooksAt(url)).toHaveLength(1);
  });

  it('answers 409 idempotency_key_in_progress when the first request does not finish in time', async () => {
    const store = platform.apps.get('subscriptions')!.get(IdempotencyService);
    const request = {
      scope: `company:${tenant.company}`,
      key: 'slow-1',
      method: 'POST',
      path: '/v1/webhooks',
      requestHash: requestBodyHash({ url: 'https://93.184.216.34/' }),
    };
    const first = await store.claim(request);
    expect(first.kind).toBe('claimed');
    await expect(store.claim(request, 300)).resolves.toEqual({ kind: 'in_progress' });
    await expect(
      store.claim({ ...request, requestHash: requestBodyHash({}) }, 300),
    ).resolves.toEqual({ kind: 'reused' });
    // A 5xx releases it: the next one runs.
    await store.abandon((first as { id: string }).id);
    await expect(store.claim(request, 300)).resolves.toMatchObject({ kind: 'claimed' });
  });

  it('forgets keys after 24 hours: expired entries are ignored, then deleted', async () => {
    const url = `${receiver.url}/expiry`;
    const first = await call('POST', '/v1/webhooks', 'expiring-1', { url });
    const { rows } = await db.query<{ expires_at: Date; created_at: Date; response_body: string }>(
      `SELECT expires_at, created_at, response_body FROM idempotency_keys WHERE key = 'expiring-1' AND scope = $1`,
      [`company:${tenant.company}`],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(24 * 3_600_000);
    // The saved answer holds the webhook's secret: stored encrypted, never in clear.
    expect(rows[0]?.response_body).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(rows[0]?.response_body).not.toContain(first.body.secret as string);

    await db.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring-1'`,
    );
    const after = await call('POST', '/v1/webhooks', 'expiring-1', { url });
    expect(after).toMatchObject({ status: 201, replayed: false });
    expect(after.body.id).not.toBe(first.body.id);

    await db.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'expiring-1'`,
    );
    const store = platform.apps.get('subscriptions')!.get(IdempotencyService);
    expect(await store.deleteExpired()).toBeGreaterThanOrEqual(1);
    const left = await db.query(`SELECT 1 FROM idempotency_keys WHERE expires_at <= now()`);
    expect(left.rowCount).toBe(0);
  });
});
