import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ReadinessRegistry } from '@app/health';
import { type DataSource } from 'typeorm';

/** Readiness check: PostgreSQL answers a trivial query (the registry bounds how long it may take). */
@Injectable()
export class DatabaseReadiness implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly readiness: ReadinessRegistry,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', async () => {
      await this.dataSource.query('SELECT 1');
      return true;
    });
  }
}
