import { newTenant } from '../support/api-client';
import { pipelineSettled, useProducer } from '../support/kafka';
import { useHarness } from '../support/harness';

describe('a webhook created before an event is produced receives it', () => {
  const harness = useHarness();
  const producer = useProducer();

  it('never misses, 50 times over, when the event goes straight to Kafka', async () => {
    const { company, client } = await newTenant(harness.admin, 'race');
    // Each round produces its event only once its webhook's creation has been answered; ten
    // rounds run at a time, so the fan-out also sees creations and events interleaved.
    const round = async (index: number): Promise<string> => {
      const created = await client.post<{ id: string }>('/v1/webhooks', {
        url: `${harness.receiver.url}/race/${index}`,
        events: [`race.round_${index}`],
      });
      expect(created.status).toBe(201);
      await producer.send({
        topic: 'hookstream.events',
        messages: [
          {
            value: JSON.stringify({
              id: `evt_race_${index}`,
              company,
              event: `race.round_${index}`,
              data: { round: index },
            }),
          },
        ],
      });
      return created.body.id;
    };
    const webhookIds: string[] = [];
    for (let first = 0; first < 50; first += 10) {
      const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => round(first + i)));
      webhookIds.push(...ids);
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
