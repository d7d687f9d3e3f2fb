import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PortalLinkEntity } from './portal-link.entity';

/** A session opened with a portal link: acts for the link's company, and ends with the link. */
@Entity({ name: 'portal_sessions' })
@Index('portal_sessions_link_id_idx', ['linkId'])
export class PortalSessionEntity {
  /** `ps_…`, time-sortable. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'portal_sessions_pkey' })
  id: string;

  @Column({ name: 'link_id', type: 'text' })
  linkId: string;

  @ManyToOne(() => PortalLinkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'link_id', foreignKeyConstraintName: 'portal_sessions_link_id_fkey' })
  link?: PortalLinkEntity;

  /** SHA-256 (hex) of the session's token; the token itself lives only in the page. */
  @Index('portal_sessions_token_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
