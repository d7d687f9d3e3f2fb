import { webhookStateSchema } from '@app/contract';
import { toWebhookJson, toWebhookState } from './webhook.presenter';
import { type WebhookEntity } from './webhook.entity';

const webhook: WebhookEntity = {
  id: 'wh_01M80347XDKZN0G3MSFT167WR6',
  companyId: 'acme',
  kind: 'endpoint',
  url: 'https://example.com/hook',
  description: 'd',
  events: ['user.*'],
  enabled: false,
  disabledReason: 'gone',
  secrets: [{ ciphertext: 'v1:abcd:x:y:z', expiresAt: null }],
  version: 4,
  publishedVersion: 3,
  enabledChangedAt: new Date(0),
  lastSuccessAt: null,
  createdAt: new Date('2026-11-21T10:00:00.000Z'),
  updatedAt: new Date('2026-11-21T11:00:00.000Z'),
  deletedAt: null,
};

describe('webhook presenters', () => {
  it('shows the API shape, without secrets or bookkeeping', () => {
    expect(toWebhookJson(webhook)).toEqual({
      id: webhook.id,
      url: webhook.url,
      description: 'd',
      events: ['user.*'],
      enabled: false,
      disabledReason: 'gone',
      createdAt: '2026-11-21T10:00:00.000Z',
      updatedAt: '2026-11-21T11:00:00.000Z',
    });
  });

  it('publishes a value the contract accepts', () => {
    const state = toWebhookState(webhook);
    expect(webhookStateSchema.parse(state)).toEqual(state);
    expect(state).toMatchObject({ company: 'acme', version: 4, secrets: webhook.secrets });
    expect(state).not.toHaveProperty('operational');
  });

  it('marks the operational webhook, which fan-out never routes domain events to', () => {
    const state = toWebhookState({ ...webhook, kind: 'operational', events: [] });
    expect(webhookStateSchema.parse(state)).toMatchObject({ operational: true, events: [] });
  });
});
