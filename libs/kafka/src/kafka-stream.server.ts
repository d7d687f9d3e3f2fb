import { Logger } from '@nestjs/common';
import { type CustomTransportStrategy, Server } from '@nestjs/microservices';
import { type Kafka } from 'kafkajs';
import { lastValueFrom } from 'rxjs';
import { ConsumerLagMonitor, type LagReport } from './consumer-lag-monitor';
import {
  type ConsumerHealth,
  type StreamConsumer,
  type StreamContext,
  type StreamOptions,
} from './stream-consumer';
import { type StreamConsumers } from './stream-consumers.service';

/**
 * A stream's consumer options without its handler (the `@EventPattern` method is); `topics`
 * may be resolved at start, once topics exist.
 */
export type StreamSettings<T> = DistributiveOmit<StreamOptions<T>, 'handler' | 'topics'> & {
  topics: string[] | (() => Promise<string[]>);
};

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export interface KafkaStreamServerOptions {
  consumers: StreamConsumers;
  /** For the lag monitor's admin connection. */
  kafka: Kafka;
  /** Pattern of an `@EventPattern` handler → the consumer that feeds it. */
  streams: Record<string, StreamSettings<unknown>>;
  /** How long SIGTERM waits for in-flight records before committing and leaving. */
  drainMs: number;
  /** Receives every stream's lag and stalled partitions per topic, every `lagIntervalMs`. */
  reportLag?: (report: LagReport) => void;
  lagIntervalMs?: number;
}

/**
 * A Nest microservice transport over StreamConsumer, so Kafka handlers stay plain
 * `@EventPattern` methods that get decoded records (`@Payload()`) and a StreamContext
 * (`@Ctx()`), while getting what the stock ServerKafka lacks: batch consumption, manual
 * contiguous commits, per-partition pause-until-due, and membership that survives rebalances,
 * broker restarts and consumer crashes.
 */
export class KafkaStreamServer extends Server implements CustomTransportStrategy {
  private readonly consumers: Array<StreamConsumer<unknown>> = [];
  private lagMonitor: ConsumerLagMonitor | undefined;
  private readonly log = new Logger(KafkaStreamServer.name);

  constructor(private readonly options: KafkaStreamServerOptions) {
    super();
  }

  /** Live: every consumer runs; ready: every consumer is a group member with its partitions. */
  health(): ConsumerHealth {
    const all = this.consumers.map((consumer) => consumer.health());
    return {
      live: all.every((health) => health.live),
      ready: all.length > 0 && all.every((health) => health.ready),
    };
  }

  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [pattern, settings] of Object.entries(this.options.streams)) {
        const handler = this.getHandlerByPattern(pattern);
        if (!handler) throw new Error(`no @EventPattern('${pattern}') handler is registered`);
        const invoke = async (input: unknown, context: StreamContext): Promise<void> => {
          await lastValueFrom(this.transformToObservable(await handler(input, context)), {
            defaultValue: undefined,
          });
        };
        const topics =
          typeof settings.topics === 'function' ? await settings.topics() : settings.topics;
        this.consumers.push(
          this.options.consumers.create({ ...settings, topics, handler: invoke }),
        );
      }
      await Promise.all(this.consumers.map((consumer) => consumer.start()));
      if (this.options.reportLag) {
        this.lagMonitor = new ConsumerLagMonitor(
          this.options.kafka,
          this.consumers,
          this.options.reportLag,
          this.options.lagIntervalMs ?? 15_000,
        );
        this.lagMonitor.start();
      }
      callback();
    } catch (error) {
      this.log.error({ msg: 'could not start consumers', err: error });
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
