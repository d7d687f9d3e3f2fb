import { type MessageStatus } from '@app/contract';
import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/**
 * One message (an event for one webhook), projected from hookstream.deliveries and
 * hookstream.attempts. Partitioned by `created_at`, one partition per UTC day (see
 * log-storage/log-partitions.ts), hence the key (id, created_at). No foreign keys to companies
 * or webhooks: the log outlives webhooks, and the projector must never be stuck on a row it
 * cannot insert.
 */
@Entity({ name: 'messages' })
@Index('messages_company_created_idx', ['companyId', 'createdAt', 'id'])
@Index('messages_company_webhook_created_idx', ['companyId', 'webhookId', 'createdAt', 'id'])
@Index('messages_company_status_created_idx', ['companyId', 'status', 'createdAt', 'id'])
@Index('messages_company_event_created_idx', ['companyId', 'eventType', 'createdAt', 'id'])
@Index('messages_webhook_pending_idx', ['webhookId', 'createdAt'], { where: `status = 'pending'` })
@Index('messages_webhook_failed_idx', ['webhookId', 'createdAt'], { where: `status = 'failed'` })
@Check('messages_status_check', `status IN ('pending', 'delivered', 'failed')`)
export class MessageEntity {
  /** `msg_…`, derived from company, event id and webhook id (see messageIdFor). */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'messages_pkey' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  /** Null only while the row is a stub made from an attempt that overtook its job. */
  @Column({ name: 'event_id', type: 'text', nullable: true })
  eventId: string | null;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  /** The body the receiver gets; null while the row is a stub. */
  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  @Column({ type: 'text' })
  status: MessageStatus;

  /** (status_series, status_step) of the record that set `status`; older records never override it. */
  @Column({ name: 'status_series', type: 'bigint', transformer: bigintAsNumber })
  statusSeries: number;

  @Column({ name: 'status_step', type: 'integer' })
  statusStep: number;

  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount: number;

  /** The partition key: every record of the message carries it (messageCreatedAt). */
  @PrimaryColumn({
    name: 'created_at',
    type: 'timestamptz',
    primaryKeyConstraintName: 'messages_pkey',
  })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
