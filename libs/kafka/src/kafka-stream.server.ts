import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { ConsumerLagMonitor, type ConsumerGroupTopics } from './consumer-lag-monitor';
import { type StreamOptions, StreamConsumer } from './stream-consumer';

/** A stream's consumer options; `topics` may be resolved at start, once topics exist. */
type StreamSettings = (
  | Omit<Extract<StreamOptions, { mode: 'batch' }>, 'handler' | 'topics'>
  | Omit<Extract<StreamOptions, { mode: 'concurrent' }>, 'handler' | 'topics'>
) & { topics: string[] | (() => Promise<string[]>) };

export interface KafkaStreamServerOptions {
  kafka: Kafka;
  /** Pattern of an `@EventPattern` handler → the consumer that feeds it. */
  streams: Record<string, StreamSettings>;
  /** How long SIGTERM waits for in-flight records before committing and leaving. */
  drainMs: number;
  /** Receives every stream's lag per topic, measured every `lagIntervalMs`. */
  reportLag?: (topic: string, lag: number) => void;
  lagIntervalMs?: number;
}

/**
 * A Nest microservice transport over StreamConsumer, so Kafka handlers stay plain
 * `@EventPattern` methods while getting what the stock ServerKafka lacks: batch
 * consumption, manual contiguous commits and per-partition pause-until-due.
 */
export class KafkaStreamServer extends Server implements CustomTransportStrategy {
  private readonly consumers: StreamConsumer[] = [];
  private lagMonitor: ConsumerLagMonitor | undefined;
  private readonly log = new Logger(KafkaStreamServer.name);

  constructor(private readonly options: KafkaStreamServerOptions) {
    super();
  }

  /** Every consumer has joined its group and received partitions. */
  get isReady(): boolean {
    return (
      this.consumers.length > 0 &&
      this.consumers.every((consumer) => consumer.isAssigned && consumer.isRunning)
    );
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      const groups: ConsumerGroupTopics[] = [];
      for (const [pattern, settings] of Object.entries(this.options.streams)) {
        const handler = this.getHandlerByPattern(pattern);
        if (!handler) throw new Error(`no @EventPattern('${pattern}') handler is registered`);
        const invoke = async (input: unknown): Promise<void> => {
          await lastValueFrom(this.transformToObservable(await handler(input)), {
            defaultValue: undefined,
          });
        };
        const topics =
          typeof settings.topics === 'function' ? await settings.topics() : settings.topics;
        const consumer = new StreamConsumer(this.options.kafka, {
          ...settings,
          topics,
          handler: invoke,
        });
        this.consumers.push(consumer);
        groups.push({ groupId: settings.groupId, topics });
      }
      await Promise.all(this.consumers.map((consumer) => consumer.start()));
      if (this.options.reportLag) {
        this.lagMonitor = new ConsumerLagMonitor(
          this.options.kafka,
          groups,
          this.options.reportLag,
          this.options.lagIntervalMs ?? 15_000,
        );
        this.lagMonitor.start();
      }
      callback();
    } catch (error) {
      this.log.error(`could not start consumers: ${String(error)}`);
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.lagMonitor?.stop();
    await Promise.all(this.consumers.map((consumer) => consumer.stop(this.options.drainMs)));
  }

  on(): never {
    throw new Error('KafkaStreamServer emits no events');
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }
}
