import { type ApiClient, newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { pipelineSettled, readTopic } from '../support/kafka';
import { metricValue } from '../support/metrics';
import { useHarness } from '../support/harness';
import { type MessageJson } from '../support/api-types';

/** RETRY_SCHEDULE is 500ms,1s,2s here: 4 attempts in all. */
describe('retries through the retry tiers', () => {
  const harness = useHarness();

  async function webhookFor(path: string) {
    const tenant = await newTenant(harness.admin, 'retry');
    const created = await tenant.client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}${path}`,
    });
    expect(created.status).toBe(201);
    return { ...tenant, webhookId: created.body.id };
  }

  async function send(client: ApiClient, id: string) {
    expect(
      (await client.post('/v1/events', { id, event: 'user.create', data: { id } })).status,
    ).toBe(202);
  }

  it('fails twice, then succeeds: three POSTs, one webhook-id, gaps no shorter than the schedule', async () => {
    let calls = 0;
    harness.receiver.respondWith((request, response) => {
      if (request.path !== '/flaky') return void response.writeHead(204).end();
      calls += 1;
      response.writeHead(calls <= 2 ? 500 : 200).end(calls <= 2 ? 'not yet' : 'ok');
    });
    const { client } = await webhookFor('/flaky');
    const delivery = harness.platform.url('delivery');
    const series = [
      'hookstream_retries_scheduled_total{tier="1"}',
      'hookstream_retries_scheduled_total{tier="2"}',
      'hookstream_delivery_attempts_total{event_type="user.create",outcome="failure",status_class="5xx",attempt="2"}',
    ];
    const before = await Promise.all(series.map((name) => metricValue(delivery, name)));
    await send(client, 'evt_flaky');

    const requests = await harness.receiver.waitFor(3, 20_000, (r) => r.path === '/flaky');
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
    expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(500);
    expect(requests[2].receivedAt - requests[1].receivedAt).toBeGreaterThanOrEqual(1_000);

    const messageId = requests[0].headers['webhook-id'] as string;
    const message = await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return found.body?.status === 'delivered' && found.body.attempts.length === 3
        ? found.body
        : undefined;
    });
    expect(message.attempts).toMatchObject([
      { attempt: 1, statusCode: 500, outcome: 'failure' },
      { attempt: 2, statusCode: 500, outcome: 'failure' },
      { attempt: 3, statusCode: 200, outcome: 'success', error: null },
    ]);
    // The log says when each retry started: never before the time its predecessor gave it.
    for (const [previous, next] of [message.attempts.slice(0, 2), message.attempts.slice(1, 3)]) {
      expect(Date.parse(next!.at)).toBeGreaterThanOrEqual(Date.parse(previous!.nextAttemptAt!));
    }
    const after = await Promise.all(series.map((name) => metricValue(delivery, name)));
    expect(after).toEqual(before.map((value) => value + 1));
  });

  it('exhausts the schedule: four attempts, a dead letter, the message failed', async () => {
    harness.receiver.respondWith((request, response) => {
      response.writeHead(request.path === '/down' ? 503 : 204).end();
    });
    const { client, company } = await webhookFor('/down');
    await send(client, 'evt_down');
    const requests = await harness.receiver.waitFor(4, 30_000, (r) => r.path === '/down');
    const messageId = requests[0].headers['webhook-id'] as string;

    const message = await eventually(async () => {
      const found = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return found.body?.status === 'failed' ? found.body : undefined;
    });
    expect(message.attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);

    const [dead] = await readTopic(
      'hookstream.deliveries.dlq',
      (r) => r.value?.includes(messageId) ?? false,
      1,
    );
    expect(dead?.headers['hookstream-original-topic']).toBe('hookstream.deliveries.retry.3');
    expect(dead?.headers['hookstream-original-offset']).toMatch(/^\d+$/);
    expect(dead?.headers['hookstream-last-error']).toBe('HTTP 503');
    expect(JSON.parse(dead!.value!)).toMatchObject({ messageId, company, attempt: 4 });

    await pipelineSettled();
    expect(harness.receiver.requests.filter((r) => r.path === '/down')).toHaveLength(4);
  });

  it('honours Retry-After on 429 within [scheduled, 2 × scheduled]', async () => {
    let calls = 0;
    harness.receiver.respondWith((request, response) => {
      if (request.path !== '/slow-down') return void response.writeHead(204).end();
      calls += 1;
      if (calls === 1) response.writeHead(429, { 'retry-after': '3600' }).end();
      else response.writeHead(200).end();
    });
    const { client } = await webhookFor('/slow-down');
    await send(client, 'evt_429');
    const requests = await harness.receiver.waitFor(2, 20_000, (r) => r.path === '/slow-down');
    const gap = requests[1].receivedAt - requests[0].receivedAt;
    // Asked for an hour; the schedule says 500 ms, so it waits 1 s (the cap): no less, not an hour.
    expect(gap).toBeGreaterThanOrEqual(1_000);
    expect(gap).toBeLessThan(3_000);
  });
});
