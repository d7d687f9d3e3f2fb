import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** Portal links and the sessions opened with them (see PortalLinkEntity, PortalSessionEntity). */
export class Portal1795500000040 implements MigrationInterface {
  name = 'Portal1795500000040';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE portal_links (
        id text NOT NULL,
        company_id text NOT NULL,
        token_hash char(64) NOT NULL,
        read_only boolean NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        CONSTRAINT portal_links_pkey PRIMARY KEY (id),
        CONSTRAINT portal_links_company_id_fkey FOREIGN KEY (company_id)
          REFERENCES companies (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX portal_links_token_hash_key ON portal_links (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX portal_links_company_id_id_idx ON portal_links (company_id, id)`,
    );
    await queryRunner.query(`
      CREATE TABLE portal_sessions (
        id text NOT NULL,
        link_id text NOT NULL,
        token_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT portal_sessions_pkey PRIMARY KEY (id),
        CONSTRAINT portal_sessions_link_id_fkey FOREIGN KEY (link_id)
          REFERENCES portal_links (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX portal_sessions_token_hash_key ON portal_sessions (token_hash)`,
    );
    await queryRunner.query(
      `CREATE INDEX portal_sessions_link_id_idx ON portal_sessions (link_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE portal_sessions`);
    await queryRunner.query(`DROP TABLE portal_links`);
  }
}
