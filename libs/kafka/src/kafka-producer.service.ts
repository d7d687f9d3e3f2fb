import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { KAFKA_CLIENT } from './kafka.tokens';

export interface OutgoingRecord {
  key: string;
  /** JSON-serialised unless already a Buffer; null writes a tombstone. */
  value: unknown;
  headers?: Record<string, string>;
}

/**
 * The one producer of an app, acks=all: a send resolves only when every
 * in-sync replica has the records, so callers may commit their input afterwards.
 */
@Injectable()
export class KafkaProducer implements OnModuleInit, OnApplicationShutdown {
  private readonly producer: Producer;
  private connected = false;

  constructor(@Inject(KAFKA_CLIENT) kafka: Kafka) {
    // Not idempotent: kafkajs demands unbounded retries for that, and an API call must fail
    // in bounded time. A duplicate from a retried send is covered by at-least-once delivery
    // (same message id); per-key order matters only for the changelog, whose publisher
    // awaits each record before sending the next.
    this.producer = kafka.producer({ allowAutoTopicCreation: false });
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

  /** Sends records to several topics in one acknowledged request per broker. */
  async sendToTopics(entries: Array<{ topic: string; record: OutgoingRecord }>): Promise<void> {
    if (entries.length === 0) return;
    const byTopic = new Map<string, OutgoingRecord[]>();
    for (const { topic, record } of entries) {
      const list = byTopic.get(topic) ?? [];
      list.push(record);
      byTopic.set(topic, list);
    }
    await this.producer.sendBatch({
      acks: -1,
      compression: CompressionTypes.None,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((record) => ({
          key: record.key,
          value: serialize(record.value),
          headers: record.headers,
        })),
      })),
    });
  }
}

function serialize(value: unknown): Buffer | null {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) return value;
  return Buffer.from(JSON.stringify(value));
}
