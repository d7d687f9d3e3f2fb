import { newTenant } from './support/api-client';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { useHarness } from './support/harness';

const EVENTS = 150;

describe('SIGTERM during a burst of deliveries', () => {
  const harness = useHarness({}, { without: ['delivery'] });
  let delivery: ChildApp | undefined;

  beforeAll(() => {
    // A receiver that takes a while, so attempts are in flight when the signal lands.
    harness.receiver.respondWith((_request, response) => {
      setTimeout(() => response.writeHead(204).end(), 150);
    });
  });

  afterAll(async () => {
    await delivery?.stop('SIGKILL');
  });

  it('drains, exits within the drain timeout, and after a restart nothing is lost or stuck', async () => {
    // Two attempts at a time of 150 ms each: the burst takes about 11 s, so the 2 s drain ends
    // with part of it still undelivered, however fast the rest of the pipeline is.
    delivery = await ChildApp.start('delivery', {
      SHUTDOWN_DRAIN_TIMEOUT: '2s',
      DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: '2',
    });
    const { client } = await newTenant(harness.admin, 'drain');
    const webhook = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/drain`,
    });

    await Promise.all(
      Array.from({ length: EVENTS }, (_, index) =>
        client.post('/v1/events', {
          id: `evt_drain_${index}`,
          event: 'user.create',
          data: { index },
        }),
      ),
    );
    await harness.receiver.waitFor(10, 20_000);

    // Readiness turns false as soon as shutdown begins, while in-flight attempts finish.
    const readyUrl = `${delivery.url}/health/ready`;
    const stopping = delivery.stop('SIGTERM');
    const signalledAt = Date.now();
    const readiness = await eventually(() =>
      fetch(readyUrl).then(
        (response) => (response.status === 200 ? undefined : response.status),
        () => 'closed',
      ),
    );
    expect([503, 'closed']).toContain(readiness);
    await stopping;
    // The drain's 2 s, then the goodbyes (commits, leaving the groups): well within 9 s.
    expect(Date.now() - signalledAt).toBeLessThan(9_000);
    const deliveredBeforeStop = new Set(
      harness.receiver.requests.map((r) => r.headers['webhook-id']),
    );
    expect(deliveredBeforeStop.size).toBeLessThan(EVENTS);

    delivery = await ChildApp.start('delivery');
    await eventually(() => {
      const ids = new Set(harness.receiver.requests.map((r) => r.headers['webhook-id']));
      return Promise.resolve(ids.size === EVENTS ? ids : undefined);
    }, 40_000);

    // Every message ends delivered in the log: none left pending by the restart.
    const statuses = await eventually(async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { body: { data: Array<{ status: string }>; nextCursor: string | null } } =
          await client.get(
            `/v1/messages?webhookId=${webhook.body.id}&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
          );
        seen.push(...page.body.data.map((message) => message.status));
        cursor = page.body.nextCursor;
      } while (cursor);
      return seen.length === EVENTS && seen.every((status) => status === 'delivered')
        ? seen
        : undefined;
    }, 30_000);
    expect(statuses).toHaveLength(EVENTS);
  });
});
