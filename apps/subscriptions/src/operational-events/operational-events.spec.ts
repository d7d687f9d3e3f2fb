import {
  type AttemptRecord,
  deliveryJobSchema,
  operationalEventSchema,
  toWebhookPayload,
} from '@app/contract';
import {
  deadLetteredEvent,
  operationalDeliveryJob,
  webhookDisabledEvent,
} from './operational-events';

const exhausted: AttemptRecord = {
  messageId: 'msg_aa',
  webhookId: 'wh_01M80347XDKZN0G3MSFT167WR6',
  company: 'acme',
  event: 'user.create',
  series: 0,
  attempt: 8,
  at: '2026-11-21T10:00:01.000Z',
  statusCode: 503,
  durationMs: 12,
  outcome: 'failure',
  error: 'HTTP 503',
  responseBody: null,
  nextAttemptAt: null,
  status: 'failed',
  endReason: 'exhausted',
  seriesStartedAt: '2026-11-20T06:00:00.000Z',
};

const disabled = {
  id: exhausted.webhookId,
  companyId: 'acme',
  url: 'https://example.com/hook',
  reason: 'gone' as const,
  version: 5,
  messageId: 'msg_aa',
  at: new Date('2026-11-21T10:00:01.000Z'),
};

describe('operational events', () => {
  it('describe a disable and a dead letter in the contract shape', () => {
    expect(operationalEventSchema.parse(webhookDisabledEvent(disabled))).toEqual({
      id: expect.stringMatching(/^opev_[0-9a-f]{32}$/),
      type: 'webhook.disabled',
      company: 'acme',
      occurredAt: '2026-11-21T10:00:01.000Z',
      data: { webhookId: disabled.id, url: disabled.url, reason: 'gone', messageId: 'msg_aa' },
    });
    expect(operationalEventSchema.parse(deadLetteredEvent(exhausted))).toMatchObject({
      type: 'message.dead_lettered',
      occurredAt: exhausted.at,
      data: {
        messageId: 'msg_aa',
        webhookId: exhausted.webhookId,
        event: 'user.create',
        attempts: 8,
        lastStatusCode: 503,
        lastError: 'HTTP 503',
      },
    });
  });

  it('keep their id for the same cause and change it for another', () => {
    expect(webhookDisabledEvent(disabled).id).toBe(webhookDisabledEvent({ ...disabled }).id);
    expect(webhookDisabledEvent({ ...disabled, version: 7 }).id).not.toBe(
      webhookDisabledEvent(disabled).id,
    );
    expect(deadLetteredEvent({ ...exhausted, at: '2026-11-21T11:00:00.000Z' }).id).toBe(
      deadLetteredEvent(exhausted).id,
    );
    expect(deadLetteredEvent({ ...exhausted, series: 1_795_000_000_000 }).id).not.toBe(
      deadLetteredEvent(exhausted).id,
    );
  });

  it('become a delivery job of the operational webhook, its body the event', () => {
    const event = webhookDisabledEvent(disabled);
    const recordedAt = new Date('2026-11-21T10:00:02.000Z');
    const job = operationalDeliveryJob(event, { id: 'wh_ops', version: 2 }, recordedAt);
    expect(deliveryJobSchema.parse(job)).toEqual(job);
    expect(job).toMatchObject({
      webhookId: 'wh_ops',
      webhookVersion: 2,
      attempt: 1,
      series: 0,
      messageCreatedAt: recordedAt.toISOString(),
    });
    expect(operationalDeliveryJob(event, { id: 'wh_ops', version: 3 }, recordedAt).messageId).toBe(
      job.messageId,
    );
    expect(toWebhookPayload(job)).toMatchObject({
      event: 'webhook.disabled',
      eventId: event.id,
      company: 'acme',
      data: event.data,
      timestamp: event.occurredAt,
    });
  });
});
