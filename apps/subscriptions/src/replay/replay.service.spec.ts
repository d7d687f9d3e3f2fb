import { type DeliveryJob, toWebhookPayload } from '@app/contract';
import { ApiError } from '@app/http-kit';
import { ROOT_CONTEXT } from '@app/tracing';
import { type DataSource, type Repository } from 'typeorm';
import { type MessageEntity } from '../messages/message.entity';
import { type WebhookEntity } from '../webhooks/webhook.entity';
import { type DeliveryJobProducer } from './delivery-job-producer.service';
import { ReplayService } from './replay.service';

const job: DeliveryJob = {
  messageId: 'msg_0123456789abcdef0123456789abcdef',
  webhookId: 'wh_01M80347XDKZN0G3MSFT167WR6',
  webhookVersion: 1,
  company: 'acme',
  eventId: 'evt_1',
  event: 'user.create',
  environment: 'live',
  data: { id: 'usr_1' },
  occurredAt: '2026-11-21T10:00:00.000Z',
  attempt: 1,
  series: 0,
  redelivery: false,
};

/** The row as the log has it: delivered, with or without (a stub) its payload. */
function row(payload: Record<string, unknown> | null): MessageEntity {
  return {
    id: job.messageId,
    companyId: 'acme',
    webhookId: job.webhookId,
    eventId: payload ? job.eventId : null,
    eventType: job.event,
    payload,
    status: 'delivered',
    statusSeries: 0,
    statusStep: 3,
    attemptCount: 1,
    createdAt: new Date('2026-11-21T10:00:00.250Z'),
    updatedAt: new Date('2026-11-21T10:00:01.000Z'),
  };
}

const payload = JSON.parse(JSON.stringify(toWebhookPayload(job))) as Record<string, unknown>;

/** A service whose message reads answer `reads` in turn (the last one from then on). */
function replayWith(reads: MessageEntity[]) {
  let read = 0;
  const findMessage = jest.fn(() => Promise.resolve(reads[Math.min(read++, reads.length - 1)]));
  const produce = jest.fn((_jobs: DeliveryJob[]) => Promise.resolve());
  const webhook = { id: job.webhookId, companyId: 'acme', enabled: true, version: 2 };
  const service = new ReplayService(
    { query: jest.fn(() => Promise.resolve([])) } as unknown as DataSource,
    { findOneBy: findMessage } as unknown as Repository<MessageEntity>,
    { findOneBy: () => Promise.resolve(webhook) } as unknown as Repository<WebhookEntity>,
    { produce } as unknown as DeliveryJobProducer,
  );
  return { service, findMessage, produce };
}

describe('ReplayService.redeliver', () => {
  it('redelivers a message that reads delivered before the log has its payload', async () => {
    // The attempt result overtook its job into the log: a stub first, the payload a moment later.
    const { service, findMessage, produce } = replayWith([row(null), row(null), row(payload)]);
    await service.redeliver('acme', job.messageId, ROOT_CONTEXT, 5_000);
    expect(findMessage).toHaveBeenCalledTimes(3);
    expect(produce).toHaveBeenCalledTimes(1);
    expect(produce.mock.calls[0]?.[0]).toMatchObject([
      { messageId: job.messageId, attempt: 1, redelivery: true, webhookVersion: 2 },
    ]);
  });

  it('does not wait for a message whose payload is there', async () => {
    const { service, findMessage, produce } = replayWith([row(payload)]);
    await service.redeliver('acme', job.messageId, ROOT_CONTEXT, 5_000);
    expect(findMessage).toHaveBeenCalledTimes(1);
    expect(produce).toHaveBeenCalledTimes(1);
  });

  it('answers 409 message_not_replayable when the payload is still missing after the wait', async () => {
    const { service, produce } = replayWith([row(null)]);
    const answer = service.redeliver('acme', job.messageId, ROOT_CONTEXT, 100);
    await expect(answer).rejects.toBeInstanceOf(ApiError);
    await expect(answer).rejects.toMatchObject({ status: 409, code: 'message_not_replayable' });
    expect(produce).not.toHaveBeenCalled();
  });
});
