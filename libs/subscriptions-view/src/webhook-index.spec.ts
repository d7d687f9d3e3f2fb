import { type WebhookState } from '@app/contract';
import { WebhookIndex } from './webhook-index';

function webhook(overrides: Partial<WebhookState> & Pick<WebhookState, 'id'>): WebhookState {
  return {
    company: 'acme',
    url: `https://example.com/${overrides.id}`,
    events: ['*'],
    enabled: true,
    secrets: [{ ciphertext: 'ciphertext', expiresAt: null }],
    version: 1,
    updatedAt: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}

const idsOf = (states: Iterable<WebhookState>) => [...states].map((state) => state.id).sort();

describe('WebhookIndex', () => {
  it('starts empty', () => {
    const index = new WebhookIndex();

    expect(index.size).toBe(0);
    expect(index.get('wh_1')).toBeUndefined();
    expect(idsOf(index.ofCompany('acme'))).toEqual([]);
  });

  it('indexes applied webhooks by id and by company', () => {
    const index = new WebhookIndex();
    const first = webhook({ id: 'wh_1' });
    const second = webhook({ id: 'wh_2' });
    const other = webhook({ id: 'wh_3', company: 'globex' });
    index.apply(first.id, first);
    index.apply(second.id, second);
    index.apply(other.id, other);

    expect(index.size).toBe(3);
    expect(index.get('wh_1')).toEqual(first);
    expect(idsOf(index.ofCompany('acme'))).toEqual(['wh_1', 'wh_2']);
    expect(idsOf(index.ofCompany('globex'))).toEqual(['wh_3']);
    expect(idsOf(index.ofCompany('initech'))).toEqual([]);
  });

  it('replaces a webhook with a newer version', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1', version: 1 }));
    index.apply('wh_1', webhook({ id: 'wh_1', version: 2, enabled: false }));

    expect(index.size).toBe(1);
    expect(index.get('wh_1')).toMatchObject({ version: 2, enabled: false });
    expect([...index.ofCompany('acme')]).toEqual([index.get('wh_1')]);
  });

  it('ignores an older version', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1', version: 5, url: 'https://new.example.com' }));
    index.apply('wh_1', webhook({ id: 'wh_1', version: 4, url: 'https://old.example.com' }));

    expect(index.get('wh_1')).toMatchObject({ version: 5, url: 'https://new.example.com' });
    expect([...index.ofCompany('acme')]).toEqual([index.get('wh_1')]);
  });

  it('ignores an older version that would move the webhook back to another company', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1', version: 2, company: 'globex' }));
    index.apply('wh_1', webhook({ id: 'wh_1', version: 1, company: 'acme' }));

    expect(index.get('wh_1')?.company).toBe('globex');
    expect(idsOf(index.ofCompany('globex'))).toEqual(['wh_1']);
    expect(idsOf(index.ofCompany('acme'))).toEqual([]);
  });

  it('removes a webhook on a tombstone', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1' }));
    index.apply('wh_2', webhook({ id: 'wh_2' }));

    index.apply('wh_1', null);

    expect(index.size).toBe(1);
    expect(index.get('wh_1')).toBeUndefined();
    expect(idsOf(index.ofCompany('acme'))).toEqual(['wh_2']);
  });

  it('accepts a tombstone for an unknown webhook', () => {
    const index = new WebhookIndex();

    index.apply('wh_404', null);

    expect(index.size).toBe(0);
  });

  it('can re-create a webhook after its tombstone', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1', version: 3 }));
    index.apply('wh_1', null);
    index.apply('wh_1', webhook({ id: 'wh_1', version: 1 }));

    expect(index.get('wh_1')?.version).toBe(1);
    expect(idsOf(index.ofCompany('acme'))).toEqual(['wh_1']);
  });

  it('keeps both indexes consistent when an update moves the webhook to another company', () => {
    const index = new WebhookIndex();
    index.apply('wh_1', webhook({ id: 'wh_1', version: 1, company: 'acme' }));
    index.apply('wh_2', webhook({ id: 'wh_2', version: 1, company: 'acme' }));

    index.apply('wh_1', webhook({ id: 'wh_1', version: 2, company: 'globex' }));

    expect(index.size).toBe(2);
    expect(index.get('wh_1')?.company).toBe('globex');
    expect(idsOf(index.ofCompany('acme'))).toEqual(['wh_2']);
    expect(idsOf(index.ofCompany('globex'))).toEqual(['wh_1']);

    index.apply('wh_1', null);

    expect(idsOf(index.ofCompany('globex'))).toEqual([]);
    expect(idsOf(index.ofCompany('acme'))).toEqual(['wh_2']);
  });
});
