import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CompanyEntity } from '../companies/company.entity';

export type DisabledReason = 'manual' | 'exhausted' | 'gone';

/**
 * `endpoint`: a webhook of /v1/webhooks. `operational`: the company's operational webhook
 * (/v1/operational-webhook), which gets operational events only.
 */
export type WebhookKind = 'endpoint' | 'operational';

/** One signing secret, encrypted with SecretCipher; `expiresAt` null for the current one. */
export interface StoredSecret {
  ciphertext: string;
  expiresAt: string | null;
}

@Entity({ name: 'webhooks' })
@Index('webhooks_company_id_id_idx', ['companyId', 'id'], { where: 'deleted_at IS NULL' })
@Index('webhooks_unpublished_idx', ['id'], { where: 'published_version < version' })
@Index('webhooks_operational_company_key', ['companyId'], {
  unique: true,
  where: `kind = 'operational' AND deleted_at IS NULL`,
})
@Check('webhooks_disabled_reason_check', `disabled_reason IN ('manual', 'exhausted', 'gone')`)
@Check('webhooks_kind_check', `kind IN ('endpoint', 'operational')`)
export class WebhookEntity {
  /** `wh_…`, time-sortable. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'webhooks_pkey' })
  id: string;

  @Column({ name: 'company_id', type: 'text' })
  companyId: string;

  @ManyToOne(() => CompanyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'company_id', foreignKeyConstraintName: 'webhooks_company_id_fkey' })
  company?: CompanyEntity;

  @Column({ type: 'text', default: 'endpoint' })
  kind: WebhookKind;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** Event filters: exact types, `*`, or prefix wildcards like `user.*`. */
  @Column({ type: 'text', array: true })
  events: string[];

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason: DisabledReason | null;

  /** Newest first. */
  @Column({ type: 'jsonb' })
  secrets: StoredSecret[];

  /** Bumped in the transaction of every change. */
  @Column({ type: 'integer', default: 1 })
  version: number;

  /** The version last acknowledged on hookstream.subscriptions; behind `version` until then. */
  @Column({ name: 'published_version', type: 'integer', default: 0 })
  publishedVersion: number;

  /** When `enabled` last changed: attempt results older than this cannot disable the webhook. */
  @Column({ name: 'enabled_changed_at', type: 'timestamptz', default: () => 'now()' })
  enabledChangedAt: Date;

  /** The latest successful delivery the log has seen (for disable-on-exhaustion). */
  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** Set on delete; the row is removed once its tombstone is on hookstream.subscriptions. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
