import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One use of an Idempotency-Key: who used it (scope), on which route (method, path), with
 * which body (hash), and the answer given. `status_code` is null while the first request is
 * still running: the row is inserted before the request runs, so of two concurrent requests
 * with one key only one runs and the other waits for its answer.
 */
@Entity({ name: 'idempotency_keys' })
@Index('idempotency_keys_scope_key_method_path_key', ['scope', 'key', 'method', 'path'], {
  unique: true,
})
@Index('idempotency_keys_expires_at_idx', ['expiresAt'])
export class IdempotencyKeyEntity {
  @PrimaryGeneratedColumn('increment', {
    type: 'bigint',
    primaryKeyConstraintName: 'idempotency_keys_pkey',
  })
  id: string;

  /** `company:<id>` or `admin`. */
  @Column({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  method: string;

  @Column({ type: 'text' })
  path: string;

  /** SHA-256 (hex) of the request body's canonical JSON. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  /** Null while the request runs. */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  /**
   * The response body as JSON, encrypted with SecretCipher (answers can hold webhook secrets
   * and API keys); null when the response had no body or is not saved yet.
   */
  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  /** When the request now running started (a row left in progress by a crash goes stale). */
  @Column({ name: 'locked_at', type: 'timestamptz', default: () => 'now()' })
  lockedAt: Date;

  /** After this the key is free again, and the row is deleted by the cleanup. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
