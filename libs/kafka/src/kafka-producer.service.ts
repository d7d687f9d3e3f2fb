import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { HookstreamMetrics } from '@app/metrics';
import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer } from 'kafkajs';
import { countKafkaRequests } from './kafka-requests';
import { KAFKA_CLIENT, KAFKA_PRODUCER_SETTINGS } from './kafka.tokens';

export interface ProducerSettings {
  /**
   * How long a send waits for company before its request goes out (when no request is in
   * flight already): a few milliseconds turn many small produce requests into a few large
   * ones, which is most of what the broker spends per delivery.
   */
  lingerMs: number;
}

export interface OutgoingRecord {
  key: string;
  /** JSON-serialised unless already a Buffer; null writes a tombstone. */
  value: unknown;
  headers?: Record<string, string>;
}

interface PendingSend {
  messages: Array<{ topic: string; size: number; message: Message }>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Kafka's default max.message.bytes is 1 MiB per partition batch; stay well below it. */
const MAX_GROUP_BYTES = 512 * 1024;

type Outgoing = PendingSend['messages'][number];

/**
 * Longest pause between two attempts of `sendPersistently`. Short: while a SIGKILLed broker is
 * not fenced yet its partitions refuse every write, and once it is, the next attempt should not
 * be seconds away (each kafkajs send already retries for about 5 s on its own).
 */
const MAX_RESEND_DELAY_MS = 500;
/** A produce request unanswered this long is logged (and again every as long). */
const SLOW_REQUEST_MS = 10_000;
/** How often records kafkajs left out of an acknowledged request are sent again. */
const UNACKNOWLEDGED_RESENDS = 5;

/** Splits items into runs of at most `maxBytes` (a larger item goes alone), keeping their order. */
export function chunkBySize<T>(items: T[], sizeOf: (item: T) => number, maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function groupByTopic(messages: Outgoing[]): Array<{ topic: string; messages: Message[] }> {
  const byTopic = new Map<string, Message[]>();
  for (const { topic, message } of messages) {
    const list = byTopic.get(topic) ?? [];
    list.push(message);
    byTopic.set(topic, list);
  }
  return [...byTopic].map(([topic, list]) => ({ topic, messages: list }));
}

/**
 * The one producer of an app, acks=all: a send resolves only when every
 * in-sync replica has the records, so callers may commit their input afterwards.
 */
@Injectable()
export class KafkaProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(KafkaProducer.name);
  private readonly producer: Producer;
  private connected = false;
  private readonly queue: PendingSend[] = [];
  private queuedBytes = 0;
  private flushing = false;
  private lingerTimer: NodeJS.Timeout | undefined;
  /** The partition kafkajs's last try of a request chose for each record of it. */
  private readonly partitionOf = new WeakMap<Message, number>();

  constructor(
    @Inject(KAFKA_CLIENT) kafka: Kafka,
    @Inject(KAFKA_PRODUCER_SETTINGS) private readonly settings: ProducerSettings,
    metrics: HookstreamMetrics,
  ) {
    // Not idempotent: kafkajs demands unbounded retries for that, and an API call must fail
    // in bounded time. A duplicate from a retried send is covered by at-least-once delivery
    // (same message id); per-key order matters only for the changelog, whose publisher
    // awaits each record before sending the next.
    //
    // The partitioner notes where each record goes: kafkajs's retries keep the answers of the
    // brokers that took their share of a request, and a partition whose leader moved to one of
    // them meanwhile (a rolling restart) is never sent, yet the send resolves (kafkajs PR
    // #1798, issue #1303). `sendAcknowledged` sends such records again.
    this.producer = kafka.producer({
      allowAutoTopicCreation: false,
      createPartitioner: () => {
        const partitioner = Partitioners.DefaultPartitioner();
        return (args) => {
          const partition = partitioner(args);
          this.partitionOf.set(args.message, partition);
          return partition;
        };
      },
    });
    countKafkaRequests('producer', this.producer, metrics.kafkaRequests);
  }

  async onModuleInit(): Promise<void> {
    await this.producer.connect();
    this.connected = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = false;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    await this.sendToTopics(records.map((record) => ({ topic, record })));
  }

  /**
   * Sends records to several topics and resolves once they are acknowledged. Calls made
   * while a request is in flight are grouped into the next one (group commit), so many
   * concurrent deliveries cost a few produce round trips rather than one each.
   */
  sendToTopics(entries: Array<{ topic: string; record: OutgoingRecord }>): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const messages = entries.map(({ topic, record }) => {
      const value = serialize(record.value);
      return {
        topic,
        size: (value?.length ?? 0) + record.key.length,
        message: { key: record.key, value, headers: record.headers },
      };
    });
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ messages, resolve, reject });
      this.queuedBytes += messages.reduce((sum, { size }) => sum + size, 0);
      this.scheduleFlush();
    });
  }

  /** Sends now when a request's worth is waiting, else after the linger (unless one is in flight). */
  private scheduleFlush(): void {
    if (this.flushing) return;
    if (this.queuedBytes >= MAX_GROUP_BYTES || this.settings.lingerMs <= 0) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = undefined;
      void this.flush();
      return;
    }
    this.lingerTimer ??= setTimeout(() => {
      this.lingerTimer = undefined;
      void this.flush();
    }, this.settings.lingerMs);
  }

  /**
   * Like `sendToTopics`, but a failed send is tried again (the same records, nothing else
   * redone) until it succeeds or `signal` aborts: for stream processors, whose input must not
   * be committed before its output is on Kafka.
   */
  async sendPersistently(
    entries: Array<{ topic: string; record: OutgoingRecord }>,
    signal: AbortSignal,
  ): Promise<void> {
    let delay = 100;
    for (;;) {
      try {
        await this.sendToTopics(entries);
        return;
      } catch (error) {
        if (signal.aborted) throw error;
        this.logger.warn({
          msg: `send failed, retrying in ${delay} ms`,
          topics: [...new Set(entries.map((entry) => entry.topic))],
          err: error,
        });
        await sleepUnlessAborted(delay, signal);
        delay = Math.min(2 * delay, MAX_RESEND_DELAY_MS);
      }
    }
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const group = this.takeGroup();
      this.queuedBytes -= group.reduce(
        (sum, pending) => sum + pending.messages.reduce((bytes, { size }) => bytes + size, 0),
        0,
      );
      try {
        // In order, one bounded request at a time: a key's records never overtake each other.
        const messages = group.flatMap((pending) => pending.messages);
        for (const chunk of chunkBySize(messages, ({ size }) => size, MAX_GROUP_BYTES)) {
          await this.sendAcknowledged(chunk);
        }
        group.forEach((pending) => pending.resolve());
      } catch (error) {
        group.forEach((pending) => pending.reject(error));
      }
    }
    this.flushing = false;
  }

  /**
   * One produce request; records whose partition is missing from what the brokers
   * acknowledged (kafkajs left them out, see the constructor) go again in another, so that a
   * send resolves only once every record of it is on Kafka.
   */
  private async sendAcknowledged(chunk: Outgoing[]): Promise<void> {
    let pending = chunk;
    for (let resends = 0; ; resends += 1) {
      const startedAt = Date.now();
      const watch = setInterval(() => {
        this.logger.warn({
          msg: `a produce request is unanswered after ${Math.round((Date.now() - startedAt) / 1000)} s`,
          records: pending.length,
          queued: this.queue.length,
        });
      }, SLOW_REQUEST_MS);
      watch.unref();
      let written;
      try {
        written = await this.producer.sendBatch({
          acks: -1,
          compression: CompressionTypes.None,
          topicMessages: groupByTopic(pending),
        });
      } finally {
        clearInterval(watch);
      }
      const acknowledged = new Set(
        written.map(({ topicName, partition }) => `${topicName}:${partition}`),
      );
      pending = pending.filter(({ topic, message }) => {
        const partition = this.partitionOf.get(message);
        return partition === undefined || !acknowledged.has(`${topic}:${partition}`);
      });
      if (pending.length === 0) return;
      const partitions = [
        ...new Set(
          pending.map(({ topic, message }) => `${topic}:${this.partitionOf.get(message)}`),
        ),
      ];
      if (resends >= UNACKNOWLEDGED_RESENDS) {
        throw new Error(
          `Kafka did not acknowledge ${pending.length} records (${partitions.join(', ')})`,
        );
      }
      this.logger.warn({
        msg: `kafkajs resolved a send without ${pending.length} of its records; sending them again`,
        partitions,
      });
    }
  }

  /** The next calls to send together, bounded so one request stays well under 1 MiB. */
  private takeGroup(): PendingSend[] {
    const group: PendingSend[] = [];
    let bytes = 0;
    for (let next = this.queue[0]; next !== undefined; next = this.queue[0]) {
      const size = next.messages.reduce((sum, message) => sum + message.size, 0);
      // The first call always goes, whatever its size.
      if (group.length > 0 && bytes + size > MAX_GROUP_BYTES) break;
      bytes += size;
      group.push(next);
      this.queue.shift();
    }
    return group;
  }
}

function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}

function serialize(value: unknown): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(JSON.stringify(value));
}
