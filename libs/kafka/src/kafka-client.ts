import { Logger } from '@nestjs/common';
import { kafkaLogMethod } from '@app/logging';
import { Kafka, logLevel, type LogEntry } from 'kafkajs';

export interface KafkaClientOptions {
  brokers: string[];
  clientId: string;
  /** Longest wait between two attempts to reach a broker (kafkajs grows it from 100 ms). */
  reconnectMaxDelayMs: number;
}

const kafkaLogger = new Logger('kafkajs');

/**
 * kafkajs logs through the app's logger, warnings and errors only, its fields (broker, groupId,
 * error, retryCount…) as fields; what it reports while a cluster settles is at debug
 * (kafkaLogMethod).
 */
function logCreator() {
  return ({ level, namespace, log }: LogEntry) => {
    const { message, ...extra } = log;
    const fields: Record<string, unknown> = extra;
    // kafkajs's own time and logger name: the line has both already.
    delete fields.timestamp;
    delete fields.logger;
    const method = kafkaLogMethod(level, message, fields.error);
    if (method) kafkaLogger[method]({ msg: `[${namespace}] ${message}`, ...fields });
  };
}

/**
 * The app's client, for producing and admin requests: those give up after a few seconds of
 * retries, so a request or a handler can fail in bounded time and decide what to do.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  return kafkaClient(options, 8);
}

/**
 * The client of the app's consumers: it never gives up reaching the brokers. A kafkajs consumer
 * that gives up (failing to find its group coordinator while a broker restarts) crashes, and
 * its replacement joins as a new member, which waits out the old member's session and cannot
 * reuse the old member's progress; one that keeps retrying rejoins as the same member.
 */
export function createConsumerKafkaClient(options: KafkaClientOptions): Kafka {
  return kafkaClient(options, Number.MAX_SAFE_INTEGER);
}

function kafkaClient(
  { brokers, clientId, reconnectMaxDelayMs }: KafkaClientOptions,
  retries: number,
): Kafka {
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    logCreator,
    // Short, capped delays: once a broker is back, clients find it within a second or two
    // instead of after kafkajs's default of up to 30 s.
    retry: { initialRetryTime: 100, maxRetryTime: reconnectMaxDelayMs, retries },
  });
}
