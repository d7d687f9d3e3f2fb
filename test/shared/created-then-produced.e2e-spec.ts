import { newTenant } from '../support/api-client';
import { pipelineSettled, useProducer } from '../support/kafka';
import { useHarness } from '../support/harness';

describe('a webhook created before an event is produced receives it', () => {
  const harness = useHarness();
  const producer = useProducer();

  it('never misses, 50 times in a row, when the event goes straight to Kafka', async () => {
    const { company, client } = await newTenant(harness.admin, 'race');
    const webhookIds: string[] = [];
    for (let round = 0; round < 50; round += 1) {
      const created = await client.post<{ id: string }>('/v1/webhooks', {
        url: `${harness.receiver.url}/race/${round}`,
        events: [`race.round_${round}`],
      });
      expect(created.status).toBe(201);
      webhookIds.push(created.body.id);
      await producer.send({
        topic: 'hookstream.events',
        messages: [
          {
            value: JSON.stringify({
              id: `evt_race_${round}`,
              company,
              event: `race.round_${round}`,
              data: { round },
            }),
          },
        ],
      });
    }
    const requests = await harness.receiver.waitFor(50, 30_000);
    const got = requests.map((r) => (JSON.parse(r.body) as { webhookId: string }).webhookId).sort();
    expect(got).toEqual([...webhookIds].sort());
  });

  it('never delivers to a webhook disabled before the event was produced', async () => {
    const { company, client } = await newTenant(harness.admin, 'off');
    const created = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/off`,
      events: ['*'],
    });
    const control = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/control`,
      events: ['*'],
    });
    expect((await client.patch(`/v1/webhooks/${created.body.id}`, { enabled: false })).status).toBe(
      200,
    );
    await producer.send({
      topic: 'hookstream.events',
      messages: [
        { value: JSON.stringify({ id: 'evt_off', company, event: 'user.create', data: {} }) },
      ],
    });
    await harness.receiver.waitFor(1, 20_000, (r) => r.path === '/control');
    await pipelineSettled();
    expect(harness.receiver.requests.filter((r) => r.path === '/off')).toHaveLength(0);
    expect(control.body.id).toBeDefined();
  });
});
