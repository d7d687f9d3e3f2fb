import { newTenant } from '../support/api-client';
import { eventually } from '../support/eventually';
import { pipelineSettled, useProducer } from '../support/kafka';
import { useHarness } from '../support/harness';

interface EventType {
  name: string;
  description: string;
  deprecated: boolean;
}

const CATALOG = [
  'user.create',
  'user.update',
  'user.password.reset',
  'user.email.verify',
  'user.mobile.verify',
  'mfa.sms.verify',
  'email.create',
  'email.update',
  'mobile.create',
  'mobile.update',
  'address.create',
  'address.update',
  'document.create',
  'document.update',
  'bank_account.create',
  'bank_account.update',
  'crypto_account.create',
  'crypto_account.update',
  'account.create',
  'account.update',
  'currency.create',
  'currency.update',
  'transaction.create',
  'transaction.update',
  'transaction.delete',
  'transaction.initiate',
  'transaction.execute',
];

describe('event types: a documented catalog, not a closed list', () => {
  const harness = useHarness();
  const producer = useProducer();
  // Unique per run: the catalog lives in the database across runs.
  const prefix = `e2e${Date.now().toString(36)}`;

  it('lists the seeded platform catalog, by name, to API keys and the admin token', async () => {
    const { client } = await newTenant(harness.admin, 'types');
    const answer = await client.get<{ data: EventType[] }>('/v1/event-types');
    expect(answer.status).toBe(200);
    const byName = new Map(answer.body.data.map((type) => [type.name, type]));
    for (const name of CATALOG) {
      expect(byName.get(name)).toEqual({
        name,
        description: expect.any(String),
        deprecated: false,
      });
      expect(byName.get(name)!.description.length).toBeGreaterThan(10);
    }
    const names = answer.body.data.map((type) => type.name);
    expect(names).toEqual([...names].sort());
    expect((await harness.admin.get('/v1/event-types')).status).toBe(200);
    expect((await client.get('/v1/event-types?limit=5')).status).toBe(400);
  });

  it('lets the admin add and deprecate types, and nobody else', async () => {
    const { client } = await newTenant(harness.admin, 'types');
    const name = `${prefix}.widget.create`;
    const created = await harness.admin.post('/v1/event-types', {
      name,
      description: 'A widget was made.',
    });
    expect(created).toEqual({
      status: 201,
      body: { name, description: 'A widget was made.', deprecated: false },
    });
    expect(
      (
        await harness.admin.post<{ code: string }>('/v1/event-types', {
          name,
          description: 'again',
        })
      ).body,
    ).toMatchObject({ status: 409, code: 'event_type_exists' });
    for (const body of [
      { name: 'NoDots', description: 'x' },
      { name: `${prefix}.x`, description: '' },
      { name: `${prefix}.x`, description: 'x', deprecated: true },
      { name: `${prefix}.x` },
    ]) {
      expect((await harness.admin.post('/v1/event-types', body)).status).toBe(400);
    }
    expect(
      (await client.post('/v1/event-types', { name: `${prefix}.y`, description: 'y' })).status,
    ).toBe(403);

    const deprecated = await harness.admin.patch(`/v1/event-types/${name}`, {
      deprecated: true,
      description: 'Use widget.build instead.',
    });
    expect(deprecated).toEqual({
      status: 200,
      body: { name, description: 'Use widget.build instead.', deprecated: true },
    });
    const listed = await client.get<{ data: EventType[] }>('/v1/event-types');
    expect(listed.body.data.find((type) => type.name === name)).toMatchObject({ deprecated: true });
    expect(
      (await harness.admin.patch(`/v1/event-types/${prefix}.missing`, { deprecated: true })).status,
    ).toBe(404);
    expect(
      (await harness.admin.patch('/v1/event-types/Not-A-Type', { deprecated: true })).status,
    ).toBe(400);
    expect(
      (await harness.admin.patch(`/v1/event-types/${name}`, { name: 'other.name' })).status,
    ).toBe(400);
    expect((await client.patch(`/v1/event-types/${name}`, { deprecated: false })).status).toBe(403);
  });

  it('routes types missing from the catalog, and deprecated ones, like any other', async () => {
    const { client } = await newTenant(harness.admin, 'types');
    const deprecatedType = `${prefix}.legacy.sync`;
    await harness.admin.post('/v1/event-types', { name: deprecatedType, description: 'Old.' });
    await harness.admin.patch(`/v1/event-types/${deprecatedType}`, { deprecated: true });

    // Filters are not limited to the catalog: exact types and wildcards nobody registered.
    const hook = await client.post<{ id: string; events: string[] }>('/v1/webhooks', {
      url: `${harness.receiver.url}/${prefix}`,
      events: [`${prefix}.partner.*`, deprecatedType, 'never.registered'],
    });
    expect(hook.status).toBe(201);

    for (const [id, event] of [
      ['evt_u1', `${prefix}.partner.synced`],
      ['evt_u2', deprecatedType],
      ['evt_u3', 'user.create'],
    ]) {
      expect((await client.post('/v1/events', { id, event, data: {} })).status).toBe(202);
    }
    await harness.receiver.waitFor(2, 20_000, (r) => r.path === `/${prefix}`);
    await pipelineSettled(); // and nothing more
    const received = harness.receiver.requests.filter((r) => r.path === `/${prefix}`);
    expect(received.map((r) => (JSON.parse(r.body) as { event: string }).event).sort()).toEqual(
      [`${prefix}.partner.synced`, deprecatedType].sort(),
    );
  });

  it('drops and counts events of a company that has no webhooks (no_match)', async () => {
    const metric = async () => {
      const text = await (await fetch(`${harness.platform.url('fanout')}/metrics`)).text();
      const match = /^hookstream_fanout_events_total\{outcome="no_match"\} (\d+)/m.exec(text);
      return match ? Number(match[1]) : 0;
    };
    const before = await metric();
    await producer.send({
      topic: 'hookstream.events',
      messages: [
        {
          key: 'nobody',
          value: JSON.stringify({
            id: 'evt_nobody',
            event: 'user.create',
            company: `nobody-${prefix}`,
            data: {},
          }),
        },
      ],
    });
    await eventually(async () => ((await metric()) > before ? true : undefined));
    expect(harness.receiver.requests.some((r) => r.body.includes(`nobody-${prefix}`))).toBe(false);
  });
});
