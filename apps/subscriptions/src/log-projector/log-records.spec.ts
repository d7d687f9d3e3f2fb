import { type AttemptRecord, type DeliveryJob } from '@app/contract';
import {
  attemptRow,
  disableCandidate,
  mergeMessageUpserts,
  messageFromAttempt,
  messageFromJob,
  WrittenMessages,
} from './log-records';

const job: DeliveryJob = {
  messageId: 'msg_aa',
  webhookId: 'wh_01M80347XDKZN0G3MSFT167WR6',
  webhookVersion: 3,
  company: 'acme',
  eventId: 'evt_1',
  event: 'user.create',
  environment: 'live',
  userId: 'usr_9',
  data: { id: 'usr_1' },
  occurredAt: '2026-11-21T10:00:00.000Z',
  attempt: 1,
  series: 0,
  redelivery: false,
};

const result: AttemptRecord = {
  messageId: 'msg_aa',
  webhookId: job.webhookId,
  company: 'acme',
  event: 'user.create',
  series: 0,
  attempt: 1,
  at: '2026-11-21T10:00:01.000Z',
  statusCode: 500,
  durationMs: 12.6,
  outcome: 'failure',
  error: 'HTTP 500',
  responseBody: 'oops',
  nextAttemptAt: '2026-11-21T10:00:06.000Z',
  status: 'pending',
  endReason: null,
  seriesStartedAt: '2026-11-21T10:00:01.000Z',
};

describe('messageFromJob', () => {
  it('creates a pending message with the receiver body as payload', () => {
    const upsert = messageFromJob(job, Date.parse('2026-11-21T10:00:00.500Z'))!;
    expect(upsert).toMatchObject({
      id: 'msg_aa',
      eventId: 'evt_1',
      status: 'pending',
      series: 0,
      step: 2,
    });
    expect(upsert.createdAt.toISOString()).toBe('2026-11-21T10:00:00.500Z');
    expect(upsert.payload).toEqual({
      id: 'msg_aa',
      event: 'user.create',
      company: 'acme',
      data: { id: 'usr_1' },
      eventId: 'evt_1',
      webhookId: job.webhookId,
      environment: 'live',
      userId: 'usr_9',
      timestamp: '2026-11-21T10:00:00.000Z',
      redelivery: false,
    });
  });

  it('claims the creation time the job carries, else its record timestamp', () => {
    const carried = messageFromJob(
      { ...job, messageCreatedAt: '2026-11-21T09:59:59.900Z' },
      Date.parse('2026-11-21T10:00:00.500Z'),
    )!;
    expect(carried.createdAt.toISOString()).toBe('2026-11-21T09:59:59.900Z');
    const redelivered = messageFromJob(
      { ...job, series: 1_795_000_000_000, messageCreatedAt: '2026-11-01T00:00:00.000Z' },
      Date.parse('2026-11-21T10:00:00.500Z'),
    )!;
    expect(redelivered.createdAt.toISOString()).toBe('2026-11-01T00:00:00.000Z');
  });

  it('ignores jobs of later attempts', () => {
    expect(messageFromJob({ ...job, attempt: 2 }, 0)).toBeUndefined();
  });
});

describe('messageFromAttempt and attemptRow', () => {
  it('makes a stub message (no payload) carrying the attempt status', () => {
    expect(messageFromAttempt({ ...result, attempt: 3, status: 'failed' })).toMatchObject({
      eventId: null,
      payload: null,
      status: 'failed',
      step: 7,
    });
  });

  it('claims the creation time of the job the attempt copied, else its series start', () => {
    expect(
      messageFromAttempt({ ...result, messageCreatedAt: '2026-11-21T09:59:59.900Z' }).createdAt,
    ).toEqual(new Date('2026-11-21T09:59:59.900Z'));
    expect(messageFromAttempt(result).createdAt).toEqual(new Date('2026-11-21T10:00:01.000Z'));
  });

  it('rounds the duration and cleans unstorable text', () => {
    const row = attemptRow({ ...result, responseBody: 'a\u0000b' });
    expect(row.webhookId).toBe(job.webhookId);
    expect(row.durationMs).toBe(13);
    expect(row.responseBody).toBe('a\ufffdb');
    expect(row.nextAttemptAt?.toISOString()).toBe('2026-11-21T10:00:06.000Z');
  });
});

