import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { AuthModule } from '../auth/auth.module';
import { CompaniesModule } from '../companies/companies.module';
import { EventTypesModule } from '../event-types/event-types.module';
import { EventsModule } from '../events/events.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { MessagesModule } from '../messages/messages.module';
import { OperationalWebhookModule } from '../operational-webhook/operational-webhook.module';
import { PlatformStatusModule } from '../platform-status/platform-status.module';
import { PortalModule } from '../portal/portal.module';
import { TestEventsModule } from '../test-events/test-events.module';
import { WebhookStatsModule } from '../webhook-stats/webhook-stats.module';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';

/** The `api` role: every route under /v1 (the console at /console uses only those). */
@Module({
  imports: [
    AuthModule,
    IdempotencyModule,
    CompaniesModule,
    ApiKeysModule,
    WebhooksApiModule,
    WebhookStatsModule,
    EventsModule,
    EventTypesModule,
    MessagesModule,
    OperationalWebhookModule,
    TestEventsModule,
    PortalModule,
    PlatformStatusModule,
  ],
})
export class ApiRoleModule {}
