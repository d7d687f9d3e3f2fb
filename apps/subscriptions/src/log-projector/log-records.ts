import {
  type AttemptRecord,
  type DeliveryJob,
  type MessageStatus,
  toWebhookPayload,
} from '@app/contract';
import { type DisableCandidate } from '../webhooks/webhook-disabler.service';
import { attemptResultStep, isNewerStamp, jobStep } from './status-precedence';
import { storableJson, storableText } from './pg-safe';

/** What one record contributes to a row of `messages`. */
export interface MessageUpsert {
  id: string;
  companyId: string;
  webhookId: string;
  /** Null when the row is made from an attempt result that overtook its job. */
  eventId: string | null;
  eventType: string;
  payload: Record<string, unknown> | null;
  status: MessageStatus;
  series: number;
  step: number;
  /**
   * The message's creation time as this record claims it: its partition key. Every record of
   * a message carries the same claim (messageCreatedAt); older records without one fall back
   * on their own times, and the projector then takes the time the log already has.
   */
  createdAt: Date;
}

/** A row of `attempts` (its message's creation time comes from the message's upsert). */
export interface AttemptRow {
  messageId: string;
  webhookId: string;
  series: number;
  attempt: number;
  at: Date;
  statusCode: number | null;
  durationMs: number;
  outcome: string;
  error: string | null;
  responseBody: string | null;
  nextAttemptAt: Date | null;
}

/**
 * The message a job starts: jobs of a first attempt create the row with its payload (the body
 * the receiver gets), and a redelivery's first job sets it back to pending. Other jobs (retries
 * travel on the retry tiers) say nothing new.
 */
export function messageFromJob(
  job: DeliveryJob,
  recordTimestamp: number,
): MessageUpsert | undefined {
  if (job.attempt !== 1) return undefined;
  return {
    id: job.messageId,
    companyId: job.company,
    webhookId: job.webhookId,
    eventId: job.eventId,
    eventType: job.event,
    payload: storableJson(toWebhookPayload(job)) as Record<string, unknown>,
    status: 'pending',
    series: job.series,
    step: jobStep(job.attempt),
    createdAt: claimedDate(job.messageCreatedAt) ?? validDate(recordTimestamp) ?? new Date(),
  };
}

/** The message an attempt result updates (a stub without payload when the job is not in yet). */
export function messageFromAttempt(record: AttemptRecord): MessageUpsert {
  return {
    id: record.messageId,
    companyId: record.company,
    webhookId: record.webhookId,
    eventId: null,
    eventType: record.event,
    payload: null,
    status: record.status,
    series: record.series,
    step: attemptResultStep(record.attempt),
    createdAt:
      claimedDate(record.messageCreatedAt) ??
      new Date(Math.min(Date.parse(record.seriesStartedAt), Date.parse(record.at))),
  };
}

export function attemptRow(record: AttemptRecord): AttemptRow {
  return {
    messageId: record.messageId,
    webhookId: record.webhookId,
    series: record.series,
    attempt: record.attempt,
    at: new Date(record.at),
    statusCode: record.statusCode,
    durationMs: Math.min(Math.round(record.durationMs), 2_147_483_647),
    outcome: record.outcome,
    error: record.error === null ? null : storableText(record.error),
    responseBody: record.responseBody === null ? null : storableText(record.responseBody),
    nextAttemptAt: record.nextAttemptAt === null ? null : new Date(record.nextAttemptAt),
  };
}

/** A result that ends its series with 410 Gone, or by exhaustion when that disables. */
export function disableCandidate(
  record: AttemptRecord,
  disableOnExhaustion: boolean,
): DisableCandidate | undefined {
  const reason =
    record.endReason === 'gone'
      ? 'gone'
      : record.endReason === 'exhausted' && disableOnExhaustion
        ? 'exhausted'
        : undefined;
  if (!reason) return undefined;
  return {
    webhookId: record.webhookId,
    reason,
    at: new Date(record.at),
    seriesStartedAt: new Date(record.seriesStartedAt),
    messageId: record.messageId,
  };
}

/**
 * One upsert per message id (a single INSERT … ON CONFLICT DO UPDATE cannot touch a row twice):
 * the status of the newest stamp, the payload and event id of the earliest series that has
 * them, the earliest creation time.
 */
export function mergeMessageUpserts(upserts: MessageUpsert[]): MessageUpsert[] {
  const merged = new Map<string, { row: MessageUpsert; payloadSeries: number }>();
  for (const upsert of upserts) {
    const entry = merged.get(upsert.id);
    if (!entry) {
      merged.set(upsert.id, { row: { ...upsert }, payloadSeries: upsert.series });
      continue;
    }
    const { row } = entry;
    if (upsert.payload !== null && (row.payload === null || upsert.series < entry.payloadSeries)) {
      row.payload = upsert.payload;
      entry.payloadSeries = upsert.series;
    }
    row.eventId ??= upsert.eventId;
    if (upsert.createdAt < row.createdAt) row.createdAt = upsert.createdAt;
    if (isNewerStamp(upsert, row)) {
      row.status = upsert.status;
      row.series = upsert.series;
      row.step = upsert.step;
    }
  }
  return [...merged.values()].map(({ row }) => row);
}

function validDate(epochMs: number): Date | undefined {
  return Number.isFinite(epochMs) && epochMs > 0 ? new Date(epochMs) : undefined;
}

function claimedDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : validDate(Date.parse(iso));
}
