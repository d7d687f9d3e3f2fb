import { type ApiClient, newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { type MessageJson } from '../support/api-types';

/** DELIVERY_TIMEOUT is 3s here. */
describe('what counts as success, and how badly behaved receivers are bounded', () => {
  const harness = useHarness();
  let client: ApiClient;
  const PATHS = ['/accepted', '/redirect', '/huge', '/hang', '/trickle'] as const;
  const attempts = new Map<string, ReturnType<typeof attemptOnce>>();

  beforeAll(async () => {
    ({ client } = await newTenant(harness.admin, 'behaviour'));
    harness.receiver.respondWith((request, response) => {
      switch (request.path) {
        case '/redirect':
          return void response.writeHead(302, { location: `${harness.receiver.url}/target` }).end();
        case '/huge':
          response.writeHead(500, { 'content-type': 'text/plain' });
          return void response.end('x'.repeat(1024 * 1024));
        case '/hang':
          return; // never answers
        case '/trickle': {
          response.writeHead(200, { 'content-type': 'text/plain' });
          const timer = setInterval(() => response.write('.'), 200);
          response.on('close', () => clearInterval(timer));
          return;
        }
        case '/accepted':
          return void response.writeHead(202).end('queued');
        default:
          return void response.writeHead(204).end();
      }
    });
    // Every receiver gets its event at once: the two timeouts then run side by side, and each
    // test below awaits (and judges) its own.
    for (const path of PATHS) {
      const attempt = attemptOnce(path);
      attempt.catch(() => undefined); // judged by its test; not an unhandled rejection meanwhile
      attempts.set(path, attempt);
    }
  });

  function firstAttempt(path: (typeof PATHS)[number]) {
    const attempt = attempts.get(path);
    if (!attempt) throw new Error(`no attempt started for ${path}`);
    return attempt;
  }

  /** Creates a webhook for `path`, sends one event, returns its first attempt once logged. */
  async function attemptOnce(path: string) {
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}${path}`,
    });
    await client.post('/v1/events', {
      id: `evt${path.replace('/', '_')}`,
      event: 'user.create',
      data: {},
    });
    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === path);
    const messageId = request.headers['webhook-id'] as string;
    const message = await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return found.body?.attempts?.length ? found.body : undefined;
    });
    return { webhookId: created.body.id, message, attempt: message.attempts[0] };
  }

  it('treats any 2xx as success', async () => {
    const { message, attempt } = await firstAttempt('/accepted');
    expect(attempt).toMatchObject({ statusCode: 202, outcome: 'success', responseBody: 'queued' });
    expect(message.status).toBe('delivered');
  });

  it('does not follow a redirect: a 3xx is a failure', async () => {
    const { message, attempt } = await firstAttempt('/redirect');
    expect(attempt).toMatchObject({ statusCode: 302, outcome: 'failure', error: 'HTTP 302' });
    expect(message.status).toBe('pending');
    expect(harness.receiver.requests.filter((r) => r.path === '/target')).toHaveLength(0);
  });

  it('keeps at most 4 KiB of a huge response body', async () => {
    const { attempt } = await firstAttempt('/huge');
    expect(attempt?.statusCode).toBe(500);
    expect(attempt?.responseBody).toBe('x'.repeat(4096));
  });

  it('times out a receiver that never answers', async () => {
    const { attempt } = await firstAttempt('/hang');
    expect(attempt).toMatchObject({ statusCode: null, outcome: 'timeout' });
    expect(attempt?.durationMs).toBeGreaterThanOrEqual(2_900);
    expect(attempt?.durationMs).toBeLessThan(6_000);
  });

  it('times out a receiver that trickles its body, with one deadline for the whole attempt', async () => {
    const { attempt } = await firstAttempt('/trickle');
    expect(attempt).toMatchObject({ outcome: 'timeout' });
    expect(attempt?.durationMs).toBeLessThan(6_000);
  });

  it('records a connection error and retries it', async () => {
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: 'http://127.0.0.1:9/refused',
    });
    expect(created.status).toBe(201);
    await client.post('/v1/events', { id: 'evt_refused', event: 'user.update', data: {} });
    const message = await eventually(async () => {
      const list = await client.get<{ data: Array<{ id: string; webhookId: string }> }>(
        `/v1/messages?webhookId=${created.body.id}`,
      );
      const id = list.body.data[0]?.id;
      if (!id) return undefined;
      const found = await client.get<MessageJson>(`/v1/messages/${id}`);
      return found.body.attempts.length ? found.body : undefined;
    });
    expect(message.attempts[0]).toMatchObject({ outcome: 'error', statusCode: null });
    expect(message.attempts[0]?.error).toMatch(/ECONNREFUSED/);
    expect(message.status).toBe('pending');
  });
});
