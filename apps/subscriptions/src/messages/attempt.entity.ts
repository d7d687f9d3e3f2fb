import { type AttemptOutcome } from '@app/contract';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';

/**
 * One delivery attempt. Partitioned like its message, by the message's creation time, so a
 * message and its attempts expire together; unique per message, series and attempt.
 */
@Entity({ name: 'attempts' })
@Index('attempts_webhook_at_idx', ['webhookId', 'at'], {
  where: `error IS DISTINCT FROM 'webhook_disabled'`,
})
export class AttemptEntity {
  @PrimaryColumn({ name: 'message_id', type: 'text', primaryKeyConstraintName: 'attempts_pkey' })
  messageId: string;

  /** The partition key: messages.created_at of the message. */
  @PrimaryColumn({
    name: 'message_created_at',
    type: 'timestamptz',
    primaryKeyConstraintName: 'attempts_pkey',
  })
  messageCreatedAt: Date;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId: string;

  /** 0 for the original series, the redelivery's epoch-ms stamp for later ones. */
  @PrimaryColumn({
    type: 'bigint',
    transformer: bigintAsNumber,
    primaryKeyConstraintName: 'attempts_pkey',
  })
  series: number;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'attempts_pkey' })
  attempt: number;

  @Column({ type: 'timestamptz' })
  at: Date;

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs: number;

  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;
}
