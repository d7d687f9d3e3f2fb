import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { coreTopicSpecs } from '@app/contract';
import { HealthModule } from '@app/health';
import { KafkaModule } from '@app/kafka';
import { MetricsModule } from '@app/metrics';
import { TracingModule } from '@app/tracing';
import { DatabaseModule } from './database/database.module';
import { ApiRoleModule } from './roles/api.module';
import { MaintenanceRoleModule } from './roles/maintenance.module';
import { ProjectorRoleModule } from './roles/projector.module';
import { SecretsModule } from './secrets/secrets.module';
import { type SubscriptionsConfig } from './subscriptions.config';

/** What every role needs, plus the module of each role the process runs (SUBSCRIPTIONS_ROLES). */
@Module({})
export class SubscriptionsModule {
  static register(config: SubscriptionsConfig): DynamicModule {
    const { roles } = config;
    return {
      module: SubscriptionsModule,
      imports: [
        ConfigModule.forRoot(config),
        TracingModule.forRoot(config.tracing),
        // Creates missing topics at init, before the log projector subscribes.
        KafkaModule.forRoot({ ...config.kafka, topics: coreTopicSpecs(config.kafka.partitions) }),
        DatabaseModule.forRoot(config.database.url),
        MetricsModule,
        HealthModule,
        SecretsModule,
        ...(roles.api ? [ApiRoleModule] : []),
        ...(roles.projector ? [ProjectorRoleModule] : []),
        ...(roles.maintenance ? [MaintenanceRoleModule] : []),
      ],
    };
  }
}
