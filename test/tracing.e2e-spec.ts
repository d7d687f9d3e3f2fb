import { randomBytes } from 'node:crypto';
import { ApiClient, newTenant } from './support/api-client';
import { type MessageJson } from './support/api-types';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { type CollectedSpan, OtlpCollector } from './support/otlp-collector';
import { TEST_ADMIN_TOKEN } from './support/platform';
import { Receiver } from './support/receiver';

/** OTLP's SpanKind numbers. */
const Kind = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 } as const;

/**
 * Tracing on (OTEL_EXPORTER_OTLP_ENDPOINT at an OTLP/HTTP collector in this process): the apps
 * run as built processes, each with its own SDK, exporting protobuf as they would to Jaeger,
 * Tempo or an OpenTelemetry collector. RETRY_SCHEDULE is 500ms,1s,2s.
 */
describe('traces across every Kafka hop', () => {
  let collector: OtlpCollector;
  let receiver: Receiver;
  const apps: ChildApp[] = [];

  beforeAll(async () => {
    collector = await OtlpCollector.start();
    receiver = await Receiver.start();
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url, OTEL_BSP_SCHEDULE_DELAY: '200' };
    apps.push(await ChildApp.start('subscriptions', env));
    apps.push(
      ...(await Promise.all([ChildApp.start('fanout', env), ChildApp.start('delivery', env)])),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop('SIGTERM')));
    await receiver?.close();
    await collector?.close();
  });

  it('follows one event from the API through fan-out, a failed attempt and its retry, and the projector, to the receiver', async () => {
    const admin = new ApiClient(apps[0]!.url, TEST_ADMIN_TOKEN);
    const { client } = await newTenant(admin, 'traced');
    let calls = 0;
    receiver.respondWith((_request, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 503 : 200).end();
    });
    const webhook = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${receiver.url}/traced`,
    });
    expect(webhook.status).toBe(201);

    // The caller's own trace, which Hookstream continues.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const published = await client.post(
      '/v1/events',
      { id: 'evt_traced', event: 'user.create', data: { id: 'usr_1' } },
      { traceparent: `00-${traceId}-${callerSpanId}-01`, tracestate: 'caller=1' },
    );
    expect(published.status).toBe(202);

    const [first, retry] = await receiver.waitFor(2, 30_000);
    const messageId = first.headers['webhook-id'] as string;
    await eventually(async () => {
      const message = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return message.body?.status === 'delivered' && message.body.attempts.length === 2
        ? true
        : undefined;
    }, 30_000);

    const named = (name: string, service: string) => (span: CollectedSpan) =>
      span.name === name && span.service === service;
    // Every hop, in the caller's trace; each app exports on its own schedule.
    const expected = { 'project record': 3, deliver: 2, 'fanout event': 1, 'POST /v1/events': 1 };
    const spans = await eventually(() => {
      const inTrace = collector.inTrace(traceId);
      const complete = Object.entries(expected).every(
        ([name, count]) => inTrace.filter((span) => span.name === name).length >= count,
      );
      return Promise.resolve(complete ? inTrace : undefined);
    }, 30_000);
    const one = (name: string, service: string) => {
      const found = spans.filter(named(name, service));
      expect({ name, service, count: found.length }).toEqual({ name, service, count: 1 });
      return found[0];
    };

    const request = one('POST /v1/events', 'hookstream-subscriptions');
    expect(request).toMatchObject({
      kind: Kind.server,
      parentSpanId: callerSpanId,
      attributes: { 'http.route': '/v1/events', 'http.response.status_code': 202 },
    });
    const publish = one('publish hookstream.events', 'hookstream-subscriptions');
    expect(publish).toMatchObject({
      kind: Kind.producer,
      parentSpanId: request!.spanId,
      attributes: {
        'hookstream.event.id': 'evt_traced',
        'messaging.destination.name': 'hookstream.events',
      },
    });

    const routed = one('fanout event', 'hookstream-fanout');
    expect(routed).toMatchObject({
      kind: Kind.producer,
      parentSpanId: publish!.spanId,
      attributes: { 'hookstream.event.type': 'user.create', 'hookstream.jobs': 1 },
    });
    // The batch is a trace of its own, linked to the event it handled (and back).
    const batch = collector.spans.find(
      (span) =>
        span.name === 'process hookstream.events' &&
        span.links.some((link) => link.spanId === publish!.spanId),
    );
    expect(batch).toMatchObject({ kind: Kind.consumer, service: 'hookstream-fanout' });
    expect(routed?.links).toEqual([{ traceId: batch!.traceId, spanId: batch!.spanId }]);

    const attempts = spans
      .filter(named('deliver', 'hookstream-delivery'))
      .sort(
        (a, b) =>
          Number(a.attributes['hookstream.attempt']) - Number(b.attributes['hookstream.attempt']),
      );
    expect(attempts.map((span) => [span.parentSpanId, span.kind, span.statusCode])).toEqual([
      [routed!.spanId, Kind.client, 2],
      [routed!.spanId, Kind.client, 0],
    ]);
    expect(attempts.map((span) => span.attributes)).toMatchObject([
      {
        'hookstream.attempt': 1,
        'hookstream.outcome': 'failure',
        'http.response.status_code': 503,
        'hookstream.message.id': messageId,
        'server.address': '127.0.0.1',
        'messaging.destination.name': 'hookstream.deliveries',
      },
      {
        'hookstream.attempt': 2,
        'hookstream.outcome': 'success',
        'http.response.status_code': 200,
        'messaging.destination.name': 'hookstream.deliveries.retry.1',
      },
    ]);

    // Each POST continues the trace from its own attempt's span, tracestate kept.
    expect([first, retry].map((received) => received.headers.traceparent)).toEqual(
      attempts.map((span) => `00-${traceId}-${span.spanId}-01`),
    );
    expect(first.headers.tracestate).toBe('caller=1');

    // The projector wrote the message (from the job) and each attempt, each in this trace.
    const writes = spans.filter(named('project record', 'hookstream-subscriptions'));
    expect(writes.map((span) => span.parentSpanId).sort()).toEqual(
      [routed!.spanId, ...attempts.map((span) => span.spanId)].sort(),
    );
    const projectorBatches = new Set(
      writes.flatMap((span) => span.links.map((link) => link.spanId)),
    );
    const batchNames = collector.spans
      .filter((span) => projectorBatches.has(span.spanId))
      .map((span) => span.name);
    expect(new Set(batchNames)).toEqual(
      new Set(['project hookstream.deliveries', 'project hookstream.attempts']),
    );
  });

  it('continues the trace of a redelivery request to the receiver', async () => {
    const admin = new ApiClient(apps[0]!.url, TEST_ADMIN_TOKEN);
    const { client } = await newTenant(admin, 'redelivered');
    receiver.respondWith((_request, response) => response.writeHead(204).end());
    await client.post('/v1/webhooks', { url: `${receiver.url}/redelivered` });
    await client.post('/v1/events', { id: 'evt_again', event: 'user.create', data: {} });
    const [delivered] = await receiver.waitFor(1, 30_000, (r) => r.path === '/redelivered');
    const messageId = delivered.headers['webhook-id'] as string;
    await eventually(async () => {
      const message = await client.get<MessageJson>(`/v1/messages/${messageId}`);
      return message.body?.status === 'delivered' ? true : undefined;
    });

    const traceId = randomBytes(16).toString('hex');
    const redelivered = await client.post(`/v1/messages/${messageId}/redeliver`, undefined, {
      traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
    });
    expect(redelivered.status).toBe(202);

    const [, again] = await receiver.waitFor(2, 30_000, (r) => r.path === '/redelivered');
    const spans = await eventually(() => {
      const inTrace = collector.inTrace(traceId);
      // Each app exports on its own schedule: wait for all three.
      const names = new Set(inTrace.map((span) => span.name));
      const all = ['POST /v1/messages/:id/redeliver', 'publish hookstream.deliveries', 'deliver'];
      return Promise.resolve(all.every((name) => names.has(name)) ? inTrace : undefined);
    });
    const request = spans.find((span) => span.name === 'POST /v1/messages/:id/redeliver');
    const publish = spans.find((span) => span.name === 'publish hookstream.deliveries');
    const attempt = spans.find((span) => span.name === 'deliver');
    expect(publish).toMatchObject({ kind: Kind.producer, parentSpanId: request?.spanId });
    expect(attempt).toMatchObject({ kind: Kind.client, parentSpanId: publish?.spanId });
    expect(again.headers.traceparent).toBe(`00-${traceId}-${attempt?.spanId}-01`);
  });
});
