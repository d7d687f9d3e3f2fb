import { Logger } from '@nestjs/common';
import { type Admin, type Kafka } from 'kafkajs';

export interface ConsumerGroupTopics {
  groupId: string;
  topics: string[];
}

/**
 * Every interval, how far each consumer group is behind the end of each topic it reads
 * (high watermark minus committed offset, summed over partitions), for the lag gauge.
 */
export class ConsumerLagMonitor {
  private readonly logger = new Logger(ConsumerLagMonitor.name);
  private timer: NodeJS.Timeout | undefined;
  private admin: Admin | undefined;
  private measuring: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly groups: ConsumerGroupTopics[],
    private readonly report: (topic: string, lag: number) => void,
    private readonly intervalMs: number,
  ) {}

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
    await this.admin?.disconnect();
    this.admin = undefined;
  }

  private measureInBackground(): void {
    this.measuring = this.measuring.then(() => (this.stopped ? undefined : this.measure()));
  }

  /** Measures once; failures are logged and the gauge keeps its last value. */
  async measure(): Promise<void> {
    try {
      if (!this.admin) {
        const admin = this.kafka.admin();
        await admin.connect();
        this.admin = admin;
      }
      for (const { groupId, topics } of this.groups) {
        const committed = await this.admin.fetchOffsets({ groupId, topics });
        for (const { topic, partitions } of committed) {
          const latest = await this.admin.fetchTopicOffsets(topic);
          const high = new Map(latest.map(({ partition, high: end }) => [partition, BigInt(end)]));
          let lag = 0n;
          for (const { partition, offset } of partitions) {
            const end = high.get(partition) ?? 0n;
            // -1 means nothing committed yet: the whole partition is still ahead.
            const position = BigInt(offset) < 0n ? 0n : BigInt(offset);
            if (end > position) lag += end - position;
          }
          this.report(topic, Number(lag));
        }
      }
    } catch (error) {
      this.logger.warn(
        `could not measure consumer lag: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
