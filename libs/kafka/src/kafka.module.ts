import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { type KafkaSettings } from '@app/config';
import { type TopicSpec } from '@app/contract';
import { createConsumerKafkaClient, createKafkaClient } from './kafka-client';
import { KafkaProducer } from './kafka-producer.service';
import {
  KAFKA_CLIENT,
  KAFKA_CONSUMER_CLIENT,
  KAFKA_CONSUMER_SETTINGS,
  KAFKA_PRODUCER_SETTINGS,
} from './kafka.tokens';
import { StreamConsumers } from './stream-consumers.service';
import { TOPIC_REPLICATION, TopicAdmin } from './topic-admin.service';

const TOPIC_SPECS = Symbol('TOPIC_SPECS');

export interface KafkaModuleOptions extends KafkaSettings {
  /** Topics the app creates at start when missing, before any consumer subscribes. */
  topics: TopicSpec[];
}

@Module({})
export class KafkaModule implements OnModuleInit {
  constructor(
    private readonly topicAdmin: TopicAdmin,
    @Inject(TOPIC_SPECS) private readonly topics: TopicSpec[],
  ) {}

  async onModuleInit(): Promise<void> {
    await this.topicAdmin.ensureTopics(this.topics);
  }

  static forRoot({ topics, ...settings }: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient(settings) },
        { provide: KAFKA_CONSUMER_CLIENT, useFactory: () => createConsumerKafkaClient(settings) },
        { provide: KAFKA_CONSUMER_SETTINGS, useValue: settings.consumer },
        { provide: KAFKA_PRODUCER_SETTINGS, useValue: settings.producer },
        { provide: TOPIC_SPECS, useValue: topics },
        {
          provide: TOPIC_REPLICATION,
          useValue: {
            replicationFactor: settings.replicationFactor,
            minInsyncReplicas: settings.minInsyncReplicas,
          },
        },
        KafkaProducer,
        TopicAdmin,
        StreamConsumers,
      ],
      exports: [KAFKA_CLIENT, KAFKA_CONSUMER_SETTINGS, KafkaProducer, TopicAdmin, StreamConsumers],
    };
  }
}
