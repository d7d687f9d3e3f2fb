import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { coreTopicSpecs } from '@app/contract';
import { HealthModule } from '@app/health';
import { KafkaModule } from '@app/kafka';
import { MetricsModule } from '@app/metrics';
import { TracingModule } from '@app/tracing';
import { type FanoutConfig } from './fanout.config';
import { RoutingModule } from './routing/routing.module';

@Module({})
export class FanoutModule {
  static register(config: FanoutConfig): DynamicModule {
    return {
      module: FanoutModule,
      imports: [
        ConfigModule.forRoot(config),
        TracingModule.forRoot(config.tracing),
        KafkaModule.forRoot({ ...config.kafka, topics: coreTopicSpecs(config.kafka.partitions) }),
        MetricsModule,
        HealthModule,
        RoutingModule,
      ],
    };
  }
}
