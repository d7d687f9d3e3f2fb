import { newTenant } from './support/api-client';
import { ChildApp } from './support/child-app';
import { type MessageJson } from './support/api-types';
import { eventually } from './support/eventually';
import { useHarness } from './support/harness';

/** The delivery app runs as a real process here, so it can be killed outright. */
describe('the delivery app dies and comes back', () => {
  const harness = useHarness({}, { without: ['delivery'] });
  let delivery: ChildApp | undefined;
  // The third tier outlasts a restart, so that "never early" is tested, not implied.
  const schedule = { RETRY_SCHEDULE: '500ms,1s,4s' };

  afterAll(async () => {
    await delivery?.stop('SIGKILL');
  });

  it('SIGKILLed while a job waits in a retry tier: delivered after restart, never early', async () => {
    delivery = await ChildApp.start('delivery', schedule);
    let calls = 0;
    harness.receiver.respondWith((_request, response) => {
      calls += 1;
      response.writeHead(calls <= 3 ? 500 : 200).end();
    });
    const { client } = await newTenant(harness.admin, 'restart');
    const messageWithAttempts = (id: string, count: number) =>
      eventually(async () => {
        const found = await client.get<MessageJson>(`/v1/messages/${id}`);
        return found.body?.attempts?.length === count ? found.body : undefined;
      });
    await client.post('/v1/webhooks', { url: `${harness.receiver.url}/restart` });
    await client.post('/v1/events', { id: 'evt_restart', event: 'user.create', data: {} });

    // The third attempt fails too: its retry waits 4 s in hookstream.deliveries.retry.3.
    const [first, , third] = await harness.receiver.waitFor(3, 30_000);
    // Its record says when the retry is due: the retry job went out with it, before the kill.
    const logged = await messageWithAttempts(first.headers['webhook-id'] as string, 3);
    expect(logged.attempts[2]?.nextAttemptAt).not.toBeNull();
    expect(await delivery.stop('SIGKILL')).toBeNull();
    delivery = await ChildApp.start('delivery', schedule);

    const requests = await harness.receiver.waitFor(4, 30_000);
    expect(new Set(requests.map((r) => r.headers['webhook-id']))).toEqual(
      new Set([first.headers['webhook-id']]),
    );
    expect(requests[3].receivedAt - third.receivedAt).toBeGreaterThanOrEqual(4_000);

    const messageId = first.headers['webhook-id'] as string;
    const message = await eventually(async () => {
      const found = await client.get<{ status: string }>(`/v1/messages/${messageId}`);
      return found.body?.status === 'delivered' ? found.body : undefined;
    });
    expect(message.status).toBe('delivered');
  });
});
