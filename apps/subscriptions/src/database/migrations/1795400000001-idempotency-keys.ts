import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Saved answers of requests sent with an Idempotency-Key (see IdempotencyKeyEntity). */
export class IdempotencyKeys1795400000001 implements MigrationInterface {
  name = 'IdempotencyKeys1795400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        id bigserial NOT NULL,
        scope text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        request_hash char(64) NOT NULL,
        status_code integer,
        response_body text,
        created_at timestamptz NOT NULL DEFAULT now(),
        locked_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT idempotency_keys_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX idempotency_keys_scope_key_method_path_key
         ON idempotency_keys (scope, key, method, path)`,
    );
    await queryRunner.query(
      `CREATE INDEX idempotency_keys_expires_at_idx ON idempotency_keys (expires_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE idempotency_keys`);
  }
}
