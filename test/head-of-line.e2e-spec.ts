import { type ApiClient, newTenant } from './support/api-client';
import { eventually } from './support/eventually';
import { useHarness } from './support/harness';
import { readTopic } from './support/kafka';
import { metricValue } from './support/metrics';

/** Apps with `overrides` and a receiver that answers 204, except on /hang: never. */
function useHangingReceiver(overrides: Record<string, string>) {
  const harness = useHarness(overrides);
  beforeAll(() => {
    harness.receiver.respondWith((request, response) => {
      if (request.path === '/hang') return; // holds every connection until the deadline
      response.writeHead(204).end();
    });
  });
  return harness;
}

/** Sends `count` events named `event`, with the ids `${prefix}0`, `${prefix}1` … */
async function sendEvents(client: ApiClient, prefix: string, event: string, count: number) {
  for (let index = 0; index < count; index += 1) {
    await client.post('/v1/events', { id: `${prefix}${index}`, event, data: { index } });
  }
}

describe('a hanging receiver does not delay a healthy one', () => {
  const harness = useHangingReceiver({
    DELIVERY_TIMEOUT: '5s',
    DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: '2',
  });

  it('delivers to the healthy webhook while the hanging one holds its slots', async () => {
    const { admin, receiver } = harness;
    const { client } = await newTenant(admin, 'hol');
    await client.post('/v1/webhooks', { url: `${receiver.url}/hang`, events: ['slow.*'] });
    await client.post('/v1/webhooks', { url: `${receiver.url}/fast`, events: ['fast.*'] });

    await sendEvents(client, 'evt_slow_', 'slow.thing', 20);
    await receiver.waitFor(2, 10_000, (r) => r.path === '/hang');

    const sentAt = Date.now();
    await sendEvents(client, 'evt_fast_', 'fast.thing', 10);
    const fast = await receiver.waitFor(10, 10_000, (r) => r.path === '/fast');
    // All ten arrive while the hanging webhook's attempts (5 s each) are still open.
    expect(Math.max(...fast.map((r) => r.receivedAt)) - sentAt).toBeLessThan(4_000);
    // The per-webhook limit held: the hanging receiver never saw more than 2 at once.
    expect(receiver.requests.filter((r) => r.path === '/hang').length).toBeLessThanOrEqual(2);
  });
});

describe('a slow webhook with a backlog waits in Kafka, not in front of the others', () => {
  // Without deferral, the hanging webhook's jobs would fill its partition's buffer and pause
  // the partition, so every webhook sharing it would wait for the 5 s timeouts.
  const harness = useHangingReceiver({
    DELIVERY_TIMEOUT: '5s',
    DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: '2',
    DELIVERY_MAX_QUEUED_PER_WEBHOOK: '3',
    DELIVERY_SLOW_AFTER: '200ms',
    DELIVERY_BUFFER_PER_PARTITION: '20',
  });

  it('defers what the slow webhook cannot take, unattempted, to a retry tier', async () => {
    const { admin, receiver, platform } = harness;
    const { client } = await newTenant(admin, 'backlog');
    const hang = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${receiver.url}/hang`,
      events: ['slow.*'],
    });
    // Several healthy webhooks, so that some share the hanging one's partition.
    for (let index = 0; index < 6; index += 1) {
      await client.post('/v1/webhooks', {
        url: `${receiver.url}/fast/${index}`,
        events: ['fast.*'],
      });
    }
    const deferredSeries = 'hookstream_deliveries_deferred_total';
    const deferredBefore = await metricValue(platform.url('delivery'), deferredSeries);
    // Traffic for the hanging webhook until its attempts have run long enough to call it slow.
    let sent = 0;
    await eventually(async () => {
      for (let index = 0; index < 5; index += 1, sent += 1) {
        await client.post('/v1/events', {
          id: `evt_backlog_${sent}`,
          event: 'slow.thing',
          data: {},
        });
      }
      const deferred = await metricValue(platform.url('delivery'), deferredSeries);
      return deferred > deferredBefore ? true : undefined;
    }, 10_000);
    await sendEvents(client, 'evt_quick_', 'fast.thing', 5);

    const fast = await receiver.waitFor(30, 10_000, (r) => r.path.startsWith('/fast/'));
    expect(fast).toHaveLength(30);
    // They arrived while the hanging webhook's first attempts were still open.
    expect(receiver.requests.filter((r) => r.path === '/hang')).toHaveLength(2);

    // A first deferral goes to tier 1, due after that tier's delay. The job deferred first may
    // be a first attempt or the retry of a timed-out one: either way it goes unattempted, with
    // the attempt number it had.
    const [parked] = await readTopic(
      'hookstream.deliveries.retry.1',
      (record) => record.key === hang.body.id && record.headers['hookstream-deferrals'] === '1',
      1,
    );
    const job = JSON.parse(parked!.value!) as { webhookId: string; attempt: number };
    expect(job.webhookId).toBe(hang.body.id);
    expect(job.attempt).toBeGreaterThanOrEqual(1);
    expect(Number(parked!.headers['hookstream-due-at'])).toBeGreaterThan(0);
  });
});
