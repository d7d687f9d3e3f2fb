import { Logger } from '@nestjs/common';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Longest wait between two attempts to reach a broker (kafkajs grows it from 100 ms). */
  reconnectMaxDelayMs: number;
}

const kafkaLogger = new Logger('kafkajs');

/** kafkajs logs through Nest's logger, warnings and errors only. */
function logCreator() {
  return ({ level, log }: LogEntry) => {
    const { message, ...extra } = log;
    const text = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) kafkaLogger.error(text);
    else if (level === logLevel.WARN) kafkaLogger.warn(text);
  };
}

export function createKafkaClient({
  brokers,
  clientId,
  reconnectMaxDelayMs,
}: KafkaClientOptions): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator,
    // Short, capped delays: once a broker is back, clients find it within a second or two
    // instead of after kafkajs's default of up to 30 s.
    retry: { initialRetryTime: 100, maxRetryTime: reconnectMaxDelayMs, retries: 8 },
  });
}
