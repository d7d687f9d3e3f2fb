import { Webhook } from 'standardwebhooks';
import { type ApiClient, newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { pipelineSettled } from '../support/kafka';
import { metricValue } from '../support/metrics';
import { type ReceivedRequest } from '../support/receiver';
import { useHarness } from '../support/harness';
import { type ErrorJson, type MessageJson, type WebhookJson } from '../support/api-types';

const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as Record<string, unknown>;

function signatureHeaders(request: ReceivedRequest): Record<string, string> {
  return {
    'webhook-id': request.headers['webhook-id'] as string,
    'webhook-timestamp': request.headers['webhook-timestamp'] as string,
    'webhook-signature': request.headers['webhook-signature'] as string,
  };
}

function verifies(secret: string, request: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(request.body, signatureHeaders(request));
    return true;
  } catch {
    return false;
  }
}

const signatureCount = (request: ReceivedRequest) =>
  (request.headers['webhook-signature'] as string).split(' ').filter((s) => s.startsWith('v1,'))
    .length;

/** RETRY_SCHEDULE is 500ms,1s,2s here. */
describe('endpoint lifecycle: gone, disabled, rotated', () => {
  const harness = useHarness();

  async function webhookFor(path: string) {
    const tenant = await newTenant(harness.admin, 'life');
    const created = await tenant.client.post<{ id: string; secret: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}${path}`,
    });
    expect(created.status).toBe(201);
    return { ...tenant, webhookId: created.body.id, secret: created.body.secret };
  }

  async function send(client: ApiClient, id: string) {
    expect(
      (await client.post('/v1/events', { id, event: 'user.create', data: { id } })).status,
    ).toBe(202);
  }

  function messageWhere(
    client: ApiClient,
    id: string,
    predicate: (message: MessageJson) => boolean,
  ): Promise<MessageJson> {
    return eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${id}`);
      return found.status === 200 && predicate(found.body) ? found.body : undefined;
    });
  }

  it('410 Gone: one attempt, the webhook disabled as gone, the message failed, no retries', async () => {
    harness.receiver.respondWith((request, response) => {
      response.writeHead(request.path === '/gone' ? 410 : 204).end();
    });
    const { client, webhookId } = await webhookFor('/gone');
    const disabledSeries = 'hookstream_webhooks_disabled_total{reason="gone"}';
    const disabledBefore = await metricValue(harness.platform.apiUrl, disabledSeries);
    await send(client, 'evt_gone');
    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/gone');
    const messageId = request.headers['webhook-id'] as string;

    const message = await messageWhere(client, messageId, (m) => m.status === 'failed');
    expect(message.attempts).toMatchObject([
      { attempt: 1, statusCode: 410, outcome: 'failure', nextAttemptAt: null },
    ]);
    const webhook = await eventually(async () => {
      const found = await client.get<WebhookJson>(`/v1/webhooks/${webhookId}`);
      return found.body.enabled ? undefined : found.body;
    });
    expect(webhook.disabledReason).toBe('gone');
    expect(await metricValue(harness.platform.apiUrl, disabledSeries)).toBe(disabledBefore + 1);

    // Everything produced has been attempted and logged: nothing more arrives.
    await pipelineSettled();
    expect(harness.receiver.requests.filter((r) => r.path === '/gone')).toHaveLength(1);
  });

  it('a job whose webhook is disabled while it waits for a retry is not attempted; recover delivers it', async () => {
    let healthy = false;
    let onFirst: (() => void) | undefined;
    let answerFirst: (() => void) | undefined;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    harness.receiver.respondWith((request, response) => {
      if (request.path !== '/paused') return void response.writeHead(204).end();
      if (healthy) return void response.writeHead(200).end('ok');
      // The first attempt is answered only once the webhook is disabled, so its retry is
      // scheduled after the change is on the changelog (Retry-After adds margin on top).
      onFirst?.();
      void firstAnswered.then(() => response.writeHead(503, { 'retry-after': '2' }).end());
    });
    const { client, webhookId } = await webhookFor('/paused');
    const since = new Date().toISOString();
    const firstAttempt = new Promise<void>((resolve) => (onFirst = resolve));
    await send(client, 'evt_paused');
    await firstAttempt;
    const disabled = await client.patch<WebhookJson>(`/v1/webhooks/${webhookId}`, {
      enabled: false,
    });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'manual' });
    answerFirst?.();

    const [request] = harness.receiver.requests.filter((r) => r.path === '/paused');
    const messageId = request!.headers['webhook-id'] as string;
    const message = await messageWhere(client, messageId, (m) => m.status === 'failed');
    expect(message.attempts).toMatchObject([
      { attempt: 1, statusCode: 503, outcome: 'failure' },
      { attempt: 2, statusCode: null, outcome: 'error', error: 'webhook_disabled' },
    ]);
    expect(message.attempts[0]?.nextAttemptAt).not.toBeNull();
    expect(message.attempts[1]?.nextAttemptAt).toBeNull();
    expect(harness.receiver.requests.filter((r) => r.path === '/paused')).toHaveLength(1);

    healthy = true;
    const enabled = await client.patch<WebhookJson>(`/v1/webhooks/${webhookId}`, {
      enabled: true,
    });
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });
    const recovered = await client.post(`/v1/webhooks/${webhookId}/recover`, { since });
    expect(recovered).toEqual({ status: 202, body: { count: 1 } });

    const requests = await harness.receiver.waitFor(2, 20_000, (r) => r.path === '/paused');
    expect(requests[1].headers['webhook-id']).toBe(messageId);
    expect(bodyOf(requests[1]).redelivery).toBe(true);
    await messageWhere(client, messageId, (m) => m.status === 'delivered');
  });

  it('rotation: the old secret signs for the grace period beside the new one, then no longer', async () => {
    harness.receiver.respondWith((_request, response) => response.writeHead(204).end());
    const { client, webhookId, secret: original } = await webhookFor('/rotating');
    const deliveries = () => harness.receiver.requests.filter((r) => r.path === '/rotating');

    const rotated = await client.post<{ secret: string }>(
      `/v1/webhooks/${webhookId}/rotate-secret`,
      { gracePeriodSeconds: 3600 },
    );
    expect(rotated.status).toBe(200);
    expect(Object.keys(rotated.body)).toEqual(['secret']);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(rotated.body.secret).not.toBe(original);
    const second = rotated.body.secret;

    // The secret is shown only by create and rotate.
    const shown = await client.get<Record<string, unknown>>(`/v1/webhooks/${webhookId}`);
    expect(shown.status).toBe(200);
    expect(JSON.stringify(shown.body)).not.toContain('whsec_');
    expect(shown.body).not.toHaveProperty('secret');
    expect(shown.body).not.toHaveProperty('secrets');
    const listed = await client.get<{ data: unknown[] }>('/v1/webhooks');
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');

    await send(client, 'evt_rotating_1');
    const [during] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/rotating');
    expect(signatureCount(during)).toBe(2);
    expect(during.headers.authorization).toBe(`Secret ${second}`);
    expect(verifies(original, during)).toBe(true);
    expect(verifies(second, during)).toBe(true);
    expect(new Webhook(second).verify(during.body, signatureHeaders(during))).toMatchObject({
      eventId: 'evt_rotating_1',
    });

    // A client-supplied secret, and no grace period: only the newest signs from now on.
    const supplied = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;
    const again = await client.post<{ secret: string }>(`/v1/webhooks/${webhookId}/rotate-secret`, {
      gracePeriodSeconds: 0,
      secret: supplied,
    });
    expect(again).toEqual({ status: 200, body: { secret: supplied } });

    await send(client, 'evt_rotating_2');
    await harness.receiver.waitFor(2, 20_000, (r) => r.path === '/rotating');
    const after = deliveries()[1];
    expect(signatureCount(after!)).toBe(1);
    expect(after?.headers.authorization).toBe(`Secret ${supplied}`);
    expect(verifies(supplied, after!)).toBe(true);
    expect(verifies(second, after!)).toBe(false);
    expect(verifies(original, after!)).toBe(false);

    // Without a body: the default grace period (a day) keeps the previous secret signing.
    const third = await client.request<{ secret: string }>(
      'POST',
      `/v1/webhooks/${webhookId}/rotate-secret`,
    );
    expect(third.status).toBe(200);
    await send(client, 'evt_rotating_3');
    await harness.receiver.waitFor(3, 20_000, (r) => r.path === '/rotating');
    const last = deliveries()[2];
    expect(signatureCount(last!)).toBe(2);
    expect(verifies(third.body.secret, last!)).toBe(true);
    expect(verifies(supplied, last!)).toBe(true);
    expect(verifies(second, last!)).toBe(false);
  });

  it('validates rotate-secret and keeps other companies out', async () => {
    const { client, webhookId } = await webhookFor('/rotate-validation');
    const path = `/v1/webhooks/${webhookId}/rotate-secret`;
    for (const body of [
      { gracePeriodSeconds: -1 },
      { gracePeriodSeconds: 604_801 },
      { gracePeriodSeconds: 1.5 },
      { gracePeriodSeconds: '60' },
      { secret: 'whsec_tooshort' },
      { secret: 'not-a-secret' },
      { other: true },
    ]) {
      const answer = await client.post<ErrorJson>(path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
    expect((await client.post(path, { gracePeriodSeconds: 604_800 })).status).toBe(200);
    const stranger = await newTenant(harness.admin, 'stranger');
    expect((await stranger.client.post(path, {})).status).toBe(404);
    expect((await client.post('/v1/webhooks/wh_nope/rotate-secret', {})).status).toBe(404);
  });
});
