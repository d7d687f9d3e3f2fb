import { Logger } from '@nestjs/common';
import { databaseUrl, loadConfigOrExit, logSettings, observabilityEnvFields } from '@app/config';
import { nestLogger } from '@app/logging';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { DatabaseMigrator } from './database/database-migrator.service';
import { dataSourceOptions } from './database/database.options';

/**
 * `hookstream migrate` (the Kubernetes migration Job): applies pending migrations and exits.
 * Needs only DATABASE_URL; the API also migrates at start, under the same advisory lock.
 */
async function migrate(): Promise<void> {
  const env = loadConfigOrExit(z.object({ ...observabilityEnvFields, DATABASE_URL: databaseUrl }));
  // The apps' logger and formats (LOG_FORMAT, LOG_LEVEL), for the Job's lines too.
  Logger.overrideLogger(nestLogger(logSettings(env, 'migrate')));
  const { DATABASE_URL } = env;
  const dataSource = new DataSource(dataSourceOptions(DATABASE_URL));
  await dataSource.initialize();
  try {
    await new DatabaseMigrator(dataSource).migrate();
    new Logger('migrate').log('database schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

migrate().catch((error: unknown) => {
  new Logger('migrate').fatal({ msg: 'migration failed', err: error });
  process.exit(1);
});
