import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One entry of the event type catalog: documentation of what producers emit, offered by UIs.
 * Not a closed list: events of types missing here are routed like any other.
 */
@Entity({ name: 'event_types' })
export class EventTypeEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'event_types_pkey' })
  name: string;

  @Column({ type: 'text' })
  description: string;

  /** Still delivered to subscribers; UIs should stop offering it. */
  @Column({ type: 'boolean', default: false })
  deprecated: boolean;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
