import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { coreTopicSpecs } from '@app/contract';
import { HealthModule } from '@app/health';
import { KafkaModule } from '@app/kafka';
import { MetricsModule } from '@app/metrics';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { CompaniesModule } from './companies/companies.module';
import { DatabaseModule } from './database/database.module';
import { EventTypesModule } from './event-types/event-types.module';
import { EventsModule } from './events/events.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LogProjectorModule } from './log-projector/log-projector.module';
import { MessagesModule } from './messages/messages.module';
import { PlatformStatusModule } from './platform-status/platform-status.module';
import { PortalModule } from './portal/portal.module';
import { SecretsModule } from './secrets/secrets.module';
import { type SubscriptionsConfig } from './subscriptions.config';
import { TestEventsModule } from './test-events/test-events.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class SubscriptionsModule {
  static register(config: SubscriptionsConfig): DynamicModule {
    return {
      module: SubscriptionsModule,
      imports: [
        ConfigModule.forRoot(config),
        // Creates missing topics at init, before the log projector subscribes.
        KafkaModule.forRoot({ ...config.kafka, topics: coreTopicSpecs(config.kafka.partitions) }),
        DatabaseModule.forRoot(config.database.url),
        MetricsModule,
        HealthModule,
        SecretsModule,
        AuthModule,
        IdempotencyModule,
        CompaniesModule,
        ApiKeysModule,
        WebhooksModule,
        EventsModule,
        EventTypesModule,
        MessagesModule,
        TestEventsModule,
        PortalModule,
        PlatformStatusModule,
        LogProjectorModule,
      ],
    };
  }
}
