import { type ApiClient, newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { type AttemptRecord, type DeliveryJob, Topics } from '@app/contract';
import { pipelineSettled, useProducer } from '../support/kafka';
import { metricValue } from '../support/metrics';
import { type ReceivedRequest } from '../support/receiver';
import { useHarness } from '../support/harness';
import { type ErrorJson, type MessageJson, type WebhookJson } from '../support/api-types';

const bodyOf = (request: ReceivedRequest) => JSON.parse(request.body) as Record<string, unknown>;

/** RETRY_SCHEDULE is 500ms,1s,2s here: 4 attempts in all. */
describe('redelivery and recovery', () => {
  const harness = useHarness();
  const producer = useProducer();
  /** Paths answering 503 until the test says otherwise. */
  const down = new Set<string>();

  beforeAll(() => {
    harness.receiver.respondWith((request, response) => {
      response.writeHead(down.has(request.path) ? 503 : 204).end();
    });
  });

  async function webhookFor(path: string) {
    const tenant = await newTenant(harness.admin, 'replay');
    const created = await tenant.client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}${path}`,
    });
    expect(created.status).toBe(201);
    return { ...tenant, webhookId: created.body.id };
  }

  async function send(client: ApiClient, id: string, data: Record<string, unknown> = { id }) {
    const sent = await client.post('/v1/events', {
      id,
      event: 'user.create',
      data,
      userId: 'usr_9',
      occurredAt: '2026-11-21T10:00:00Z',
    });
    expect(sent.status).toBe(202);
  }

  function messageWhere(
    client: ApiClient,
    id: string,
    predicate: (message: MessageJson) => boolean,
    timeoutMs?: number,
  ): Promise<MessageJson> {
    return eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${id}`);
      return found.status === 200 && predicate(found.body) ? found.body : undefined;
    }, timeoutMs);
  }

  it('redelivers a delivered message: same webhook-id, redelivery true, a second attempt series', async () => {
    const { client } = await webhookFor('/again');
    await send(client, 'evt_again', { id: 'usr_1', nested: { a: [1, null] } });
    const [first] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/again');
    const messageId = first.headers['webhook-id'] as string;
    expect(bodyOf(first).redelivery).toBe(false);
    await messageWhere(client, messageId, (m) => m.status === 'delivered');

    const redelivered = await client.post(`/v1/messages/${messageId}/redeliver`);
    expect(redelivered.status).toBe(202);

    const requests = await harness.receiver.waitFor(2, 20_000, (r) => r.path === '/again');
    expect(requests[1].headers['webhook-id']).toBe(messageId);
    expect(bodyOf(requests[1])).toEqual({ ...bodyOf(first), redelivery: true });

    const message = await messageWhere(
      client,
      messageId,
      (m) => m.status === 'delivered' && m.attempts.length === 2,
    );
    // Each series starts at attempt 1; the redelivery's comes last.
    expect(message.attempts).toMatchObject([
      { attempt: 1, outcome: 'success', statusCode: 204, nextAttemptAt: null },
      { attempt: 1, outcome: 'success', statusCode: 204, nextAttemptAt: null },
    ]);
    expect(Date.parse(message.attempts[1]!.at)).toBeGreaterThan(
      Date.parse(message.attempts[0]!.at),
    );
  });

  it('redelivers a message that reads delivered before the log has its payload', async () => {
    const { client, company, webhookId } = await webhookFor('/overtaken');
    // The two topics are projected independently: here the attempt result is logged first, as
    // it may be when its job's projection lags, so the message reads delivered as a stub.
    const messageId = `msg_overtaken_${Date.now()}`;
    const createdAt = new Date().toISOString();
    const job: DeliveryJob = {
      messageId,
      webhookId,
      webhookVersion: 1,
      company,
      eventId: 'evt_overtaken',
      event: 'user.create',
      environment: 'live',
      data: { id: 'usr_1' },
      occurredAt: createdAt,
      attempt: 1,
      series: 0,
      redelivery: false,
      messageCreatedAt: createdAt,
    };
    const result: AttemptRecord = {
      messageId,
      webhookId,
      company,
      event: 'user.create',
      series: 0,
      attempt: 1,
      at: createdAt,
      statusCode: 204,
      durationMs: 5,
      outcome: 'success',
      error: null,
      responseBody: null,
      nextAttemptAt: null,
      status: 'delivered',
      endReason: 'delivered',
      seriesStartedAt: createdAt,
      messageCreatedAt: createdAt,
    };
    await producer.send({
      topic: Topics.attempts,
      messages: [{ key: messageId, value: JSON.stringify(result) }],
    });
    await messageWhere(client, messageId, (m) => m.status === 'delivered' && m.payload === null);

    // Asked for at once, the redelivery waits for the payload the job brings a moment later.
    const redelivering = client.post(`/v1/messages/${messageId}/redeliver`);
    await producer.send({
      topic: Topics.deliveries,
      messages: [{ key: webhookId, value: JSON.stringify(job) }],
    });
    expect((await redelivering).status).toBe(202);
    const [again] = await harness.receiver.waitFor(
      1,
      20_000,
      (r) => r.path === '/overtaken' && bodyOf(r).redelivery === true,
    );
    expect(again.headers['webhook-id']).toBe(messageId);
    expect(bodyOf(again)).toMatchObject({
      id: messageId,
      eventId: 'evt_overtaken',
      data: job.data,
    });
  });

  it('answers 404 for an unknown message or another company’s, and 409 once the webhook is deleted', async () => {
    const { client, webhookId } = await webhookFor('/deleted');
    await send(client, 'evt_deleted');
    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/deleted');
    const messageId = request.headers['webhook-id'] as string;
    await messageWhere(client, messageId, (m) => m.status === 'delivered');

    const stranger = await newTenant(harness.admin, 'stranger');
    const foreign = await stranger.client.post<ErrorJson>(`/v1/messages/${messageId}/redeliver`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('not_found');
    expect((await client.post('/v1/messages/msg_nope/redeliver')).status).toBe(404);
    expect((await client.post('/v1/messages/not-a-message/redeliver')).status).toBe(404);

    expect((await client.delete(`/v1/webhooks/${webhookId}`)).status).toBe(204);
    const gone = await client.post<ErrorJson>(`/v1/messages/${messageId}/redeliver`);
    expect(gone.status).toBe(409);
    expect(gone.body).toMatchObject({ status: 409, code: 'webhook_deleted' });
    await pipelineSettled();
    expect(harness.receiver.requests.filter((r) => r.path === '/deleted')).toHaveLength(1);
  });

  it('recovers the failed messages of a webhook disabled by exhaustion once it is enabled again', async () => {
    down.add('/recover');
    const { client, webhookId } = await webhookFor('/recover');
    const exhaustedSeries = 'hookstream_messages_exhausted_total';
    const disabledSeries = 'hookstream_webhooks_disabled_total{reason="exhausted"}';
    const exhaustedBefore = await metricValue(harness.platform.url('delivery'), exhaustedSeries);
    const disabledBefore = await metricValue(harness.platform.apiUrl, disabledSeries);
    const since = new Date(Date.now() - 1_000).toISOString();
    await send(client, 'evt_recover_1');
    await send(client, 'evt_recover_2');

    const messageIds = await eventually(() => {
      const ids = new Set(
        harness.receiver.requests
          .filter((r) => r.path === '/recover')
          .map((r) => r.headers['webhook-id']),
      );
      return Promise.resolve(ids.size === 2 ? ([...ids] as string[]) : undefined);
    });
    for (const id of messageIds) {
      const message = await messageWhere(client, id, (m) => m.status === 'failed', 30_000);
      expect(message.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
      // Every failed attempt but the last says when the next one is due.
      for (const attempt of message.attempts.slice(0, 3)) {
        expect(Date.parse(attempt.nextAttemptAt!)).toBeGreaterThan(Date.parse(attempt.at));
      }
      expect(message.attempts[3]?.nextAttemptAt).toBeNull();
    }
    const disabled = await eventually(async () => {
      const found = await client.get<WebhookJson>(`/v1/webhooks/${webhookId}`);
      return found.body.enabled ? undefined : found.body;
    });
    expect(disabled.disabledReason).toBe('exhausted');

    expect(await metricValue(harness.platform.url('delivery'), exhaustedSeries)).toBe(
      exhaustedBefore + 2,
    );
    expect(await metricValue(harness.platform.apiUrl, disabledSeries)).toBe(disabledBefore + 1);

    // The message list filters by webhook, event and status, newest first, page by page.
    const firstPage = await client.get<{ data: MessageJson[]; nextCursor: string | null }>(
      `/v1/messages?webhookId=${webhookId}&event=user.create&status=failed&limit=1`,
    );
    expect(firstPage.status).toBe(200);
    expect(firstPage.body.data).toHaveLength(1);
    const secondPage = await client.get<{ data: MessageJson[]; nextCursor: string | null }>(
      `/v1/messages?webhookId=${webhookId}&status=failed&limit=1&cursor=${firstPage.body.nextCursor}`,
    );
    expect(secondPage.body).toMatchObject({ data: [{ status: 'failed' }], nextCursor: null });
    expect(new Set([firstPage.body.data[0]?.id, secondPage.body.data[0]?.id])).toEqual(
      new Set(messageIds),
    );
    const none = await client.get<{ data: unknown[] }>(
      `/v1/messages?webhookId=${webhookId}&status=delivered`,
    );
    expect(none.body.data).toEqual([]);

    // Disabled: recovering would only fail again.
    const refused = await client.post<ErrorJson>(`/v1/webhooks/${webhookId}/recover`, { since });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('webhook_disabled');

    down.delete('/recover');
    const enabled = await client.patch<WebhookJson>(`/v1/webhooks/${webhookId}`, {
      enabled: true,
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, disabledReason: null });

    const recovered = await client.post<{ count: number }>(`/v1/webhooks/${webhookId}/recover`, {
      since,
    });
    expect(recovered).toEqual({ status: 202, body: { count: 2 } });

    const redelivered = await harness.receiver.waitFor(
      2,
      20_000,
      (r) => r.path === '/recover' && bodyOf(r).redelivery === true,
    );
    expect(new Set(redelivered.map((r) => r.headers['webhook-id']))).toEqual(new Set(messageIds));
    for (const id of messageIds) {
      const message = await messageWhere(
        client,
        id,
        (m) => m.status === 'delivered' && m.attempts.length === 5,
      );
      expect(message.attempts[4]).toMatchObject({ attempt: 1, outcome: 'success' });
    }
    // Nothing failed is left to recover.
    expect(
      (await client.post<{ count: number }>(`/v1/webhooks/${webhookId}/recover`, { since })).body,
    ).toEqual({ count: 0 });
  });

  it('validates recover: since required, an ISO datetime, not in the future; the webhook must be yours', async () => {
    const { client, webhookId } = await webhookFor('/recover-validation');
    const path = `/v1/webhooks/${webhookId}/recover`;
    for (const body of [
      {},
      { since: 'yesterday' },
      { since: 1_700_000_000 },
      { since: new Date(Date.now() + 3_600_000).toISOString() },
      { since: new Date().toISOString(), extra: true },
    ]) {
      const answer = await client.post<ErrorJson>(path, body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
    }
    const stranger = await newTenant(harness.admin, 'stranger');
    expect((await stranger.client.post(path, { since: new Date().toISOString() })).status).toBe(
      404,
    );
    expect(
      (await client.post(path, { since: new Date(Date.now() - 60_000).toISOString() })).body,
    ).toEqual({ count: 0 });
  });
});
