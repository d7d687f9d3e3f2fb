import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { Client } from 'pg';
import { type Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { type ApiClient, newTenant } from './support/api-client';
import { type MessageJson, type Page as ListPage } from './support/api-types';
import {
  type Browser,
  focusedElement,
  launchBrowser,
  overflowsHorizontally,
  screenshot,
  waitForText,
} from './support/browser';
import { eventually } from './support/eventually';
import { useHarness } from './support/harness';
import { TEST_ADMIN_TOKEN } from './support/platform';
import { type PortalLinkJson } from './support/portal';
import { type ReceivedRequest } from './support/receiver';
import { forwardApps, type TcpForwarder } from './support/tcp-forwarder';

/** Fixed ports of this file: where subscriptions finds the other apps, and an embedding site. */
const FANOUT_PORT = 41_211;
const DELIVERY_PORT = 41_212;
const EMBEDDING_PORT = 41_213;

/**
 * The console and the portal in a real browser (Debian's Chromium through playwright-core)
 * against the real platform: a portal link's whole journey (create an endpoint, test event,
 * delivered, failing receiver and its retry, redeliver, rotate the secret), expired and revoked
 * links, keyboard use, a narrow screen, embedding, and the operator console. Every /v1 call the
 * pages make must be in the OpenAPI document (the console has no private API). Screenshots of
 * the main pages go to docs/screenshots/ for the README.
 */
describe('console and portal in a browser', () => {
  let browser: Browser;
  let db: Client;
  const forwarders: TcpForwarder[] = [];
  // Declared before the harness so that it runs first: Chromium's keep-alive connections would
  // keep the apps' HTTP servers from closing.
  afterAll(async () => {
    await browser?.close();
    await Promise.all(forwarders.map((forwarder) => forwarder.close()));
    await db?.end();
  });
  const harness = useHarness({
    FANOUT_URL: `http://127.0.0.1:${FANOUT_PORT}`,
    DELIVERY_URL: `http://127.0.0.1:${DELIVERY_PORT}`,
    PORTAL_FRAME_ANCESTORS: `'self' http://127.0.0.1:${EMBEDDING_PORT}`,
  });
  /** `METHOD /v1/path` of every API call the pages made. */
  const apiCalls = new Set<string>();

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    forwarders.push(
      ...(await forwardApps({ fanout: FANOUT_PORT, delivery: DELIVERY_PORT }, (app) =>
        harness.platform.url(app),
      )),
    );
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: harness.platform.apiUrl,
    });
    browser.context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/v1/')) apiCalls.add(`${request.method()} ${url.pathname}`);
    });
  }, 60_000);

  async function portalLink(
    maker: ApiClient,
    body: Record<string, unknown> = {},
  ): Promise<PortalLinkJson> {
    const link = await maker.post<PortalLinkJson>('/v1/portal-links', body);
    expect(link.status).toBe(201);
    return link.body;
  }

  async function openPortal(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();
    return page;
  }

  const signatureHeaders = (request: ReceivedRequest) => ({
    'webhook-id': String(request.headers['webhook-id']),
    'webhook-timestamp': String(request.headers['webhook-timestamp']),
    'webhook-signature': String(request.headers['webhook-signature']),
  });

  it('serves the console with a strict CSP, immutable assets and an uncached index.html', async () => {
    const index = await fetch(`${harness.platform.apiUrl}/console/portal/webhooks`);
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-store');
    const csp = index.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain(`frame-ancestors 'self' http://127.0.0.1:${EMBEDDING_PORT}`);
    expect(index.headers.get('x-content-type-options')).toBe('nosniff');
    expect(index.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await index.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const script = await fetch(`${harness.platform.apiUrl}${asset}`);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    const missing = await fetch(`${harness.platform.apiUrl}/console/assets/nope-123.js`);
    expect([missing.status, ((await missing.json()) as { code: string }).code]).toEqual([
      404,
      'not_found',
    ]);
    const bare = await fetch(`${harness.platform.apiUrl}/console`, { redirect: 'manual' });
    expect([bare.status, bare.headers.get('location')]).toEqual([308, '/console/']);
    const escape = await fetch(
      `${harness.platform.apiUrl}/console/assets/%2e%2e%2f%2e%2e%2fpackage.json`,
    );
    expect(escape.status).toBe(404);
  });

  it('walks a portal link’s journey: endpoint, test event, failure and retry, redeliver, rotation', async () => {
    const { client } = await newTenant(harness.admin, 'journey');
    const link = await portalLink(client);
    const page = await openPortal(link.url);
    // The token left the address bar (and history) at once.
    expect(new URL(page.url()).hash).toBe('');
    await waitForText(
      page.getByRole('banner'),
      link.company === '' ? '' : `Company ${link.company}`,
    );

    // A new endpoint, subscribed to one group of the catalog; its secret shown once.
    await page.getByRole('link', { name: 'Add endpoint' }).click();
    await page.getByLabel('Endpoint URL').fill(`${harness.receiver.url}/journey`);
    await page.getByLabel('Description (optional)').fill('Order service');
    await page.getByLabel('All events *').uncheck();
    await page.getByLabel('every user.* event').check();
    await page.getByLabel('every transaction.* event').check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint added' }).waitFor();
    const secret = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await waitForText(page.getByRole('status'), 'Copied');
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(secret);
    await screenshot(page, 'portal-secret');
    await page.getByRole('link', { name: 'Go to the endpoint' }).click();
    await waitForText(page.locator('main'), 'transaction.*');

    // A test event: delivered, signed with that secret, its attempt in the log.
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('link', { name: 'Follow its delivery' }).click();
    await waitForText(page.getByRole('heading', { level: 1 }), 'delivered');
    await waitForText(page.getByRole('region', { name: 'Attempts' }), 'success');
    const [first] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/journey');
    expect(new Webhook(secret).verify(first.body, signatureHeaders(first))).toMatchObject({
      event: 'hookstream.test',
    });

    // The receiver fails: the failed attempt and its scheduled retry show, then it delivers.
    harness.receiver.respondWith((request, response) =>
      request.path === '/journey'
        ? response.writeHead(500, { 'content-type': 'text/plain' }).end('database is down')
        : response.writeHead(204).end(),
    );
    await page.getByRole('link', { name: 'Messages', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await page.goBack();
    await page.goBack();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByRole('link', { name: 'Follow its delivery' }).click();
    const attempts = page.getByRole('region', { name: 'Attempts' });
    await waitForText(attempts, '500');
    await waitForText(attempts, /retry (in|now)/);
    await waitForText(attempts, 'database is down');
    await screenshot(page, 'portal-message-retrying');
    harness.receiver.respondWith((_request, response) => response.writeHead(204).end());
    await waitForText(page.getByRole('heading', { level: 1 }), 'delivered', 30_000);
    expect(await attempts.getByRole('row').count()).toBeGreaterThanOrEqual(3); // header, failure, success

    // Redeliver: a new attempt series, same message.
    const rowsBefore = await attempts.getByRole('row').count();
    const messageId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('button', { name: 'Redeliver' }).click();
    await eventually(
      async () => ((await attempts.getByRole('row').count()) > rowsBefore ? true : undefined),
      20_000,
    );
    const redelivered = await harness.receiver.waitFor(
      1,
      20_000,
      (r) => r.path === '/journey' && r.body.includes('"redelivery":true'),
    );
    expect(redelivered[0].headers['webhook-id']).toBe(messageId);
    await screenshot(page, 'portal-message');

    // Rotate the secret: the new one shown once; both sign during the grace period.
    await page.getByRole('link', { name: /^wh_/ }).click();
    await page.getByLabel('Old secret keeps signing for').selectOption({ label: '1 hour' });
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = await page.getByRole('textbox', { name: 'New signing secret' }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await waitForText(page.locator('main'), 'The previous secret keeps signing until');
    const before = harness.receiver.requests.length;
    await page.getByRole('button', { name: 'Send test event' }).click();
    const [afterRotation] = await harness.receiver.waitFor(
      1,
      20_000,
      (r) => harness.receiver.requests.indexOf(r) >= before && r.path === '/journey',
    );
    expect(
      new Webhook(rotated).verify(afterRotation.body, signatureHeaders(afterRotation)),
    ).toBeDefined();
    expect(
      new Webhook(secret).verify(afterRotation.body, signatureHeaders(afterRotation)),
    ).toBeDefined();
    expect(String(afterRotation.headers['webhook-signature']).split(' ')).toHaveLength(2);

    // Health: the stats endpoint where it exists, otherwise the message log.
    const health = page.getByRole('region', { name: 'Health, last 24 hours' });
    await waitForText(health, 'Success rate');
    await waitForText(health, '%');
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await waitForText(page.getByRole('region', { name: 'Health, last 24 hours' }), '%');
    await screenshot(page, 'portal-webhook');

    // The message log, filtered: status and endpoint, kept in the address.
    await page.getByRole('link', { name: 'Messages sent to this endpoint →' }).click();
    await page.getByLabel('Status').selectOption('delivered');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(() => Promise.resolve(page.url().includes('status=delivered') || undefined));
    const table = page.getByRole('region', { name: 'Messages' });
    await waitForText(table, 'delivered');
    expect(await table.getByText('failed', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Clear' }).click();
    await waitForText(table, 'hookstream.test');
    await screenshot(page, 'portal-messages');
    await page.getByRole('link', { name: 'Endpoints' }).click();
    await page.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();
    await waitForText(page.locator('main'), 'Order service');
    await screenshot(page, 'portal-webhooks');

    // The session survives a reload (sessionStorage), and the link's token is in no storage.
    const stored = String(
      await page.evaluate('JSON.stringify({ ...sessionStorage, ...localStorage })'),
    );
    expect(stored).not.toContain(new URL(link.url).hash.slice('#token='.length));
    expect(stored).toContain('hsps_');
    await page.close();
  });

  it('shows a clear page for an expired link, a revoked one and a session that ended', async () => {
    const { client } = await newTenant(harness.admin, 'expired');
    const expired = await portalLink(client);
    await db.query(
      `UPDATE portal_links SET expires_at = now() - interval '1 second' WHERE id = $1`,
      [expired.id],
    );
    const page = await browser.context.newPage();
    await page.goto(expired.url);
    await page
      .getByRole('heading', { name: 'This portal link has expired or was revoked' })
      .waitFor();
    expect(new URL(page.url()).hash).toBe('');
    await screenshot(page, 'portal-expired');

    const revoked = await portalLink(client);
    expect((await client.delete(`/v1/portal-links/${revoked.id}`)).status).toBe(204);
    await page.goto(revoked.url);
    await page
      .getByRole('heading', { name: 'This portal link has expired or was revoked' })
      .waitFor();

    // Revoked while open: the next call ends the session, with its own page. Revoked only once
    // the page has its answers (the session check, the list): the heading shows before them, and
    // a call still on its way would end the session before the click.
    const live = await portalLink(client);
    const checked = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/v1/portal-sessions/current',
    );
    await page.goto(live.url);
    await page.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();
    expect((await checked).status()).toBe(200);
    await page.getByRole('heading', { name: 'No endpoints yet' }).waitFor();
    expect((await client.delete(`/v1/portal-links/${live.id}`)).status).toBe(204);
    await page.getByRole('link', { name: 'Messages' }).click();
    await page.getByRole('heading', { name: 'Your portal session has ended' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Open the portal with a link' }).waitFor();
    await page.close();
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    const { client } = await newTenant(harness.admin, 'keyboard');
    const page = await openPortal((await portalLink(client)).url);
    const focused = () => focusedElement(page);
    // The new page's heading has focus, so Tab goes on into the page; the skip link is the
    // first stop of the page and shows when focused.
    expect(await focused()).toMatchObject({ tag: 'H1', text: 'Endpoints' });
    for (
      let presses = 0;
      presses < 6 && (await focused()).text !== 'Skip to content';
      presses += 1
    ) {
      await page.keyboard.press('Shift+Tab');
    }
    expect(await focused()).toMatchObject({ text: 'Skip to content' });
    expect(await page.getByRole('link', { name: 'Skip to content' }).isVisible()).toBe(true);
    const tabTo = async (text: string) => {
      for (let presses = 0; presses < 40; presses += 1) {
        await page.keyboard.press('Tab');
        const now = await focused();
        if (now.text === text || now.label === text) return now;
      }
      throw new Error(`Tab never reached ${text}`);
    };
    const add = await tabTo('Add endpoint');
    expect(add.outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Add an endpoint' }).waitFor();
    await tabTo('Endpoint URL');
    await page.keyboard.type(`${harness.receiver.url}/keyboard`);
    // Everything is chosen at first; Space takes it back, then chooses one group.
    expect((await tabTo('All events *')).tag).toBe('INPUT');
    await page.keyboard.press('Space');
    expect((await tabTo('every email.* event')).tag).toBe('INPUT');
    await page.keyboard.press('Space');
    await tabTo('Add endpoint');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Endpoint added' }).waitFor();
    const webhooks = (await client.get<ListPage<{ url: string; events: string[] }>>('/v1/webhooks'))
      .body;
    expect(webhooks.data).toEqual([
      expect.objectContaining({ url: `${harness.receiver.url}/keyboard`, events: ['email.*'] }),
    ]);
    await page.close();
  });

  it('edits, disables, enables, recovers and deletes an endpoint; a read-only portal only reads', async () => {
    const { client } = await newTenant(harness.admin, 'manage');
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/manage`,
      events: ['user.create'],
    });
    const page = await openPortal((await portalLink(client)).url);
    await page.getByRole('link', { name: `${harness.receiver.url}/manage` }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Description (optional)').fill('Renamed');
    await page.getByLabel('every email.* event').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await waitForText(page.locator('main'), 'Renamed');
    const saved = await client.get<{ description: string; events: string[] }>(
      `/v1/webhooks/${created.body.id}`,
    );
    expect(saved.body).toMatchObject({
      description: 'Renamed',
      events: ['user.create', 'email.*'],
    });

    await page.getByRole('button', { name: 'Disable' }).click();
    await waitForText(page.locator('main'), 'disabled');
    expect(await page.getByRole('button', { name: 'Send test event' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();

    // A failed message, recovered from the page.
    harness.receiver.respondWith((request, response) =>
      response.writeHead(request.path === '/manage' ? 503 : 204).end(),
    );
    const sent = await client.post<{ messageId: string }>(
      `/v1/webhooks/${created.body.id}/test-event`,
      {},
    );
    await eventually(async () => {
      const message = await client.get<MessageJson>(`/v1/messages/${sent.body.messageId}`);
      return message.body.status === 'failed' ? true : undefined;
    }, 30_000);
    harness.receiver.respondWith((_request, response) => response.writeHead(204).end());
    // Exhaustion disables it (DISABLE_ON_EXHAUSTION): enable it again, then recover.
    await eventually(async () => {
      const webhook = await client.get<{ enabled: boolean }>(`/v1/webhooks/${created.body.id}`);
      return webhook.body.enabled ? undefined : true;
    });
    await page.reload();
    await page.getByRole('button', { name: 'Enable', exact: true }).click();
    await page.getByRole('button', { name: 'Disable' }).waitFor();
    await waitForText(page.getByRole('region', { name: 'Health, last 24 hours' }), 'View attempts');
    await page.getByRole('button', { name: 'Recover' }).click();
    await waitForText(page.locator('main'), '1 failed message sent again.');
    await eventually(async () => {
      const message = await client.get<MessageJson>(`/v1/messages/${sent.body.messageId}`);
      return message.body.status === 'delivered' ? true : undefined;
    }, 20_000);

    // A read-only link shows the same endpoint without a single control that changes it.
    const readOnly = await openPortal((await portalLink(client, { readOnly: true })).url);
    await waitForText(readOnly.getByRole('banner'), 'read-only');
    expect(await readOnly.getByRole('link', { name: 'Add endpoint' }).count()).toBe(0);
    await readOnly.getByRole('link', { name: `${harness.receiver.url}/manage` }).click();
    await waitForText(readOnly.locator('main'), 'Renamed');
    for (const name of [
      'Edit',
      'Disable',
      'Delete',
      'Send test event',
      'Rotate secret',
      'Recover',
    ]) {
      expect([name, await readOnly.getByRole('button', { name, exact: true }).count()]).toEqual([
        name,
        0,
      ]);
    }
    await readOnly.close();

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();
    expect((await client.get(`/v1/webhooks/${created.body.id}`)).status).toBe(404);
    await page.close();
  });

  it('fits a narrow screen', async () => {
    const { client } = await newTenant(harness.admin, 'narrow');
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/narrow/a/rather/long/path/that/wraps?and=a&query=string`,
      events: ['user.create', 'user.update', 'transaction.*'],
    });
    const sent = await client.post<{ messageId: string }>(
      `/v1/webhooks/${created.body.id}/test-event`,
      {},
    );
    await eventually(async () => {
      const message = await client.get<MessageJson>(`/v1/messages/${sent.body.messageId}`);
      return message.body.status === 'delivered' ? true : undefined;
    });
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto((await portalLink(client)).url);
    await page.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'portal-narrow');
    await page.goto(`${harness.platform.apiUrl}/console/portal/messages/${sent.body.messageId}`);
    await waitForText(page.getByRole('heading', { level: 1 }), 'delivered');
    expect(await overflowsHorizontally(page)).toBe(false);
    await page.goto(`${harness.platform.apiUrl}/console/portal/webhooks/${created.body.id}`);
    await waitForText(page.locator('main'), 'Send a test event');
    expect(await overflowsHorizontally(page)).toBe(false);
    await screenshot(page, 'portal-narrow-webhook');
    await page.close();
  });

  it('opens in an iframe of a site PORTAL_FRAME_ANCESTORS names, and no other', async () => {
    const { client } = await newTenant(harness.admin, 'embedded');
    const sites: Server[] = [];
    const site = async (port: number, link: string) => {
      const server = createServer((_request, response) =>
        response
          .writeHead(200, { 'content-type': 'text/html' })
          .end(
            `<!doctype html><title>Your product</title><h1>Your product</h1><iframe title="Webhooks" src="${link}" width="1100" height="700"></iframe>`,
          ),
      );
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      sites.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    };
    try {
      const page = await browser.context.newPage();
      await page.goto(await site(EMBEDDING_PORT, (await portalLink(client)).url));
      const frame = page.frameLocator('iframe[title="Webhooks"]');
      await frame.getByRole('heading', { level: 1, name: 'Endpoints' }).waitFor();

      const refused: string[] = [];
      page.on('console', (message) => refused.push(message.text()));
      await page.goto(await site(0, (await portalLink(client)).url));
      await eventually(() =>
        Promise.resolve(refused.some((text) => /frame-ancestors/.test(text)) || undefined),
      );
      const blocked = page.frames().find((candidate) => candidate !== page.mainFrame());
      expect(await blocked?.content()).not.toContain('Endpoints');
      await page.close();
    } finally {
      // Stop listening; Chromium's keep-alive connections are cut rather than waited for.
      for (const server of sites) {
        server.close();
        server.closeAllConnections();
      }
    }
  });

  it('lets the operator create a company and a key, make a portal link and watch the platform', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${harness.platform.apiUrl}/console/`);
    await page.getByRole('link', { name: /Operator console/ }).click();
    await page.getByLabel('Admin token').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await waitForText(page.getByRole('alert'), 'Not signed in');
    await page.getByLabel('Admin token').fill(TEST_ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Companies' }).waitFor();

    const id = `op-${Math.random().toString(36).slice(2, 8)}`;
    await page.getByLabel('Id').fill(id);
    await page.getByLabel('Name').fill('Operator Demo Ltd');
    await page.getByRole('button', { name: 'Create company' }).click();
    await page.getByRole('heading', { level: 1, name: 'Operator Demo Ltd' }).waitFor();

    await page.getByLabel('Name of the new key').fill('backend');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const key = await page.getByRole('textbox', { name: 'API key “backend”' }).inputValue();
    expect(key).toMatch(/^hsk_[A-Za-z0-9_-]{43}$/);
    expect((await harness.admin.withToken(key).get('/v1/webhooks')).status).toBe(200);
    await waitForText(page.getByRole('region', { name: 'API keys' }), key.slice(0, 12));

    await page.getByLabel('Works for').selectOption({ label: '24 hours' });
    await page.getByRole('button', { name: 'Create portal link' }).click();
    const url = await page.getByRole('textbox', { name: 'Portal link' }).inputValue();
    expect(url).toMatch(/\/console\/portal#token=hspl_/);
    await waitForText(page.getByRole('region', { name: 'Portal links' }), 'active');
    await screenshot(page, 'operator-company');

    // The key is revoked from the same page; it stops at once.
    await page.getByRole('button', { name: 'Revoke' }).first().click();
    await page.getByRole('button', { name: 'Revoke backend' }).click();
    await waitForText(page.getByRole('region', { name: 'API keys' }), 'revoked');
    expect((await harness.admin.withToken(key).get('/v1/webhooks')).status).toBe(401);

    const portal = await openPortal(url);
    await waitForText(portal.getByRole('banner'), 'Operator Demo Ltd');
    await portal.close();

    const nav = page.getByRole('navigation', { name: 'Operator console' });
    await nav.getByRole('link', { name: 'Companies' }).click();
    // By id, 25 a page: page through until the new company shows.
    const companies = page.getByRole('region', { name: 'Companies' });
    await waitForText(companies, 'Created');
    for (let pages = 1; !(await companies.textContent())?.includes(id); pages += 1) {
      expect(pages).toBeLessThan(50);
      await page.getByRole('button', { name: 'Next →' }).click();
      await waitForText(page.getByRole('navigation', { name: 'Pages' }), `Page ${pages + 1}`);
    }
    await screenshot(page, 'operator-companies');

    await nav.getByRole('link', { name: 'Event types' }).click();
    const typeName = `${id.replace(/-/g, '_')}.created`;
    await page.getByLabel('Name').fill(typeName);
    await page.getByLabel('Description').fill('When something is created');
    await page.getByRole('button', { name: 'Add event type' }).click();
    await waitForText(page.getByRole('region', { name: 'Event types' }), typeName);
    await page.getByRole('button', { name: `Deprecate ${typeName}` }).click();
    await page.getByRole('button', { name: `Offer ${typeName}` }).waitFor();

    await nav.getByRole('link', { name: 'Platform status' }).click();
    const apps = page.getByRole('region', { name: 'Apps' });
    await eventually(
      async () =>
        (await apps.getByText('ready', { exact: true }).count()) === 3 ? true : undefined,
      20_000,
    );
    // Rates appear from the second reading on (the page refreshes every 5 s).
    await waitForText(
      page.getByRole('region', { name: 'Deliveries per second' }),
      /Over the last \d+ s/,
      20_000,
    );
    await waitForText(page.getByRole('region', { name: 'Consumer lag' }), 'hookstream.events');
    await screenshot(page, 'operator-status');
    await page.close();
  });

  it('calls only routes of the OpenAPI document', async () => {
    const document = (await (await fetch(`${harness.platform.apiUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => ({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    );
    expect(apiCalls.size).toBeGreaterThan(15);
    const undocumented = [...apiCalls].filter((call) => {
      const [method, path] = call.split(' ');
      return !documented.some((route) => route.method === method && route.pattern.test(path!));
    });
    expect(undocumented).toEqual([]);
    expect([...apiCalls].some((call) => /^GET \/v1\/webhooks\/[^/]+\/stats$/.test(call))).toBe(
      true,
    );
  });
});
