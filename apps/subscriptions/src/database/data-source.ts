/**
 * For the typeorm CLI only (`npm run migration:run`, `typeorm migration:generate` to check that
 * entities and migrations agree). The app builds its connection in DatabaseModule.
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './database.options';

export default new DataSource(
  dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hookstream'),
);
