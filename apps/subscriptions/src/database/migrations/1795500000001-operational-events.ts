import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Operational events: `webhooks.kind` tells a company's operational webhook (at most one that is
 * not deleted) from its endpoints, and `operational_events` is their outbox, written in the log
 * projector's transaction and published to Kafka after it.
 */
export class OperationalEvents1795500000001 implements MigrationInterface {
  name = 'OperationalEvents1795500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE webhooks
        ADD COLUMN kind text NOT NULL DEFAULT 'endpoint',
        ADD CONSTRAINT webhooks_kind_check CHECK (kind IN ('endpoint', 'operational'))`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX webhooks_operational_company_key ON webhooks (company_id)
        WHERE kind = 'operational' AND deleted_at IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE operational_events (
        id text NOT NULL,
        company_id text NOT NULL,
        type text NOT NULL,
        event jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        CONSTRAINT operational_events_pkey PRIMARY KEY (id)
      )`);
    await queryRunner.query(
      `CREATE INDEX operational_events_unpublished_idx ON operational_events (created_at)
        WHERE published_at IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX operational_events_published_at_idx ON operational_events (published_at)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE operational_events`);
    await queryRunner.query(`DELETE FROM webhooks WHERE kind = 'operational'`);
    await queryRunner.query(`DROP INDEX webhooks_operational_company_key`);
    await queryRunner.query(`ALTER TABLE webhooks DROP COLUMN kind`);
  }
}
