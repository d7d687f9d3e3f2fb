import { type OperationalEvent } from '@app/contract';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The outbox of operational events: inserted in the log projector's transaction with what caused
 * them, published to hookstream.operational (and to the company's operational webhook) after
 * it; kept a week once published, so a replayed log finds the id taken and mints nothing new.
 */
@Entity({ name: 'operational_events' })
@Index('operational_events_unpublished_idx', ['createdAt'], { where: 'published_at IS NULL' })
@Index('operational_events_published_at_idx', ['publishedAt'])
export class OperationalEventEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'operational_events_pkey' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  event: OperationalEvent;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
