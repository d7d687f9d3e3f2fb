/** Nest Logger methods a kafkajs entry is written with. */
export type KafkaLogMethod = 'debug' | 'log' | 'warn' | 'error';

/** kafkajs's numeric levels (its `logLevel` enum). */
const KAFKAJS_ERROR = 1;
const KAFKAJS_WARN = 2;
const KAFKAJS_INFO = 4;

/**
 * What kafkajs reports as errors while a cluster settles — a new group's coordinator being
 * chosen, partition leaders elected, a rebalance — and then retries by itself: they show on
 * every healthy start and broker restart. Persistent trouble still shows, as a consumer crash
 * (StreamConsumer), a failed send, lag and readiness.
 */
const SETTLING = [
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
  'This server does not host this topic-partition',
  'The group is rebalancing, so a rejoin is needed',
  'The coordinator is not aware of this member, re-joining the group',
  'The leader epoch in the request is older than the epoch on the broker',
  'The leader epoch in the request is newer than the epoch on the broker',
  'This is not the correct controller for this cluster',
];

/** A broker that cannot be reached is retried (KAFKA_RECONNECT_MAX_DELAY): a warning. */
const UNREACHABLE = /Connection error|Connection timeout|Failed to connect|Closed connection/;

/** The method a kafkajs log entry is written with; undefined to drop it. */
export function kafkaLogMethod(
  level: number,
  message: string,
  error?: unknown,
): KafkaLogMethod | undefined {
  const text = typeof error === 'string' ? `${message} ${error}` : message;
  if (level === KAFKAJS_ERROR || level === KAFKAJS_WARN) {
    if (SETTLING.some((settling) => text.includes(settling))) return 'debug';
    if (UNREACHABLE.test(text)) return 'warn';
    return level === KAFKAJS_ERROR ? 'error' : 'warn';
  }
  if (level === KAFKAJS_INFO) return 'debug';
  return undefined;
}
