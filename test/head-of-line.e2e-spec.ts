import { ApiClient, newTenant } from './support/api-client';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';
import { Receiver } from './support/receiver';

describe('a hanging receiver does not delay a healthy one', () => {
  let platform: Platform;
  let receiver: Receiver;
  let admin: ApiClient;

  beforeAll(async () => {
    platform = await Platform.start({
      DELIVERY_TIMEOUT: '5s',
      DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: '2',
    });
    admin = new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN);
    receiver = await Receiver.start();
    receiver.respondWith((request, response) => {
      if (request.path === '/hang') return; // holds every connection until the deadline
      response.writeHead(204).end();
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await platform?.close();
  });

  it('delivers to the healthy webhook while the hanging one holds its slots', async () => {
    const { client } = await newTenant(admin, 'hol');
    await client.post('/v1/webhooks', { url: `${receiver.url}/hang`, events: ['slow.*'] });
    await client.post('/v1/webhooks', { url: `${receiver.url}/fast`, events: ['fast.*'] });

    for (let index = 0; index < 20; index += 1) {
      await client.post('/v1/events', {
        id: `evt_slow_${index}`,
        event: 'slow.thing',
        data: { index },
      });
    }
    await receiver.waitFor(2, 10_000, (r) => r.path === '/hang');

    const sentAt = Date.now();
    for (let index = 0; index < 10; index += 1) {
      await client.post('/v1/events', {
        id: `evt_fast_${index}`,
        event: 'fast.thing',
        data: { index },
      });
    }
    const fast = await receiver.waitFor(10, 10_000, (r) => r.path === '/fast');
    // All ten arrive while the hanging webhook's attempts (5 s each) are still open.
    expect(Math.max(...fast.map((r) => r.receivedAt)) - sentAt).toBeLessThan(4_000);
    // The per-webhook limit held: the hanging receiver never saw more than 2 at once.
    expect(receiver.requests.filter((r) => r.path === '/hang').length).toBeLessThanOrEqual(2);
  });
});
