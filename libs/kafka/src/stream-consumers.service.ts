import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { HookstreamMetrics } from '@app/metrics';
import { type Kafka } from 'kafkajs';
import { KafkajsConsumerPort } from './consumer-port';
import { KafkaProducer } from './kafka-producer.service';
import { KAFKA_CONSUMER_CLIENT, KAFKA_CONSUMER_SETTINGS } from './kafka.tokens';
import { type ConsumerSettings, StreamConsumer, type StreamOptions } from './stream-consumer';

/** Makes the app's stream consumers, all with the same membership settings and Kafka port. */
@Injectable()
export class StreamConsumers implements OnApplicationShutdown {
  private readonly port: KafkajsConsumerPort;

  constructor(
    @Inject(KAFKA_CONSUMER_CLIENT) kafka: Kafka,
    producer: KafkaProducer,
    @Inject(KAFKA_CONSUMER_SETTINGS) private readonly settings: ConsumerSettings,
    metrics: HookstreamMetrics,
  ) {
    this.port = new KafkajsConsumerPort(kafka, producer, metrics);
  }

  create<T>(options: StreamOptions<T>): StreamConsumer<T> {
    return new StreamConsumer(this.port, options, this.settings);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.port.close();
  }
}
