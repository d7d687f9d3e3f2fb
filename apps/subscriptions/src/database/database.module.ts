import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseMigrator } from './database-migrator.service';
import { DatabaseReadiness } from './database-readiness.service';
import { dataSourceOptions } from './database.options';

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...dataSourceOptions(databaseUrl),
          retryAttempts: 3,
          retryDelay: 1_000,
        }),
      ],
      providers: [DatabaseMigrator, DatabaseReadiness],
      exports: [DatabaseMigrator],
    };
  }
}
