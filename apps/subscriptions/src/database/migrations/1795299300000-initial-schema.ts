import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Companies, API keys, webhooks (with publish bookkeeping) and the message/attempt log. */
export class InitialSchema1795299300000 implements MigrationInterface {
  name = 'InitialSchema1795299300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE companies (
        id text NOT NULL,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT companies_pkey PRIMARY KEY (id)
      )`);

    await queryRunner.query(`
      CREATE TABLE api_keys (
        id text NOT NULL,
        company_id text NOT NULL,
        name text NOT NULL,
        key_hash char(64) NOT NULL,
        key_prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_keys_pkey PRIMARY KEY (id),
        CONSTRAINT api_keys_company_id_fkey FOREIGN KEY (company_id)
          REFERENCES companies (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX api_keys_key_hash_key ON api_keys (key_hash)`);
    await queryRunner.query(`CREATE INDEX api_keys_company_id_idx ON api_keys (company_id)`);

    await queryRunner.query(`
      CREATE TABLE webhooks (
        id text NOT NULL,
        company_id text NOT NULL,
        url text NOT NULL,
        description text NOT NULL DEFAULT '',
        events text[] NOT NULL,
        enabled boolean NOT NULL,
        disabled_reason text,
        secrets jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1,
        published_version integer NOT NULL DEFAULT 0,
        enabled_changed_at timestamptz NOT NULL DEFAULT now(),
        last_success_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        CONSTRAINT webhooks_pkey PRIMARY KEY (id),
        CONSTRAINT webhooks_company_id_fkey FOREIGN KEY (company_id)
          REFERENCES companies (id) ON DELETE CASCADE,
        CONSTRAINT webhooks_disabled_reason_check
          CHECK (disabled_reason IN ('manual', 'exhausted', 'gone'))
      )`);
    await queryRunner.query(
      `CREATE INDEX webhooks_company_id_id_idx ON webhooks (company_id, id) WHERE deleted_at IS NULL`,
    );
    // The republish sweep looks only at rows whose latest change is not yet on Kafka.
    await queryRunner.query(
      `CREATE INDEX webhooks_unpublished_idx ON webhooks (id) WHERE published_version < version`,
    );

    await queryRunner.query(`
      CREATE TABLE messages (
        id text NOT NULL,
        company_id text NOT NULL,
        webhook_id text NOT NULL,
        event_id text,
        event_type text NOT NULL,
        payload jsonb,
        status text NOT NULL,
        status_series bigint NOT NULL,
        status_step integer NOT NULL,
        attempt_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT messages_pkey PRIMARY KEY (id),
        CONSTRAINT messages_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
      )`);
    // Lists are newest first per company, optionally filtered; btree indexes scan backwards.
    await queryRunner.query(
      `CREATE INDEX messages_company_created_idx ON messages (company_id, created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX messages_company_webhook_created_idx ON messages (company_id, webhook_id, created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX messages_company_status_created_idx ON messages (company_id, status, created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX messages_company_event_created_idx ON messages (company_id, event_type, created_at, id)`,
    );

    await queryRunner.query(`
      CREATE TABLE attempts (
        id bigserial NOT NULL,
        message_id text NOT NULL,
        series bigint NOT NULL,
        attempt integer NOT NULL,
        at timestamptz NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL,
        outcome text NOT NULL,
        error text,
        response_body text,
        next_attempt_at timestamptz,
        CONSTRAINT attempts_pkey PRIMARY KEY (id),
        CONSTRAINT attempts_message_id_fkey FOREIGN KEY (message_id)
          REFERENCES messages (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX attempts_message_series_attempt_key ON attempts (message_id, series, attempt)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE attempts`);
    await queryRunner.query(`DROP TABLE messages`);
    await queryRunner.query(`DROP TABLE webhooks`);
    await queryRunner.query(`DROP TABLE api_keys`);
    await queryRunner.query(`DROP TABLE companies`);
  }
}
