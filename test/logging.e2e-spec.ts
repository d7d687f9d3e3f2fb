import { createServer, type Server } from 'node:net';
import { ApiClient } from './support/api-client';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { connectedProducer } from './support/kafka';
import { TEST_ADMIN_TOKEN } from './support/platform';
import { linkToken, type PortalLinkJson } from './support/portal';

type LogLine = Record<string, unknown> & { level: string; msg: string; time: string };

/** The app's output as log lines; Node's own warnings (`(node:…)` on stderr) are not ours. */
function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('(node:'))
    .map((line) => JSON.parse(line) as LogLine);
}

function listeningServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

/** LOG_FORMAT=json, as in production: the built apps as processes, their output parsed. */
describe('structured logs', () => {
  let subscriptions: ChildApp;

  beforeAll(async () => {
    subscriptions = await ChildApp.start('subscriptions', { LOG_FORMAT: 'json' });
  }, 60_000);

  afterAll(async () => {
    await subscriptions?.stop('SIGTERM');
  });

  it('writes JSON lines with level, time, service and context, and Nest’s wiring only at debug', () => {
    const lines = logLines(subscriptions.logs);

    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'subscriptions', msg: expect.any(String) as unknown });
      expect(['debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
      expect(new Date(line.time).toISOString()).toBe(line.time);
    }
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'info',
        context: 'subscriptions',
        port: subscriptions.port,
      }),
    );
    // A healthy start reports no error, also none of kafkajs's while the group settles.
    expect(lines.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual([]);
    // LOG_LEVEL is info: no line per module or route.
    expect(lines.filter((line) => /dependencies initialized|Mapped \{/.test(line.msg))).toEqual([]);
  });

  it('logs every API request with its fields and never a credential it carried', async () => {
    const admin = new ApiClient(subscriptions.url, TEST_ADMIN_TOKEN);
    const company = `logged-${Date.now().toString(36)}`;
    expect((await admin.post('/v1/companies', { id: company, name: 'Logged' })).status).toBe(201);
    const key = await admin.post<{ key: string }>(`/v1/companies/${company}/api-keys`, {
      name: 'logged',
    });
    const apiKey = key.body.key;
    const keyClient = admin.withToken(apiKey);
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const webhook = await keyClient.post('/v1/webhooks', {
      url: 'http://127.0.0.1:9/logged',
      secret,
    });
    expect(webhook.status).toBe(201);
    const link = await keyClient.post<PortalLinkJson>('/v1/portal-links', {});
    const linkTokenValue = linkToken(link.body.url);
    const session = await keyClient
      .withToken(linkTokenValue)
      .post<{ token: string }>('/v1/portal-sessions');
    expect(session.status).toBe(201);
    const sessionToken = session.body.token;
    expect((await keyClient.withToken(sessionToken).get('/v1/webhooks')).status).toBe(200);
    // A credential in a URL (a client's mistake) is scrubbed too.
    const inUrl = await keyClient.get(`/v1/webhooks?apiKey=${apiKey}&token=${sessionToken}`);
    expect(inUrl.status).toBe(400);

    const lines = await eventually(() => {
      const all = logLines(subscriptions.logs);
      return Promise.resolve(
        all.some((line) => String((line.req as { url?: string })?.url).includes('apiKey='))
          ? all
          : undefined,
      );
    });

    const output = subscriptions.logs;
    for (const credential of [TEST_ADMIN_TOKEN, apiKey, secret, linkTokenValue, sessionToken]) {
      expect({ leaked: output.includes(credential) }).toEqual({ leaked: false });
    }
    const created = lines.find(
      (line) =>
        (line.req as { method?: string })?.method === 'POST' &&
        (line.req as { url?: string })?.url === '/v1/webhooks',
    );
    expect(created).toMatchObject({
      level: 'info',
      req: { headers: { authorization: '[Redacted]' } },
      res: { statusCode: 201 },
      responseTime: expect.any(Number) as unknown,
    });
    expect(
      lines.find((line) => String((line.req as { url?: string })?.url).includes('apiKey=')),
    ).toMatchObject({
      req: { url: '/v1/webhooks?apiKey=[Redacted]&token=[Redacted]' },
      res: { statusCode: 400 },
    });
  });

  it('logs a Kafka record it skips with its topic, partition and offset', async () => {
    const producer = await connectedProducer();
    try {
      await producer.send({ topic: 'hookstream.attempts', messages: [{ value: 'not json' }] });
    } finally {
      await producer.disconnect();
    }

    const skipped = await eventually(() =>
      Promise.resolve(
        logLines(subscriptions.logs).find(
          (line) =>
            line.msg === 'skipped an invalid record' && line.topic === 'hookstream.attempts',
        ),
      ),
    );

    expect(skipped).toMatchObject({
      level: 'warn',
      context: 'StreamConsumer',
      groupId: 'hookstream-log-projector-attempts',
      partition: expect.any(Number) as unknown,
      offset: expect.any(String) as unknown,
      reason: 'not_json',
    });
  });

  it.each(['fanout', 'delivery'] as const)(
    'prints why %s could not start, then exits 1',
    async (name) => {
      const { server, port } = await listeningServer();
      try {
        const { code, stdout } = await ChildApp.runToExit(name, {
          LOG_FORMAT: 'json',
          [`${name.toUpperCase()}_PORT`]: String(port),
        });

        expect(code).toBe(1);
        const fatal = logLines(stdout).find((line) => line.level === 'fatal');
        expect(fatal).toMatchObject({
          service: name,
          msg: `${name} could not start`,
          err: { code: 'EADDRINUSE', stack: expect.stringContaining('EADDRINUSE') as unknown },
        });
      } finally {
        server.close();
      }
    },
  );

  it('refuses an unknown LOG_LEVEL at start, naming it', async () => {
    const { code, stderr } = await ChildApp.runToExit('delivery', { LOG_LEVEL: 'loud' });

    expect(code).toBe(1);
    expect(stderr).toContain('LOG_LEVEL');
  });
});
