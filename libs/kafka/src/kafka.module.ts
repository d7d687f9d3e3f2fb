import { type DynamicModule, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { type TopicSpec } from '@app/contract';
import { createKafkaClient, type KafkaClientOptions } from './kafka-client';
import { KafkaProducer } from './kafka-producer.service';
import { KAFKA_CLIENT } from './kafka.tokens';
import { TopicAdmin } from './topic-admin.service';

const TOPIC_SPECS = Symbol('TOPIC_SPECS');

export interface KafkaModuleOptions extends KafkaClientOptions {
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

  static forRoot({ topics, ...client }: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [
        { provide: KAFKA_CLIENT, useFactory: () => createKafkaClient(client) },
        { provide: TOPIC_SPECS, useValue: topics },
        KafkaProducer,
        TopicAdmin,
      ],
      exports: [KAFKA_CLIENT, KafkaProducer, TopicAdmin],
    };
  }
}
