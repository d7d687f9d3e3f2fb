import {
  operationalEventIdFor,
  operationalEventSchema,
  OperationalEventTypes,
} from './operational-event.schema';

describe('operational events', () => {
  it('derives the id from the type and the cause', () => {
    const id = operationalEventIdFor(OperationalEventTypes.messageDeadLettered, 'msg_1', '0');
    expect(id).toMatch(/^opev_[0-9a-f]{32}$/);
    expect(operationalEventIdFor(OperationalEventTypes.messageDeadLettered, 'msg_1', '0')).toBe(id);
    expect(operationalEventIdFor(OperationalEventTypes.messageDeadLettered, 'msg_1', '1')).not.toBe(
      id,
    );
    expect(operationalEventIdFor(OperationalEventTypes.webhookDisabled, 'msg_1', '0')).not.toBe(id);
    expect(operationalEventIdFor(OperationalEventTypes.webhookDisabled, 'a', 'bc')).not.toBe(
      operationalEventIdFor(OperationalEventTypes.webhookDisabled, 'ab', 'c'),
    );
  });

  it('validates each type with its own data', () => {
    const base = { id: 'opev_1', company: 'acme', occurredAt: '2026-11-21T10:00:00.000Z' };
    const disabled = {
      ...base,
      type: 'webhook.disabled',
      data: { webhookId: 'wh_1', url: 'https://x.example/', reason: 'gone', messageId: 'msg_1' },
    };
    expect(operationalEventSchema.parse(disabled)).toEqual(disabled);
    expect(
      operationalEventSchema.safeParse({ ...disabled, type: 'message.dead_lettered' }).success,
    ).toBe(false);
    expect(operationalEventSchema.safeParse({ ...disabled, type: 'webhook.created' }).success).toBe(
      false,
    );
  });
});
