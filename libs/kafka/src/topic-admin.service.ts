import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { type TopicSpec } from '@app/contract';
import { type Admin, type ITopicConfig, type Kafka } from 'kafkajs';
import { KAFKA_CLIENT } from './kafka.tokens';
import { SharedAdmin } from './shared-admin';

/** How long a fresh cluster may take to elect leaders for the topics an app creates. */
const TOPIC_READY_TIMEOUT_MS = 60_000;
/** Tries of an offsets question, each on fresh metadata after the first (100, 200, 400… ms apart). */
const OFFSETS_TRIES = 6;

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
  private readonly shared: SharedAdmin;

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(TOPIC_REPLICATION) private readonly replication: TopicReplication,
  ) {
    this.shared = new SharedAdmin(() => kafka.admin());
  }

  private admin(): Promise<Admin> {
    return this.shared.get();
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
      // Not kafkajs's waitForLeaders: on a cluster, a broker that has not heard of the new topic
      // yet answers UNKNOWN_TOPIC_OR_PARTITION, which it does not wait out.
      await admin.createTopics({ topics, waitForLeaders: false });
    } catch (error) {
      // Another app may have created the same topic a moment earlier.
      if (!(error instanceof Error && /already exists/i.test(error.message))) throw error;
    }
    await this.waitForLeaders(
      admin,
      missing.map((spec) => spec.topic),
    );
    this.logger.log({ msg: 'created topics', topics: missing.map((spec) => spec.topic) });
  }

  /** Until every partition of these topics has a leader, as each broker asked sees it. */
  private async waitForLeaders(admin: Admin, topics: string[]): Promise<void> {
    const deadline = Date.now() + TOPIC_READY_TIMEOUT_MS;
    let problem = 'no answer yet';
    while (Date.now() < deadline) {
      try {
        const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
        const leaderless = metadata.filter(({ partitions }) =>
          partitions.some(({ leader }) => leader < 0),
        );
        if (metadata.length === topics.length && leaderless.length === 0) return;
        problem = `no leader yet for ${leaderless.map(({ name }) => name).join(', ')}`;
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`topics not ready after ${TOPIC_READY_TIMEOUT_MS} ms: ${problem}`);
  }

  async listTopics(): Promise<string[]> {
    return (await this.admin()).listTopics();
  }

  /**
   * The high watermark (next offset to be written) of every partition of a topic. kafkajs's
   * admin gives up at once on a partition whose leader moved ("This server is not the leader
   * for that topic-partition") and keeps asking the old leader until its metadata is five
   * minutes old; on the hot path (fan-out's read-your-writes) that cost a second's retry of the
   * whole batch per leader change. A failed question is asked again on a new admin client,
   * whose first request reads the cluster's metadata afresh.
   */
  async latestOffsets(topic: string): Promise<Map<number, bigint>> {
    for (let attempt = 1; ; attempt += 1) {
      const admin = await this.admin();
      try {
        const offsets = await admin.fetchTopicOffsets(topic);
        return new Map(offsets.map(({ partition, high }) => [partition, BigInt(high)]));
      } catch (error) {
        this.shared.discard(admin);
        if (attempt >= OFFSETS_TRIES) throw error;
        this.logger.debug({ msg: 'offsets question failed; asking again', topic, err: error });
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)));
      }
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.shared.close();
  }
}
