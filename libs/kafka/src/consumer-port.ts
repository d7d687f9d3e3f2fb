import { type HookstreamMetrics } from '@app/metrics';
import { type Admin, type ConsumerConfig, type Consumer, type Kafka } from 'kafkajs';
import { type KafkaProducer } from './kafka-producer.service';
import { countKafkaRequests } from './kafka-requests';
import { type PartitionId, partitionId } from './partition-state';
import { type ConsumerPort } from './stream-consumer';

/** The StreamConsumer's view of Kafka, over the app's kafkajs client and producer. */
export class KafkajsConsumerPort implements ConsumerPort {
  private admin: Promise<Admin> | undefined;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
  ) {}

  createConsumer(config: ConsumerConfig): Consumer {
    const consumer = this.kafka.consumer(config);
    countKafkaRequests('consumer', consumer, this.metrics.kafkaRequests);
    return consumer;
  }

  async committedOffsets(groupId: string, topics: string[]): Promise<Map<PartitionId, bigint>> {
    const connected = this.connectedAdmin();
    const admin = await connected;
    let committed;
    try {
      committed = await admin.fetchOffsets({ groupId, topics });
    } catch (error) {
      // Its metadata may be stale (a coordinator or leader moved): the next question gets a
      // new client, which reads the cluster's metadata afresh (see TopicAdmin.latestOffsets).
      if (this.admin === connected) this.admin = undefined;
      void admin.disconnect().catch(() => undefined);
      throw error;
    }
    const offsets = new Map<PartitionId, bigint>();
    for (const { topic, partitions } of committed) {
      for (const { partition, offset } of partitions) {
        offsets.set(partitionId(topic, partition), BigInt(offset));
      }
    }
    return offsets;
  }

  send(entries: Parameters<KafkaProducer['sendToTopics']>[0]): Promise<void> {
    return this.producer.sendToTopics(entries);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await (await admin?.catch(() => undefined))?.disconnect();
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      countKafkaRequests('admin', admin, this.metrics.kafkaRequests);
      await admin.connect();
      return admin;
    })().catch((error: unknown) => {
      this.admin = undefined;
      throw error;
    });
    return this.admin;
  }
}
