import { Topics, retryTopic } from './topics';

export interface TopicSpec {
  topic: string;
  partitions: number;
  config?: Record<string, string>;
}

const WEEK_MS = 7 * 24 * 3_600_000;

/** The topics every app may create at start (all but the retry tiers). */
export function coreTopicSpecs(partitions: number): TopicSpec[] {
  return [
    { topic: Topics.events, partitions },
    { topic: Topics.invalidEvents, partitions },
    {
      topic: Topics.subscriptions,
      partitions,
      config: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0' },
    },
    { topic: Topics.deliveries, partitions },
    { topic: Topics.deadLetters, partitions, config: { 'retention.ms': String(4 * WEEK_MS) } },
    { topic: Topics.attempts, partitions },
    { topic: Topics.operational, partitions, config: { 'retention.ms': String(4 * WEEK_MS) } },
  ];
}

/** One topic per retry delay; each keeps its jobs a week longer than they wait. */
export function retryTopicSpecs(scheduleMs: readonly number[], partitions: number): TopicSpec[] {
  return scheduleMs.map((delayMs, index) => ({
    topic: retryTopic(index + 1),
    partitions,
    config: { 'retention.ms': String(delayMs + WEEK_MS) },
  }));
}
