import { Webhook } from 'standardwebhooks';
import { newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { metricValue } from '../support/metrics';
import { type CreatedWebhookJson } from '../support/api-types';

describe('an event flows from the API to a signed webhook', () => {
  const harness = useHarness();
  const counted = [
    [
      'delivery',
      'hookstream_delivery_attempts_total{event_type="user.create",outcome="success",status_class="2xx",attempt="1"}',
    ],
    ['delivery', 'hookstream_delivery_attempt_duration_seconds_count{outcome="success"}'],
    ['fanout', 'hookstream_fanout_events_total{outcome="routed"}'],
    // What the attempt cost the broker: its follow-up produced, the job fetched, progress committed.
    ['delivery', 'hookstream_kafka_requests_total{client="producer",api="Produce"}'],
    ['delivery', 'hookstream_kafka_requests_total{client="consumer",api="Fetch"}'],
    ['fanout', 'hookstream_kafka_requests_total{client="consumer",api="OffsetCommit"}'],
    ['subscriptions', 'hookstream_kafka_requests_total{client="producer",api="Produce"}'],
  ] as const;
  let countedBefore: number[];

  beforeAll(async () => {
    countedBefore = await Promise.all(
      counted.map(([app, series]) => metricValue(harness.platform.url(app), series)),
    );
  });

  it('POSTs a signed, authorised request carrying every contract field, and logs the attempt', async () => {
    const { company, client } = await newTenant(harness.admin);
    const created = await client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/hooks/happy`,
      description: 'happy path',
      events: ['user.create'],
    });
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const sent = await client.post<{ id: string }>('/v1/events', {
      id: 'evt_happy_1',
      event: 'user.create',
      data: { id: 'usr_1', email: 'ada@example.com' },
      userId: 'usr_9',
      occurredAt: '2026-11-21T10:00:00Z',
    });
    expect(sent.status).toBe(202);
    expect(sent.body.id).toBe('evt_happy_1');

    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/hooks/happy');
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^hookstream\/\d+\.\d+\.\d+$/);
    expect(request.headers.authorization).toBe(`Secret ${created.body.secret}`);

    const verified = new Webhook(created.body.secret).verify(request.body, {
      'webhook-id': request.headers['webhook-id'] as string,
      'webhook-timestamp': request.headers['webhook-timestamp'] as string,
      'webhook-signature': request.headers['webhook-signature'] as string,
    });
    expect(verified).toEqual({
      id: request.headers['webhook-id'],
      event: 'user.create',
      company,
      data: { id: 'usr_1', email: 'ada@example.com' },
      eventId: 'evt_happy_1',
      webhookId: created.body.id,
      environment: 'live',
      userId: 'usr_9',
      timestamp: '2026-11-21T10:00:00.000Z',
      redelivery: false,
    });
    expect(request.headers['webhook-id']).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(Math.abs(Number(request.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(
      30,
    );

    const messageId = request.headers['webhook-id'] as string;
    // The job and the attempt reach the log through two topics, in either order.
    const message = await eventually(async () => {
      const found = await client.get<{ status: string; attempts: unknown[]; payload: unknown }>(
        `/v1/messages/${messageId}`,
      );
      return found.status === 200 &&
        found.body.status === 'delivered' &&
        found.body.attempts.length === 1 &&
        found.body.payload !== null
        ? found.body
        : undefined;
    });
    expect(message).toMatchObject({
      id: messageId,
      webhookId: created.body.id,
      eventId: 'evt_happy_1',
      event: 'user.create',
      status: 'delivered',
      payload: {
        id: messageId,
        eventId: 'evt_happy_1',
        data: { id: 'usr_1', email: 'ada@example.com' },
      },
      attempts: [{ attempt: 1, statusCode: 204, outcome: 'success', error: null }],
    });

    const listed = await client.get<{ data: Array<{ id: string }> }>(
      `/v1/messages?webhookId=${created.body.id}&status=delivered`,
    );
    expect(listed.body.data.map((m) => m.id)).toEqual([messageId]);
  });

  it('counts the attempt, and the Kafka requests it took, on /metrics of the apps', async () => {
    const countedAfter = await Promise.all(
      counted.map(([app, series]) => metricValue(harness.platform.url(app), series)),
    );
    countedAfter.forEach((value, index) => expect(value).toBeGreaterThan(countedBefore[index]!));
    const text = await (await fetch(`${harness.platform.url('delivery')}/metrics`)).text();
    expect(text).toMatch(/hookstream_consumer_lag\{topic="hookstream\.deliveries"\} \d+/);
    expect(text).toMatch(/hookstream_consumer_lag\{topic="hookstream\.deliveries\.retry\.3"\} \d+/);
    const fanout = await (await fetch(`${harness.platform.url('fanout')}/metrics`)).text();
    expect(fanout).toMatch(/hookstream_consumer_lag\{topic="hookstream\.events"\} \d+/);
  });

  it('answers health on every app', async () => {
    for (const name of ['subscriptions', 'fanout', 'delivery'] as const) {
      const live = await fetch(`${harness.platform.url(name)}/health/live`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${harness.platform.url(name)}/health/ready`);
      expect({ name, status: ready.status }).toEqual({ name, status: 200 });
    }
  });
});