describe('disableCandidate', () => {
  it('disables on 410 always and on exhaustion only when configured', () => {
    expect(disableCandidate({ ...result, endReason: 'gone' }, false)?.reason).toBe('gone');
    expect(disableCandidate({ ...result, endReason: 'exhausted' }, true)?.reason).toBe('exhausted');
    expect(disableCandidate({ ...result, endReason: 'exhausted' }, false)).toBeUndefined();
    expect(disableCandidate({ ...result, endReason: 'webhook_disabled' }, true)).toBeUndefined();
    expect(disableCandidate({ ...result, endReason: 'delivered' }, true)).toBeUndefined();
    expect(disableCandidate(result, true)).toBeUndefined();
  });
});

describe('mergeMessageUpserts', () => {
  const fromJob = messageFromJob(job, Date.parse('2026-11-21T10:00:00.500Z'))!;

  it('keeps one row per message with the newest status and the original payload', () => {
    // Days later, carrying the message's creation time as every record of it does.
    const redelivery = messageFromJob(
      {
        ...job,
        series: 1_795_000_000_000,
        redelivery: true,
        messageCreatedAt: '2026-11-21T10:00:00.500Z',
      },
      Date.parse('2026-11-25T08:00:00.000Z'),
    )!;
    const firstResult = messageFromAttempt(result);
    const merged = mergeMessageUpserts([firstResult, redelivery, fromJob]);
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({
      status: 'pending',
      series: 1_795_000_000_000,
      step: 2,
      eventId: 'evt_1',
    });
    expect(merged[0]?.payload).toEqual(fromJob.payload); // redelivery: false, from series 0
    expect(merged[0]?.createdAt.toISOString()).toBe('2026-11-21T10:00:00.500Z');
  });

  it('is independent of arrival order for status', () => {
    const success = messageFromAttempt({ ...result, attempt: 2, status: 'delivered' });
    const failure = messageFromAttempt(result);
    expect(mergeMessageUpserts([success, failure, fromJob])[0]?.status).toBe('delivered');
    expect(mergeMessageUpserts([fromJob, failure, success])[0]?.status).toBe('delivered');
  });

  it('keeps a claim more than a day from the first apart: another row, as in separate batches', () => {
    const late = messageFromAttempt({
      ...result,
      messageCreatedAt: '2026-10-12T10:00:00.000Z',
      status: 'delivered',
    });
    const near = messageFromAttempt({ ...result, messageCreatedAt: '2026-11-22T09:00:00.000Z' });
    const merged = mergeMessageUpserts([late, fromJob, near]);
    expect(merged.map((row) => [row.createdAt.toISOString(), row.status])).toEqual([
      ['2026-10-12T10:00:00.000Z', 'delivered'],
      ['2026-11-21T10:00:00.500Z', 'pending'],
    ]);
  });

  it('does not chain claims a day apart each into one row', () => {
    const at = (iso: string) => ({ ...fromJob, createdAt: new Date(iso) });
    const merged = mergeMessageUpserts([
      at('2026-11-21T00:00:00.000Z'),
      at('2026-11-21T20:00:00.000Z'),
      at('2026-11-22T16:00:00.000Z'),
    ]);
    expect(merged.map((row) => row.createdAt.toISOString())).toEqual([
      '2026-11-21T00:00:00.000Z',
      '2026-11-22T16:00:00.000Z',
    ]);
  });

  it('keeps different messages apart', () => {
    const other = { ...fromJob, id: 'msg_bb' };
    expect(mergeMessageUpserts([fromJob, other]).map((row) => row.id)).toEqual([
      'msg_aa',
      'msg_bb',
    ]);
  });
});

describe('WrittenMessages', () => {
  const written = new WrittenMessages();
  written.add('msg_aa', new Date('2026-11-21T10:00:00.000Z'));
  written.add('msg_aa', new Date('2026-10-12T10:00:00.000Z'));

  it('finds the row a claim names: the nearest of the message within three days', () => {
    expect(written.createdAt('msg_aa', new Date('2026-11-22T12:00:00.000Z'))?.toISOString()).toBe(
      '2026-11-21T10:00:00.000Z',
    );
    expect(written.createdAt('msg_aa', new Date('2026-10-12T10:00:00.000Z'))?.toISOString()).toBe(
      '2026-10-12T10:00:00.000Z',
    );
  });

  it('finds none for a claim of a day the batch did not write, or another message', () => {
    expect(written.createdAt('msg_aa', new Date('2026-09-01T10:00:00.000Z'))).toBeUndefined();
    expect(written.createdAt('msg_bb', new Date('2026-11-21T10:00:00.000Z'))).toBeUndefined();
  });
});
