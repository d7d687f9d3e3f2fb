import { ApiClient, newTenant } from './support/api-client';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';
import { Receiver } from './support/receiver';

/** The delivery app runs as a real process here, so it can be killed outright. */
describe('the delivery app dies and comes back', () => {
  let platform: Platform;
  let admin: ApiClient;
  let receiver: Receiver;
  let delivery: ChildApp | undefined;

  beforeAll(async () => {
    platform = await Platform.start({}, { without: ['delivery'] });
    admin = new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN);
    receiver = await Receiver.start();
  });

  afterAll(async () => {
    await delivery?.stop('SIGKILL');
    await receiver?.close();
    await platform?.close();
  });

  it('SIGKILLed while a job waits in a retry tier: delivered after restart, never early', async () => {
    const schedule = { RETRY_SCHEDULE: '4s' };
    delivery = await ChildApp.start('delivery', schedule);
    let calls = 0;
    receiver.respondWith((_request, response) => {
      calls += 1;
      response.writeHead(calls === 1 ? 500 : 200).end();
    });
    const { client } = await newTenant(admin, 'restart');
    await client.post('/v1/webhooks', { url: `${receiver.url}/restart` });
    await client.post('/v1/events', { id: 'evt_restart', event: 'user.create', data: {} });

    const [first] = await receiver.waitFor(1, 20_000);
    // Give the retry job time to be acknowledged by Kafka, then kill without warning.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await delivery.stop('SIGKILL')).toBeNull();
    delivery = await ChildApp.start('delivery', schedule);

    const requests = await receiver.waitFor(2, 30_000);
    expect(requests[1].headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(requests[1].receivedAt - first.receivedAt).toBeGreaterThanOrEqual(4_000);

    const messageId = first.headers['webhook-id'] as string;
    const message = await eventually(async () => {
      const found = await client.get<{ status: string }>(`/v1/messages/${messageId}`);
      return found.body?.status === 'delivered' ? found.body : undefined;
    });
    expect(message.status).toBe('delivered');
  });
});
