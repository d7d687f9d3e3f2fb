import { type DataSourceOptions } from 'typeorm';
import { ApiKeyEntity } from '../api-keys/api-key.entity';
import { CompanyEntity } from '../companies/company.entity';
import { EventTypeEntity } from '../event-types/event-type.entity';
import { IdempotencyKeyEntity } from '../idempotency/idempotency-key.entity';
import { AttemptEntity } from '../messages/attempt.entity';
import { MessageEntity } from '../messages/message.entity';
import { OperationalEventEntity } from '../operational-events/operational-event.entity';
import { PortalLinkEntity } from '../portal/portal-link.entity';
import { PortalSessionEntity } from '../portal/portal-session.entity';
import { WebhookEntity } from '../webhooks/webhook.entity';
import { InitialSchema1795299300000 } from './migrations/1795299300000-initial-schema';
import { EventTypes1795400000000 } from './migrations/1795400000000-event-types';
import { IdempotencyKeys1795400000001 } from './migrations/1795400000001-idempotency-keys';
import { PartitionedMessageLog1795500000000 } from './migrations/1795500000000-partitioned-message-log';
import { OperationalEvents1795500000001 } from './migrations/1795500000001-operational-events';
import { Portal1795500000040 } from './migrations/1795500000040-portal';

/** Listed as classes (not globs) so they work from ts-node, jest and the bundled build alike. */
export const ENTITIES = [
  CompanyEntity,
  ApiKeyEntity,
  WebhookEntity,
  MessageEntity,
  AttemptEntity,
  EventTypeEntity,
  IdempotencyKeyEntity,
  OperationalEventEntity,
  PortalLinkEntity,
  PortalSessionEntity,
];
export const MIGRATIONS = [
  InitialSchema1795299300000,
  EventTypes1795400000000,
  IdempotencyKeys1795400000001,
  PartitionedMessageLog1795500000000,
  OperationalEvents1795500000001,
  Portal1795500000040,
];

/**
 * The one place the database connection is described, shared by the app and the typeorm CLI.
 * The schema only ever changes through migrations, never `synchronize`.
 */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    // Not 'error': TypeORM would log every failed query with its parameters (event payloads,
    // response bodies). Failures surface as exceptions and are logged where they are handled.
    logging: ['warn', 'migration'],
    extra: { max: 20, connectionTimeoutMillis: 5_000 },
  };
}
