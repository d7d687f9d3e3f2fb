import { type DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@app/config';
import { coreTopicSpecs, retryTopicSpecs } from '@app/contract';
import { HealthModule } from '@app/health';
import { KafkaModule } from '@app/kafka';
import { MetricsModule } from '@app/metrics';
import { TracingModule } from '@app/tracing';
import { type DeliveryConfig } from './delivery.config';
import { JobsModule } from './jobs/jobs.module';

@Module({})
export class DeliveryModule {
  static register(config: DeliveryConfig): DynamicModule {
    const { partitions } = config.kafka;
    return {
      module: DeliveryModule,
      imports: [
        ConfigModule.forRoot(config),
        TracingModule.forRoot(config.tracing),
        KafkaModule.forRoot({
          ...config.kafka,
          topics: [
            ...coreTopicSpecs(partitions),
            ...retryTopicSpecs(config.retryScheduleMs, partitions),
          ],
        }),
        MetricsModule,
        HealthModule,
        JobsModule,
      ],
    };
  }
}
