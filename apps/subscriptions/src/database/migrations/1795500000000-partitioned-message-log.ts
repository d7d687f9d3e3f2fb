import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Moves the message log onto tables range-partitioned by the message's creation time, one
 * partition per UTC day (see log-storage/log-partitions.ts): `messages` by `created_at`,
 * `attempts` by the new `message_created_at`, so that retention drops whole days (no DELETE, no
 * bloat) and a message's attempts live and expire with it. A partitioned table's unique keys
 * must hold the partition key, hence `messages (id, created_at)` and
 * `attempts (message_id, message_created_at, series, attempt)`; attempts also get `webhook_id`,
 * for endpoint stats. No foreign key between the two: days are dropped as pairs.
 *
 * Existing rows are copied into partitions covering their days (and today plus three days);
 * indexes are built after the copy, which is faster than maintaining them row by row. The copy
 * holds its tables locked: the message log API waits meanwhile; delivery goes on.
 *
 * Names and DDL are written out here (not imported) so this migration stays what it was when it
 * ran.
 */
export class PartitionedMessageLog1795500000000 implements MigrationInterface {
  name = 'PartitionedMessageLog1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attempts RENAME TO attempts_unpartitioned`);
    await queryRunner.query(`ALTER TABLE messages RENAME TO messages_unpartitioned`);
    // Free the names the new tables' constraints and indexes take.
    for (const index of [
      'attempts_message_series_attempt_key',
      'messages_company_created_idx',
      'messages_company_webhook_created_idx',
      'messages_company_status_created_idx',
      'messages_company_event_created_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(
      `ALTER TABLE attempts_unpartitioned DROP CONSTRAINT attempts_message_id_fkey`,
    );
    await queryRunner.query(
      `ALTER TABLE attempts_unpartitioned RENAME CONSTRAINT attempts_pkey TO attempts_unpartitioned_pkey`,
    );
    await queryRunner.query(
      `ALTER TABLE messages_unpartitioned RENAME CONSTRAINT messages_pkey TO messages_unpartitioned_pkey`,
    );
    await queryRunner.query(
      `ALTER TABLE messages_unpartitioned RENAME CONSTRAINT messages_status_check TO messages_unpartitioned_status_check`,
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
        CONSTRAINT messages_status_check CHECK (status IN ('pending', 'delivered', 'failed'))
      ) PARTITION BY RANGE (created_at)`);
    await queryRunner.query(`
      CREATE TABLE attempts (
        message_id text NOT NULL,
        message_created_at timestamptz NOT NULL,
        webhook_id text NOT NULL,
        series bigint NOT NULL,
        attempt integer NOT NULL,
        at timestamptz NOT NULL,
        status_code integer,
        duration_ms integer NOT NULL,
        outcome text NOT NULL,
        error text,
        response_body text,
        next_attempt_at timestamptz
      ) PARTITION BY RANGE (message_created_at)`);

    // An aggregate without GROUP BY answers one row, even on an empty table. Inline rather than
    // the app's `required`: a migration stays as it ran, whatever the app's code becomes.
    const [range] = (await queryRunner.query(`
      SELECT to_char(least(min(created_at), now()) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS first_day,
             to_char(greatest(max(created_at), now() + interval '3 days') AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS last_day
        FROM messages_unpartitioned`)) as Array<{ first_day: string; last_day: string }>;
    if (!range) throw new Error('The day range of messages_unpartitioned is missing');
    const { first_day: firstDay, last_day: lastDay } = range;
    for (
      let day = Date.parse(`${firstDay}T00:00:00Z`);
      day <= Date.parse(`${lastDay}T00:00:00Z`);
      day += 86_400_000
    ) {
      const from = new Date(day).toISOString();
      const to = new Date(day + 86_400_000).toISOString();
      const suffix = from.slice(0, 10).replaceAll('-', '');
      for (const table of ['messages', 'attempts']) {
        await queryRunner.query(
          `CREATE TABLE ${table}_p${suffix} PARTITION OF ${table} FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
      }
    }

    await queryRunner.query(`
      INSERT INTO messages (id, company_id, webhook_id, event_id, event_type, payload, status,
                            status_series, status_step, attempt_count, created_at, updated_at)
      SELECT id, company_id, webhook_id, event_id, event_type, payload, status,
             status_series, status_step, attempt_count, created_at, updated_at
        FROM messages_unpartitioned`);
    await queryRunner.query(`
      INSERT INTO attempts (message_id, message_created_at, webhook_id, series, attempt, at,
                            status_code, duration_ms, outcome, error, response_body, next_attempt_at)
      SELECT a.message_id, m.created_at, m.webhook_id, a.series, a.attempt, a.at,
             a.status_code, a.duration_ms, a.outcome, a.error, a.response_body, a.next_attempt_at
        FROM attempts_unpartitioned a
        JOIN messages_unpartitioned m ON m.id = a.message_id`);
    await queryRunner.query(`DROP TABLE attempts_unpartitioned`);
    await queryRunner.query(`DROP TABLE messages_unpartitioned`);

    await queryRunner.query(
      `ALTER TABLE messages ADD CONSTRAINT messages_pkey PRIMARY KEY (id, created_at)`,
    );
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
    // Small (pending and failed messages are few): retention asks whether a day has pending
    // messages, endpoint stats count both per webhook.
    await queryRunner.query(
      `CREATE INDEX messages_webhook_pending_idx ON messages (webhook_id, created_at) WHERE status = 'pending'`,
    );
    await queryRunner.query(
      `CREATE INDEX messages_webhook_failed_idx ON messages (webhook_id, created_at) WHERE status = 'failed'`,
    );
    await queryRunner.query(
      `ALTER TABLE attempts ADD CONSTRAINT attempts_pkey PRIMARY KEY (message_id, message_created_at, series, attempt)`,
    );
    // Endpoint stats read only this index (index-only scans); jobs not attempted because their
    // webhook was disabled are no attempts of the endpoint.
    await queryRunner.query(
      `CREATE INDEX attempts_webhook_at_idx ON attempts (webhook_id, at) INCLUDE (outcome, duration_ms)
        WHERE error IS DISTINCT FROM 'webhook_disabled'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE attempts RENAME TO attempts_partitioned`);
    await queryRunner.query(`ALTER TABLE messages RENAME TO messages_partitioned`);
    for (const index of [
      'messages_company_created_idx',
      'messages_company_webhook_created_idx',
      'messages_company_status_created_idx',
      'messages_company_event_created_idx',
    ]) {
      await queryRunner.query(`DROP INDEX ${index}`);
    }
    await queryRunner.query(`ALTER TABLE messages_partitioned DROP CONSTRAINT messages_pkey`);
    await queryRunner.query(`ALTER TABLE attempts_partitioned DROP CONSTRAINT attempts_pkey`);
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
    // A message split over two days (see the projector) keeps its earliest row.
    await queryRunner.query(`
      INSERT INTO messages
      SELECT DISTINCT ON (id) id, company_id, webhook_id, event_id, event_type, payload, status,
             status_series, status_step, attempt_count, created_at, updated_at
        FROM messages_partitioned ORDER BY id, created_at`);
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
    await queryRunner.query(`
      INSERT INTO attempts (message_id, series, attempt, at, status_code, duration_ms, outcome,
                            error, response_body, next_attempt_at)
      SELECT DISTINCT ON (message_id, series, attempt) message_id, series, attempt, at,
             status_code, duration_ms, outcome, error, response_body, next_attempt_at
        FROM attempts_partitioned ORDER BY message_id, series, attempt, at`);
    await queryRunner.query(`DROP TABLE attempts_partitioned`);
    await queryRunner.query(`DROP TABLE messages_partitioned`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX attempts_message_series_attempt_key ON attempts (message_id, series, attempt)`,
    );
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
  }
}
