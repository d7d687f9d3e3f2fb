import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The event type catalog, seeded with the platform's types. The list is written out here (not
 * imported) so this migration stays what it was when it ran; later additions come through the
 * admin API or new migrations.
 */
const CATALOG: Array<[name: string, description: string]> = [
  ['user.create', 'A user signed up or was created.'],
  ['user.update', 'A user’s profile changed.'],
  ['user.password.reset', 'A user reset their password.'],
  ['user.email.verify', 'A user verified their email address.'],
  ['user.mobile.verify', 'A user verified their mobile number.'],
  ['mfa.sms.verify', 'A user passed an SMS multi-factor check.'],
  ['email.create', 'An email address was added to a user.'],
  ['email.update', 'An email address changed (for example verified or made primary).'],
  ['mobile.create', 'A mobile number was added to a user.'],
  ['mobile.update', 'A mobile number changed.'],
  ['address.create', 'A postal address was added to a user.'],
  ['address.update', 'A postal address changed.'],
  ['document.create', 'An identity document was uploaded.'],
  ['document.update', 'A document changed (for example its verification status).'],
  ['bank_account.create', 'A bank account was added.'],
  ['bank_account.update', 'A bank account changed.'],
  ['crypto_account.create', 'A crypto account was added.'],
  ['crypto_account.update', 'A crypto account changed.'],
  ['account.create', 'An account was opened.'],
  ['account.update', 'An account changed (for example its status or limits).'],
  ['currency.create', 'A currency was added.'],
  ['currency.update', 'A currency changed.'],
  ['transaction.create', 'A transaction was created.'],
  ['transaction.update', 'A transaction changed (for example its status).'],
  ['transaction.delete', 'A transaction was deleted.'],
  ['transaction.initiate', 'A transaction was initiated and awaits execution.'],
  ['transaction.execute', 'A transaction was executed.'],
];

export class EventTypes1795400000000 implements MigrationInterface {
  name = 'EventTypes1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_types (
        name text NOT NULL,
        description text NOT NULL,
        deprecated boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT event_types_pkey PRIMARY KEY (name)
      )`);
    await queryRunner.query(
      `INSERT INTO event_types (name, description)
       SELECT * FROM unnest($1::text[], $2::text[])`,
      [CATALOG.map(([name]) => name), CATALOG.map(([, description]) => description)],
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE event_types`);
  }
}
