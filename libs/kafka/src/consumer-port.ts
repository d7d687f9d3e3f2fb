import { type HookstreamMetrics } from '@app/metrics';
import { type ConsumerConfig, type Consumer, type Kafka } from 'kafkajs';
import { type KafkaProducer } from './kafka-producer.service';
import { countKafkaRequests } from './kafka-requests';
import { type PartitionId, partitionId } from './partition-state';
import { SharedAdmin } from './shared-admin';
import { type ConsumerPort } from './stream-consumer';

/** The StreamConsumer's view of Kafka, over the app's kafkajs client and producer. */
export class KafkajsConsumerPort implements ConsumerPort {
  private readonly admin: SharedAdmin;

  constructor(
    private readonly kafka: Kafka,
    private readonly producer: KafkaProducer,
    private readonly metrics: HookstreamMetrics,
  ) {
    this.admin = new SharedAdmin(() => {
      const admin = kafka.admin();
      countKafkaRequests('admin', admin, metrics.kafkaRequests);
      return admin;
    });
  }

  createConsumer(config: ConsumerConfig): Consumer {
    const consumer = this.kafka.consumer(config);
    countKafkaRequests('consumer', consumer, this.metrics.kafkaRequests);
    return consumer;
  }

  async committedOffsets(groupId: string, topics: string[]): Promise<Map<PartitionId, bigint>> {
    const admin = await this.admin.get();
    let committed;
    try {
      committed = await admin.fetchOffsets({ groupId, topics });
    } catch (error) {
      // Its metadata may be stale (a coordinator or leader moved): the next question gets a
      // new client.
      this.admin.discard(admin);
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
    await this.admin.close();
  }
}
