import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CompanyEntity } from '../companies/company.entity';

/** A link that opens the portal for one company until it expires or is revoked. */
@Entity({ name: 'portal_links' })
@Index('portal_links_company_id_id_idx', ['companyId', 'id'])
export class PortalLinkEntity {
  /** `pl_…`, time-sortable. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'portal_links_pkey' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'portal_links_company_id_fkey' })
  company?: CompanyEntity;

  /** SHA-256 (hex) of the link's token; the token itself is only in the link. */
  @Index('portal_links_token_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  /** Sessions opened by a read-only link may only read. */
  @Column({ name: 'read_only', type: 'boolean' })
  readOnly: boolean;

  /** `admin`, or the id of the API key that made the link. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** The link and every session opened with it stop working then. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
