import { newTenant } from './support/api-client';
import { ChildApp } from './support/child-app';
import { eventually } from './support/eventually';
import { type MessageJson } from './support/api-types';
import { useHarness } from './support/harness';

describe('a delivery app that cannot decrypt a webhook secret', () => {
  const harness = useHarness({}, { without: ['delivery'] });
  let delivery: ChildApp | undefined;

  afterAll(async () => {
    await delivery?.stop('SIGKILL');
  });

  it('records a failed attempt and retries it, rather than blocking its partition', async () => {
    // A key the API never encrypted with (a rollout that forgot SECRETS_ENCRYPTION_PREVIOUS_KEYS).
    delivery = await ChildApp.start('delivery', {
      SECRETS_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
    const { client } = await newTenant(harness.admin, 'nokey');
    const webhook = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/nokey`,
    });
    await client.post('/v1/events', { id: 'evt_nokey', event: 'user.create', data: {} });

    const message = await eventually(async () => {
      const list = await client.get<{ data: Array<{ id: string }> }>(
        `/v1/messages?webhookId=${webhook.body.id}`,
      );
      const id = list.body.data[0]?.id;
      if (!id) return undefined;
      const found = await client.get<MessageJson>(`/v1/messages/${id}`);
      return found.body.attempts.length >= 2 ? found.body : undefined;
    }, 20_000);
    expect(message.attempts[0]).toMatchObject({ outcome: 'error' });
    expect(message.attempts[0]?.error).toMatch(/^secret_unavailable: /);
    expect(harness.receiver.requests).toHaveLength(0);
  });
});
