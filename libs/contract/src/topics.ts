/** Every Kafka topic Hookstream reads or writes. Names are part of the public contract. */
export const Topics = {
  events: 'hookstream.events',
  invalidEvents: 'hookstream.events.invalid',
  subscriptions: 'hookstream.subscriptions',
  deliveries: 'hookstream.deliveries',
  deadLetters: 'hookstream.deliveries.dlq',
  attempts: 'hookstream.attempts',
  /** Operational events (webhook disabled, message dead-lettered); key = company. */
  operational: 'hookstream.operational',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

const RETRY_TOPIC_PREFIX = `${Topics.deliveries}.retry.`;

/** The topic holding jobs that wait for retry number `tier` (1-based). */
export function retryTopic(tier: number): string {
  return `${RETRY_TOPIC_PREFIX}${tier}`;
}

/** The retry tier a topic name stands for, or undefined for any other topic. */
export function retryTierOf(topic: string): number | undefined {
  if (!topic.startsWith(RETRY_TOPIC_PREFIX)) return undefined;
  const tier = Number(topic.slice(RETRY_TOPIC_PREFIX.length));
  return Number.isInteger(tier) && tier > 0 ? tier : undefined;
}
