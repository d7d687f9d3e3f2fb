import { type WebhookStats } from '../api/types';

/** A webhook's recent health, from its stats where the API has them, else from the log. */
export interface WebhookHealth {
  source: 'stats' | 'log';
  /** 0..1, or null when nothing finished in the period. */
  successRate: number | null;
  /** What the rate is over: attempts (stats) or finished messages (log). */
  sample: number;
  sampleUnit: 'attempts' | 'messages';
  failures: number;
  pending: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** The log gave only its newest page: more messages may exist in the period. */
  partial: boolean;
}

/** What GET /v1/webhooks/:id/stats answers (the fields used here). */
export type StatsLike = Pick<
  WebhookStats,
  | 'attempts'
  | 'failures'
  | 'successRate'
  | 'durationMs'
  | 'messages'
  | 'lastSuccessAt'
  | 'lastFailureAt'
>;

export function healthFromStats(stats: StatsLike): WebhookHealth {
  return {
    source: 'stats',
    successRate: stats.successRate,
    sample: stats.attempts,
    sampleUnit: 'attempts',
    failures: stats.failures,
    pending: stats.messages.pending,
    p50Ms: stats.durationMs.p50,
    p95Ms: stats.durationMs.p95,
    lastSuccessAt: stats.lastSuccessAt,
    lastFailureAt: stats.lastFailureAt,
    partial: false,
  };
}

export interface LoggedMessage {
  status: 'pending' | 'delivered' | 'failed';
  updatedAt: string;
}

/**
 * Without the stats endpoint: the share of delivered among the finished messages of the period
 * (pending ones have no outcome yet), from one page of the message log, newest first.
 */
export function healthFromMessages(messages: LoggedMessage[], hasMore: boolean): WebhookHealth {
  const delivered = messages.filter((message) => message.status === 'delivered');
  const failed = messages.filter((message) => message.status === 'failed');
  const finished = delivered.length + failed.length;
  const newest = (list: LoggedMessage[]) =>
    list.reduce<string | null>(
      (latest, message) =>
        latest === null || message.updatedAt > latest ? message.updatedAt : latest,
      null,
    );
  return {
    source: 'log',
    successRate: finished === 0 ? null : delivered.length / finished,
    sample: finished,
    sampleUnit: 'messages',
    failures: failed.length,
    pending: messages.length - finished,
    p50Ms: null,
    p95Ms: null,
    lastSuccessAt: newest(delivered),
    lastFailureAt: newest(failed),
    partial: hasMore,
  };
}
