import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource } from 'typeorm';

/** Any fixed number: every subscriptions instance takes the same lock before migrating. */
const MIGRATION_LOCK_KEY = '4711062025';

/**
 * Runs pending migrations at start. Instances starting together take turns through a
 * PostgreSQL advisory lock, so two never apply the same migration at once.
 */
@Injectable()
export class DatabaseMigrator {
  private readonly logger = new Logger(DatabaseMigrator.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async migrate(): Promise<void> {
    const lock = this.dataSource.createQueryRunner();
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      const applied = await this.dataSource.runMigrations({ transaction: 'each' });
      if (applied.length > 0) {
        this.logger.log({
          msg: 'applied migrations',
          migrations: applied.map((migration) => migration.name),
        });
      }
    } finally {
      await lock
        .query('SELECT pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY])
        .catch(() => undefined);
      await lock.release();
    }
  }
}
