import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type TopicSpec } from '@app/contract';
import { type Admin, type ITopicConfig, type Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from './kafka.tokens';

/** Injection token of how the topics an app creates are replicated. */
export const TOPIC_REPLICATION = Symbol('TOPIC_REPLICATION');

export interface TopicReplication {
  replicationFactor: number;
  /** min.insync.replicas of created topics; the broker's default when undefined. */
  minInsyncReplicas: number | undefined;
}

/** Creates missing topics at start and answers offset questions. */
@Injectable()
export class TopicAdmin implements OnApplicationShutdown {
  private readonly logger = new Logger(TopicAdmin.name);
  private adminClient: Admin | undefined;

  constructor(
    @Inject(KAFKA_CLIENT) private readonly kafka: Kafka,
    @Inject(TOPIC_REPLICATION) private readonly replication: TopicReplication,
  ) {}

  private async admin(): Promise<Admin> {
    if (!this.adminClient) {
      const admin = this.kafka.admin();
      await admin.connect();
      this.adminClient = admin;
    }
    return this.adminClient;
  }

  async ensureTopics(specs: TopicSpec[]): Promise<void> {
    const admin = await this.admin();
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    const { replicationFactor, minInsyncReplicas } = this.replication;
    const topics: ITopicConfig[] = missing.map((spec) => ({
      topic: spec.topic,
      numPartitions: spec.partitions,
      replicationFactor,
      configEntries: Object.entries({
        ...spec.config,
        ...(minInsyncReplicas === undefined
          ? {}
          : { 'min.insync.replicas': String(minInsyncReplicas) }),
      }).map(([name, value]) => ({ name, value })),
    }));
    try {
      await admin.createTopics({ topics, waitForLeaders: true });
    } catch (error) {
      // Another app may have created the same topic a moment earlier.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
    this.logger.log({ msg: 'created topics', topics: missing.map((spec) => spec.topic) });
  }

  async listTopics(): Promise<string[]> {
    return (await this.admin()).listTopics();
  }

  /** The high watermark (next offset to be written) of every partition of a topic. */
  async latestOffsets(topic: string): Promise<Map<number, bigint>> {
    const admin = await this.admin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.adminClient?.disconnect();
    this.adminClient = undefined;
  }
}
