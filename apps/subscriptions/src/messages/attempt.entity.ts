import { type AttemptOutcome } from '@app/contract';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { bigintAsNumber } from '../database/column-transformers';
import { MessageEntity } from './message.entity';

@Entity({ name: 'attempts' })
@Index('attempts_message_series_attempt_key', ['messageId', 'series', 'attempt'], { unique: true })
export class AttemptEntity {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'attempts_pkey',
  })
  id: string;

  @Column({ name: 'message_id', type: 'text' })
  messageId: string;

  @ManyToOne(() => MessageEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'attempts_message_id_fkey' })
  message?: MessageEntity;

  /** 0 for the original series, the redelivery's epoch-ms stamp for later ones. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  series: number;

  @Column({ type: 'integer' })
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
