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

/** Claims of a message's creation time this close together name the same row of `messages`. */
export const SAME_ROW_WITHIN_MS = 24 * 60 * 60 * 1_000;

/** Whether two claims of a message's creation time name the same row. */
export function sameRow(a: Date, b: Date): boolean {
  return Math.abs(a.getTime() - b.getTime()) < SAME_ROW_WITHIN_MS;
}

/**
 * One upsert per row (a single INSERT … ON CONFLICT DO UPDATE cannot touch a row twice): the
 * records of a message whose creation claims are within a day of each other make one row, with
 * the status of the newest stamp, the payload and event id of the earliest series that has
 * them, and the earliest creation time. A claim further away is another row (a late record of
 * a day retention dropped, say), as it would be had the records come in separate batches.
 */
export function mergeMessageUpserts(upserts: MessageUpsert[]): MessageUpsert[] {
  const merged = new Map<
    string,
    Array<{ row: MessageUpsert; payloadSeries: number; firstClaim: Date }>
  >();
  for (const upsert of upserts) {
    const entries = merged.get(upsert.id) ?? [];
    merged.set(upsert.id, entries);
    // Against the row's first claim, not its earliest so far: a chain of claims a day apart
    // each must not drift into one row.
    const entry = entries.find(({ firstClaim }) => sameRow(firstClaim, upsert.createdAt));
    if (!entry) {
      entries.push({
        row: { ...upsert },
        payloadSeries: upsert.series,
        firstClaim: upsert.createdAt,
      });
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
  return [...merged.values()].flat().map(({ row }) => row);
}

/**
 * The rows of `messages` a batch wrote, by message id: their creation times (the partition key
 * their attempts take).
 */
export class WrittenMessages {
  private readonly rows = new Map<string, Date[]>();

  add(id: string, createdAt: Date): void {
    const rows = this.rows.get(id) ?? [];
    rows.push(createdAt);
    this.rows.set(id, rows);
  }

  /**
   * The creation time of the row `claim` names, if the batch wrote it: the nearest row of the
   * message within three days (a row takes the earliest of claims within a day of its first,
   * or the time of the row the log already had within a day of that), so a claim of a day
   * retention dropped finds none.
   */
  createdAt(id: string, claim: Date): Date | undefined {
    let nearest: Date | undefined;
    for (const createdAt of this.rows.get(id) ?? []) {
      const distance = Math.abs(createdAt.getTime() - claim.getTime());
      if (distance >= 3 * SAME_ROW_WITHIN_MS) continue;
      if (!nearest || distance < Math.abs(nearest.getTime() - claim.getTime())) nearest = createdAt;
    }
    return nearest;
  }
}

function validDate(epochMs: number): Date | undefined {
  return Number.isFinite(epochMs) && epochMs > 0 ? new Date(epochMs) : undefined;
}

function claimedDate(iso: string | undefined): Date | undefined {
  return iso === undefined ? undefined : validDate(Date.parse(iso));
}
