import { applyWebhookPatch, type MutableWebhookFields } from './webhook-changes';

const enabled: MutableWebhookFields = {
  url: 'https://example.com/hook',
  description: '',
  events: ['*'],
  enabled: true,
  disabledReason: null,
};
const exhausted: MutableWebhookFields = { ...enabled, enabled: false, disabledReason: 'exhausted' };

describe('applyWebhookPatch', () => {
  it('reports no change for an empty or identical patch', () => {
    expect(applyWebhookPatch(enabled, {}).changed).toBe(false);
    expect(
      applyWebhookPatch(enabled, { url: enabled.url, events: ['*'], enabled: true }).changed,
    ).toBe(false);
  });

  it('disables manually, and keeps the reason of an already disabled webhook', () => {
    const disabled = applyWebhookPatch(enabled, { enabled: false });
    expect(disabled).toMatchObject({ changed: true, enabledChanged: true });
    expect(disabled.next).toMatchObject({ enabled: false, disabledReason: 'manual' });
    expect(applyWebhookPatch(exhausted, { enabled: false })).toMatchObject({ changed: false });
  });

  it('enabling clears the disabled reason', () => {
    const result = applyWebhookPatch(exhausted, { enabled: true });
    expect(result).toMatchObject({ changed: true, enabledChanged: true });
    expect(result.next).toMatchObject({ enabled: true, disabledReason: null });
  });

  it('changes url, description and events', () => {
    const result = applyWebhookPatch(enabled, {
      url: 'https://example.com/other',
      description: 'new',
      events: ['user.*'],
    });
    expect(result).toMatchObject({ changed: true, enabledChanged: false });
    expect(result.next).toEqual({
      ...enabled,
      url: 'https://example.com/other',
      description: 'new',
      events: ['user.*'],
    });
    expect(enabled.events).toEqual(['*']); // the input is not mutated
  });
});
