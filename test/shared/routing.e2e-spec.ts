import { type ApiClient, newTenant } from '../support/api-client';
import { type CreatedWebhookJson } from '../support/api-types';
import { useHarness } from '../support/harness';
import { connectedProducer, pipelineSettled, readTopic, useProducer } from '../support/kafka';
import { metricValue } from '../support/metrics';

describe('fan-out routes each event to exactly the subscribed, enabled webhooks', () => {
  const harness = useHarness();
  const producer = useProducer();

  const webhook = async (client: ApiClient, name: string, body: Record<string, unknown>) => {
    const created = await client.post<CreatedWebhookJson>('/v1/webhooks', {
      url: `${harness.receiver.url}/${name}`,
      ...body,
    });
    expect(created.status).toBe(201);
    return created.body.id;
  };

  it('matches exact types, "*" and prefix wildcards, and nothing of another company', async () => {
    const acme = await newTenant(harness.admin, 'acme');
    const other = await newTenant(harness.admin, 'other');
    await webhook(acme.client, 'exact', { events: ['user.create'] });
    await webhook(acme.client, 'star', {});
    await webhook(acme.client, 'prefix', { events: ['user.*'] });
    await webhook(acme.client, 'txn', { events: ['transaction.execute'] });
    await webhook(acme.client, 'disabled', { events: ['*'], enabled: false });
    const deletedId = await webhook(acme.client, 'deleted', { events: ['*'] });
    expect((await acme.client.delete(`/v1/webhooks/${deletedId}`)).status).toBe(204);
    const pausedId = await webhook(acme.client, 'paused', { events: ['*'] });
    expect((await acme.client.patch(`/v1/webhooks/${pausedId}`, { enabled: false })).status).toBe(
      200,
    );
    await webhook(other.client, 'other-company', { events: ['*'] });

    for (const [id, event] of [
      ['evt_r1', 'user.create'],
      ['evt_r2', 'user.password.reset'],
      ['evt_r3', 'transaction.execute'],
    ]) {
      expect((await acme.client.post('/v1/events', { id, event, data: {} })).status).toBe(202);
    }

    // 3 (star) + 1 (exact) + 2 (prefix) + 1 (txn) = 7 deliveries, then nothing more.
    await harness.receiver.waitFor(7);
    await pipelineSettled();
    const received = harness.receiver.requests
      .map((r) => `${r.path} ${(JSON.parse(r.body) as { event: string }).event}`)
      .sort();
    expect(received).toEqual(
      [
        '/exact user.create',
        '/prefix user.create',
        '/prefix user.password.reset',
        '/star transaction.execute',
        '/star user.create',
        '/star user.password.reset',
        '/txn transaction.execute',
      ].sort(),
    );
  });

  it('sends garbage to hookstream.events.invalid and keeps delivering valid events', async () => {
    const { company, client } = await newTenant(harness.admin, 'garbage');
    const webhookId = await webhook(client, 'after-garbage', { events: ['*'] });
    const invalidSeries = 'hookstream_fanout_events_total{outcome="invalid"}';
    const invalidBefore = await metricValue(harness.platform.url('fanout'), invalidSeries);

    await producer.send({
      topic: 'hookstream.events',
      messages: [
        { key: company, value: 'this is not json {' },
        { key: company, value: JSON.stringify({ id: 'evt_g1', company, data: {} }) },
        {
          key: company,
          value: JSON.stringify({ id: 'evt_g2', company, event: 'Not A Valid Name', data: {} }),
        },
        { key: company, value: null },
        {
          key: company,
          value: JSON.stringify({ id: 'evt_g3', company, event: 'user.create', data: [1, 2] }),
        },
        {
          key: company,
          value: JSON.stringify({
            id: 'evt_valid',
            company,
            event: 'user.create',
            data: { ok: true },
          }),
        },
      ],
    });

    const [request] = await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/after-garbage');
    expect(JSON.parse(request.body)).toMatchObject({
      eventId: 'evt_valid',
      webhookId,
      data: { ok: true },
    });

    const invalid = (
      await readTopic('hookstream.events.invalid', (record) => record.key === company, 5)
    ).map((record) => ({
      reason: record.headers['hookstream-invalid-reason'],
      detail: record.headers['hookstream-invalid-detail'],
      value: record.value,
    }));
    expect(invalid.map((record) => record.reason).sort()).toEqual([
      'not_json',
      'null_value',
      'schema',
      'schema',
      'schema',
    ]);
    expect(invalid.find((record) => record.value === 'this is not json {')).toBeDefined();
    expect(
      invalid
        .filter((record) => record.reason === 'schema')
        .map((record) => record.detail)
        .join('\n'),
    ).toMatch(/event/);

    expect(await metricValue(harness.platform.url('fanout'), invalidSeries)).toBe(
      invalidBefore + 5,
    );
  });
});

describe('fan-out of batches larger than a Kafka request may carry', () => {
  const harness = useHarness();

  it('delivers every job when one batch of events yields many megabytes of jobs', async () => {
    const { company, client } = await newTenant(harness.admin, 'bulk');
    for (let index = 0; index < 5; index += 1) {
      await client.post('/v1/webhooks', { url: `${harness.receiver.url}/bulk/${index}` });
    }
    const producer = await connectedProducer();
    const filler = 'x'.repeat(150 * 1024);
    // A few events per send (each send must fit one request); fan-out still reads them in
    // batches whose jobs, five per event, far exceed one request.
    for (let first = 0; first < 20; first += 5) {
      await producer.send({
        topic: 'hookstream.events',
        messages: Array.from({ length: 5 }, (_, offset) => ({
          value: JSON.stringify({
            id: `evt_bulk_${first + offset}`,
            company,
            event: 'bulk.load',
            data: { filler },
          }),
        })),
      });
    }
    await producer.disconnect();
    // 20 events × 5 webhooks × ~150 KiB ≈ 15 MiB of jobs from one batch.
    const requests = await harness.receiver.waitFor(100, 60_000);
    expect(new Set(requests.map((r) => r.headers['webhook-id'])).size).toBe(100);
  });
});
