import { Logger } from '@nestjs/common';
import { type Admin, type Kafka } from 'kafkajs';
import { SharedAdmin } from './shared-admin';

/** What the monitor needs of a consumer. */
export interface MonitoredConsumer {
  groupId: string;
  topics: string[];
  isWaitingUntilDue(topic: string, partition: number): boolean;
  /** The consumer's own view of a partition, logged with a stall. */
  describePartition?(topic: string, partition: number): Record<string, unknown>;
}

export interface LagReport {
  topic: string;
  /** Records behind the end of the topic, summed over partitions. */
  lag: number;
  /** Partitions with lag whose committed offset has not moved for `stallAfterMs`. */
  stalledPartitions: number;
}

interface Progress {
  committed: bigint;
  /** When the committed offset last moved, or the partition last had no lag. */
  since: number;
}

/** A partition with lag but no commit for this long is stalled (retry tiers waiting excepted). */
export const DEFAULT_STALL_AFTER_MS = 60_000;

/**
 * Every interval, how far each consumer group is behind the end of each topic it reads (high
 * watermark minus committed offset), and which partitions make no progress although they have
 * lag: the signal of a consumer that stopped without saying so.
 */
export class ConsumerLagMonitor {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private timer: NodeJS.Timeout | undefined;
  private readonly admin: SharedAdmin;
  private measuring: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly progress = new Map<string, Progress>();

  constructor(
    kafka: Kafka,
    private readonly consumers: MonitoredConsumer[],
    private readonly report: (report: LagReport) => void,
    private readonly intervalMs: number,
    private readonly stallAfterMs = DEFAULT_STALL_AFTER_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.admin = new SharedAdmin(() => kafka.admin());
  }

  start(): void {
    this.timer = setInterval(() => this.measureInBackground(), this.intervalMs);
    this.timer.unref();
    this.measureInBackground();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    // Let a measurement under way finish before its admin connection goes away.
    await this.measuring;
    await this.admin.close();
  }

  private measureInBackground(): void {
    this.measuring = this.measuring.then(() => (this.stopped ? undefined : this.measure()));
  }

  /** Measures once; failures are logged and the gauges keep their last values. */
  async measure(): Promise<void> {
    let admin: Admin | undefined;
    try {
      admin = await this.admin.get();
      for (const consumer of this.consumers) {
        const committed = await admin.fetchOffsets({
          groupId: consumer.groupId,
          topics: consumer.topics,
        });
        for (const { topic, partitions } of committed) {
          const latest = await admin.fetchTopicOffsets(topic);
          const high = new Map(latest.map(({ partition, high: end }) => [partition, BigInt(end)]));
          this.report(
            this.assess(
              consumer,
              topic,
              partitions.map(({ partition, offset }) => ({
                partition,
                // -1 means nothing committed yet: the whole partition is still ahead.
                committed: BigInt(offset) < 0n ? 0n : BigInt(offset),
                end: high.get(partition) ?? 0n,
              })),
            ),
          );
        }
      }
    } catch (error) {
      this.logger.warn({ msg: 'could not measure consumer lag', err: error });
      // Its metadata may be stale: the next measurement starts on a new client.
      if (admin) this.admin.discard(admin);
    }
  }

  /** Lag and stalled partitions of one topic from its partitions' committed and end offsets. */
  assess(
    consumer: MonitoredConsumer,
    topic: string,
    partitions: Array<{ partition: number; committed: bigint; end: bigint }>,
  ): LagReport {
    const now = this.now();
    let lag = 0n;
    let stalledPartitions = 0;
    for (const { partition, committed, end } of partitions) {
      const behind = end > committed ? end - committed : 0n;
      lag += behind;
      const key = `${consumer.groupId}/${topic}/${partition}`;
      const previous = this.progress.get(key);
      const moved = !previous || previous.committed !== committed || behind === 0n;
      const since = moved ? now : previous.since;
      this.progress.set(key, { committed, since });
      const stalled =
        behind > 0n &&
        now - since >= this.stallAfterMs &&
        !consumer.isWaitingUntilDue(topic, partition);
      if (stalled) {
        stalledPartitions += 1;
        this.logger.warn({
          msg: `${behind} records of lag and no commit for ${Math.round((now - since) / 1_000)} s`,
          groupId: consumer.groupId,
          topic,
          partition,
          lag: behind,
          consumer: consumer.describePartition?.(topic, partition),
        });
      }
    }
    return { topic, lag: Number(lag), stalledPartitions };
  }
}
