import { ApiClient, newTenant } from './support/api-client';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';
import { type ErrorJson } from './support/api-types';

/**
 * The SSRF guard at creation and update, with no private range allowed. Only IP literals and
 * localhost names: nothing here may depend on real DNS. No connection is made at creation.
 */
describe('webhook URL policy (ALLOWED_PRIVATE_CIDRS empty)', () => {
  let platform: Platform;
  let client: ApiClient;

  beforeAll(async () => {
    platform = await Platform.start(
      { ALLOWED_PRIVATE_CIDRS: '', ALLOW_HTTP_URLS: 'true' },
      { without: ['fanout', 'delivery'] },
    );
    ({ client } = await newTenant(new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN), 'ssrf'));
  });

  afterAll(async () => {
    await platform?.close();
  });

  it.each([
    ['http://10.0.0.1/', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[::1]/', 'loopback'],
    ['http://localhost/', 'loopback'],
    ['http://api.localhost:8080/hook', 'loopback'],
    ['http://127.0.0.1:3000/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://0.0.0.0/', ''],
    ['http://100.64.0.1/', ''],
    ['http://192.168.1.1/', 'private'],
    ['http://[fd00::1]/', ''],
    ['http://224.0.0.1/', ''],
  ])('refuses %s with 400 url_not_allowed and the reason', async (url, label) => {
    const answer = await client.post<ErrorJson>('/v1/webhooks', { url });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({
      status: 400,
      code: 'url_not_allowed',
      details: [{ path: 'url', reason: 'address_not_allowed' }],
    });
    expect(answer.body.message).toMatch(/^url: .*not allowed/);
    expect(answer.body.message.toLowerCase()).toContain(label.toLowerCase());
  });

  it('accepts https to a public address, without connecting to it', async () => {
    const started = Date.now();
    const answer = await client.post<{ url: string }>('/v1/webhooks', {
      url: 'https://93.184.216.34/hooks?a=1',
    });
    expect(answer).toMatchObject({ status: 201, body: { url: 'https://93.184.216.34/hooks?a=1' } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses credentials in the URL and schemes other than http(s)', async () => {
    for (const [url, reason] of [
      ['https://user:secret@93.184.216.34/', 'credentials_not_allowed'],
      ['ftp://93.184.216.34/', 'scheme_not_allowed'],
      ['file:///etc/passwd', 'scheme_not_allowed'],
    ]) {
      const answer = await client.post<ErrorJson>('/v1/webhooks', { url });
      expect([url, answer.status, answer.body.code, answer.body.details?.[0]?.reason]).toEqual([
        url,
        400,
        'url_not_allowed',
        reason,
      ]);
    }
  });

  it('refuses re-pointing an existing webhook at a private address, and changes nothing', async () => {
    const created = await client.post<{ id: string; url: string }>('/v1/webhooks', {
      url: 'https://93.184.216.34/before',
      description: 'kept',
    });
    expect(created.status).toBe(201);
    const path = `/v1/webhooks/${created.body.id}`;
    for (const url of [
      'http://10.0.0.1/',
      'http://169.254.169.254/',
      'http://[::1]/',
      'http://localhost/',
    ]) {
      const answer = await client.patch<ErrorJson>(path, { url, description: 'changed' });
      expect([url, answer.status, answer.body.code]).toEqual([url, 400, 'url_not_allowed']);
    }
    expect((await client.get(path)).body).toMatchObject({
      url: 'https://93.184.216.34/before',
      description: 'kept',
    });
    const moved = await client.patch<{ url: string }>(path, { url: 'https://93.184.216.35/after' });
    expect(moved).toMatchObject({ status: 200, body: { url: 'https://93.184.216.35/after' } });
  });
});
