import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { ApiError } from '@app/http-kit';
import { type Repository } from 'typeorm';
import { encodeTimeIdCursor } from '../common/cursor';
import { type Page, toPage } from '../common/pagination';
import { AttemptEntity } from './attempt.entity';
import { MessageEntity } from './message.entity';
import {
  type AttemptJson,
  isMessageId,
  type ListMessagesQuery,
  type MessageJson,
  type MessageSummaryJson,
} from './message.schemas';

/** Reads the message log the projector writes. */
@Injectable()
export class MessagesService {
  constructor(
    @InjectRepository(MessageEntity) private readonly messages: Repository<MessageEntity>,
    @InjectRepository(AttemptEntity) private readonly attempts: Repository<AttemptEntity>,
  ) {}

  /** Newest first; the cursor is the (created_at, id) of the last row, so pages are stable. */
  async list(companyId: string, query: ListMessagesQuery): Promise<Page<MessageSummaryJson>> {
    const builder = this.messages
      .createQueryBuilder('m')
      .select([
        'm.id',
        'm.webhookId',
        'm.eventId',
        'm.eventType',
        'm.status',
        'm.createdAt',
        'm.updatedAt',
      ])
      .where('m.companyId = :companyId', { companyId });
    if (query.webhookId)
      builder.andWhere('m.webhookId = :webhookId', { webhookId: query.webhookId });
    if (query.event) builder.andWhere('m.eventType = :event', { event: query.event });
    if (query.status) builder.andWhere('m.status = :status', { status: query.status });
    if (query.since) builder.andWhere('m.createdAt >= :since', { since: query.since });
    if (query.until) builder.andWhere('m.createdAt < :until', { until: query.until });
    if (query.cursor) {
      builder.andWhere('(m.createdAt, m.id) < (:cursorAt, :cursorId)', {
        cursorAt: query.cursor.at,
        cursorId: query.cursor.id,
      });
    }
    const rows = await builder
      .orderBy('m.createdAt', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(query.limit + 1)
      .getMany();
    return toPage(rows, query.limit, toMessageSummaryJson, (row) =>
      encodeTimeIdCursor({ at: row.createdAt, id: row.id }),
    );
  }

  async get(companyId: string, id: string): Promise<MessageJson> {
    const message = isMessageId(id) ? await this.messages.findOneBy({ id, companyId }) : null;
    if (!message) throw ApiError.notFound('Message');
    const attempts = await this.attempts.find({
      where: { messageId: id, messageCreatedAt: message.createdAt },
      order: { series: 'ASC', attempt: 'ASC' },
    });
    const { createdAt, updatedAt, ...summary } = toMessageSummaryJson(message);
    return {
      ...summary,
      payload: message.payload,
      createdAt,
      updatedAt,
      attempts: attempts.map(toAttemptJson),
    };
  }
}

function toMessageSummaryJson(message: MessageEntity): MessageSummaryJson {
  return {
    id: message.id,
    webhookId: message.webhookId,
    eventId: message.eventId,
    event: message.eventType,
    status: message.status,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
  };
}

function toAttemptJson(attempt: AttemptEntity): AttemptJson {
  return {
    attempt: attempt.attempt,
    at: attempt.at.toISOString(),
    statusCode: attempt.statusCode,
    durationMs: attempt.durationMs,
    outcome: attempt.outcome,
    error: attempt.error,
    responseBody: attempt.responseBody,
    nextAttemptAt: attempt.nextAttemptAt?.toISOString() ?? null,
  };
}
