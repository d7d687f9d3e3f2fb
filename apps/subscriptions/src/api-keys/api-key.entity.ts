import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CompanyEntity } from '../companies/company.entity';

@Entity({ name: 'api_keys' })
@Index('api_keys_company_id_idx', ['companyId'])
export class ApiKeyEntity {
  /** `key_…`, time-sortable. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'api_keys_pkey' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'api_keys_company_id_fkey' })
  company?: CompanyEntity;

  @Column({ type: 'text' })
  name: string;

  /** SHA-256 (hex) of the whole key: the key itself is shown once and never stored. */
  @Index('api_keys_key_hash_key', { unique: true })
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  /** The first characters of the key, enough to recognise it in a list. */
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
