import { deliveryJobSchema, toWebhookPayload, type DeliveryJob } from '@app/contract';
import { redeliveryJob, SeriesClock } from './redelivery-job';

const original: DeliveryJob = {
  messageId: 'msg_0123456789abcdef0123456789abcdef',
  webhookId: 'wh_01M80347XDKZN0G3MSFT167WR6',
  webhookVersion: 3,
  company: 'acme',
  eventId: 'evt_1',
  event: 'user.create',
  environment: 'sandbox',
  userId: 'usr_9',
  data: { id: 'usr_1', nested: { a: [1, null] } },
  occurredAt: '2026-11-21T10:00:00.000Z',
  attempt: 3,
  series: 0,
  redelivery: false,
};

/** A payload as the log stores it: the JSON of the receiver's body. */
const stored = (job: DeliveryJob) =>
  JSON.parse(JSON.stringify(toWebhookPayload(job))) as Record<string, unknown>;

const message = {
  id: original.messageId,
  companyId: 'acme',
  webhookId: original.webhookId,
  payload: stored(original),
  createdAt: new Date('2026-11-21T10:00:00.250Z'),
};

describe('redeliveryJob', () => {
  it('rebuilds the event from the stored payload, as the first attempt of a new series', () => {
    const job = redeliveryJob(message, 7, 1_795_000_000_000);
    expect(job).toEqual({
      ...original,
      webhookVersion: 7,
      attempt: 1,
      series: 1_795_000_000_000,
      redelivery: true,
      // The logged message's time, so the new attempts join its partition.
      messageCreatedAt: '2026-11-21T10:00:00.250Z',
    });
    expect(deliveryJobSchema.parse(job)).toEqual(job);
    // The receiver gets the same body as before, but for the redelivery flag.
    expect(toWebhookPayload(job!)).toEqual({ ...toWebhookPayload(original), redelivery: true });
  });

  it('keeps userId absent when the event had none', () => {
    const withoutUser = { ...original, userId: undefined };
    const job = redeliveryJob({ ...message, payload: stored(withoutUser) }, 1, 5);
    expect(job).toBeDefined();
    expect(job?.userId).toBeUndefined();
    expect(JSON.parse(JSON.stringify(toWebhookPayload(job!)))).not.toHaveProperty('userId');
  });

  it('cannot redeliver a stub or a payload that makes no valid job', () => {
    expect(redeliveryJob({ ...message, payload: null }, 1, 5)).toBeUndefined();
    expect(redeliveryJob({ ...message, payload: { ...stored(original), data: [] } }, 1, 5)).toBe(
      undefined,
    );
    expect(
      redeliveryJob({ ...message, payload: { ...stored(original), timestamp: 'yesterday' } }, 1, 5),
    ).toBeUndefined();
  });
});

describe('SeriesClock', () => {
  it('follows the clock and never repeats, even when the clock stands still or steps back', () => {
    const clock = new SeriesClock();
    expect(clock.next(1_000)).toBe(1_000);
    expect(clock.next(1_000)).toBe(1_001);
    expect(clock.next(900)).toBe(1_002);
    expect(clock.next(5_000.7)).toBe(5_000);
  });
});
