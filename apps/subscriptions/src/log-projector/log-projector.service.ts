import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { type AttemptRecord, type DeliveryJob, Topics } from '@app/contract';
import { type DecodedRecord } from '@app/kafka';
import { type BatchOptions, kafkaAttributes, SpanKind, SpanNames, traceBatch } from '@app/tracing';
import { type DataSource, type EntityManager, QueryFailedError } from 'typeorm';
import { dayOf, DAY_MS } from '../log-storage/log-partitions';
import { LogPartitions } from '../log-storage/log-partitions.service';
import { deadLetteredEvent, webhookDisabledEvent } from '../operational-events/operational-events';
import { OperationalEvents } from '../operational-events/operational-events.service';
import { type SubscriptionsConfig } from '../subscriptions.config';
import {
  type DisableCandidate,
  type DisabledWebhook,
  WebhookDisabler,
} from '../webhooks/webhook-disabler.service';
import {
  type AttemptRow,
  attemptRow,
  disableCandidate,
  mergeMessageUpserts,
  type MessageUpsert,
  messageFromAttempt,
  messageFromJob,
  sameRow,
  WrittenMessages,
} from './log-records';
import { required } from '../common/required';

type RecordPosition = Pick<DecodedRecord<unknown>, 'topic' | 'partition' | 'offset'>;

/**
 * Projects hookstream.deliveries and hookstream.attempts into the message log: one multi-row
 * statement per table and batch, idempotent on replay (attempts are unique per message, series
 * and attempt; statuses apply only when newer, see status-precedence.ts). Bad data is logged
 * and skipped, never retried: a record that does not parse, or that PostgreSQL refuses as data,
 * must not stop the log.
 */
@Injectable()
export class LogProjectorService {
  private readonly logger = new Logger(LogProjectorService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: SubscriptionsConfig,
    private readonly disabler: WebhookDisabler,
    private readonly partitions: LogPartitions,
    private readonly operationalEvents: OperationalEvents,
  ) {}

  async projectDeliveries(records: Array<DecodedRecord<DeliveryJob>>): Promise<void> {
    const name = SpanNames.projectorBatch(Topics.deliveries);
    await traceBatch(name, records, projectorTracing(Topics.deliveries), () =>
      this.writeDeliveries(records),
    );
  }

  async projectAttempts(records: Array<DecodedRecord<AttemptRecord>>): Promise<void> {
    const name = SpanNames.projectorBatch(Topics.attempts);
    await traceBatch(name, records, projectorTracing(Topics.attempts), () =>
      this.writeAttemptRecords(records),
    );
  }

  private async writeDeliveries(records: Array<DecodedRecord<DeliveryJob>>): Promise<void> {
    const upserts: Array<{ record: DecodedRecord<DeliveryJob>; upsert: MessageUpsert }> = [];
    for (const record of records) {
      const upsert = messageFromJob(record.value, record.timestamp);
      if (upsert) upserts.push({ record, upsert });
    }
    await this.writeSkippingBadData(
      upserts,
      (item) => item.record,
      async (items) => {
        const batch = items.map((item) => item.upsert);
        await this.inTransaction(batch, (manager, expired) =>
          this.upsertMessages(manager, batch, expired),
        );
      },
    );
  }

  private async writeAttemptRecords(records: Array<DecodedRecord<AttemptRecord>>): Promise<void> {
    await this.writeSkippingBadData(
      records,
      (record) => record,
      async (items) => {
        const batch = items.map((item) => item.value);
        const { disabled, operationalEvents } = await this.inTransaction(
          batch.map(messageFromAttempt),
          (manager, expired) => this.writeAttempts(manager, batch, expired),
        );
        await this.disabler.announce(disabled);
        await this.operationalEvents.publishSoon(operationalEvents);
      },
    );
  }

  /**
   * One transaction over the batch, after the day partitions its messages claim are made sure
   * of; retried once when a row still finds no partition (the catalog changed meanwhile).
   */
  private async inTransaction<T>(
    claims: MessageUpsert[],
    work: (manager: EntityManager, expired: Set<string>) => Promise<T>,
  ): Promise<T> {
    const run = async () => {
      const expired = await this.partitions.prepare(claims.map((claim) => dayOf(claim.createdAt)));
      return this.dataSource.transaction((manager) => work(manager, expired));
    };
    try {
      return await run();
    } catch (error) {
      if (!isMissingPartition(error)) throw error;
      this.partitions.forget();
      return run();
    }
  }

  private async writeAttempts(
    manager: EntityManager,
    results: AttemptRecord[],
    expired: Set<string>,
  ): Promise<{ disabled: DisabledWebhook[]; operationalEvents: string[] }> {
    // Messages first: an attempt may overtake its job (another topic), and its row needs the
    // message's creation time (its partition key).
    const claims = results.map(messageFromAttempt);
    const messages = await this.upsertMessages(manager, claims, expired);
    // The row each result belongs to (undefined: not written, its day expired).
    const rows = claims.map((claim) => messages.createdAt(claim.id, claim.createdAt));
    await this.insertAttempts(
      manager,
      results.flatMap((result, index) => {
        const messageCreatedAt = rows[index];
        return messageCreatedAt ? [{ ...attemptRow(result), messageCreatedAt }] : [];
      }),
    );

    const written = results.filter((_result, index) => rows[index] !== undefined);
    const successes = new Map<string, Date>();
    const candidates: DisableCandidate[] = [];
    for (const result of written) {
      if (result.outcome === 'success') {
        const at = new Date(result.at);
        const latest = successes.get(result.webhookId);
        if (!latest || at > latest) successes.set(result.webhookId, at);
      }
      const candidate = disableCandidate(result, this.config.disableOnExhaustion);
      if (candidate) candidates.push(candidate);
    }
    await this.disabler.lockInOrder(manager, [
      ...successes.keys(),
      ...candidates.map((candidate) => candidate.webhookId),
    ]);
    await this.disabler.recordSuccesses(manager, successes);
    const disabled = await this.disabler.disable(manager, candidates);
    // An operational webhook's own failures raise nothing (no loops).
    const exhausted = written.filter((result) => result.endReason === 'exhausted');
    const operational = await this.operationalWebhooks(
      manager,
      exhausted.map((result) => result.webhookId),
    );
    const operationalEvents = await this.operationalEvents.record(manager, [
      ...disabled.map(webhookDisabledEvent),
      ...exhausted.filter((result) => !operational.has(result.webhookId)).map(deadLetteredEvent),
    ]);
    return { disabled, operationalEvents };
  }

  /** Which of these webhooks are operational webhooks (deleted ones included). */
  private async operationalWebhooks(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await manager.query<Array<{ id: string }>>(
      `SELECT id FROM webhooks WHERE id = ANY($1::text[]) AND kind = 'operational'`,
      [[...new Set(ids)]],
    );
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Upserts the batch's messages; answers the rows written (their creation times are the
   * partition key their attempts take). A message the log already has, created within a day of
   * what the records claim, keeps the time it has: a duplicate event record or an older record
   * without messageCreatedAt then joins the existing row instead of making a second one.
   * Messages of expired days whose partitions are gone are not written (retention removed their
   * day).
   */
  private async upsertMessages(
    manager: EntityManager,
    upserts: MessageUpsert[],
    expired: Set<string>,
  ): Promise<WrittenMessages> {
    const written = new WrittenMessages();
    const claimed = mergeMessageUpserts(upserts);
    if (claimed.length === 0) return written;
    const existing = await this.existingCreatedAt(manager, claimed);
    // Merged again: two claims may have found the same existing row. Sorted so that concurrent
    // batches lock rows in the same order (no deadlocks).
    const resolved = sortBy(
      mergeMessageUpserts(
        claimed.map((upsert) => ({
          ...upsert,
          createdAt:
            existing.get(upsert.id)?.find((createdAt) => sameRow(createdAt, upsert.createdAt)) ??
            upsert.createdAt,
        })),
      ),
      (upsert) => `${upsert.id} ${upsert.createdAt.toISOString()}`,
    );
    const writable = resolved.filter((upsert) => !expired.has(dayOf(upsert.createdAt)));
    if (writable.length < resolved.length) {
      this.logger.warn({
        msg: 'skipped messages of days older than LOG_RETENTION',
        count: resolved.length - writable.length,
      });
    }
    const rows = writable.map((upsert) => ({
      id: upsert.id,
      company_id: upsert.companyId,
      webhook_id: upsert.webhookId,
      event_id: upsert.eventId,
      event_type: upsert.eventType,
      payload: upsert.payload,
      status: upsert.status,
      status_series: upsert.series,
      status_step: upsert.step,
      created_at: upsert.createdAt.toISOString(),
    }));
    if (rows.length === 0) return written;
    // (a, b) > (c, d) compares rows lexicographically: the status stamp precedence.
    await manager.query(
      `INSERT INTO messages AS m
              (id, company_id, webhook_id, event_id, event_type, payload, status,
               status_series, status_step, attempt_count, created_at, updated_at)
       SELECT r.id, r.company_id, r.webhook_id, r.event_id, r.event_type, r.payload, r.status,
              r.status_series, r.status_step, 0, r.created_at, now()
         FROM jsonb_to_recordset($1::jsonb) AS r(
              id text, company_id text, webhook_id text, event_id text, event_type text,
              payload jsonb, status text, status_series bigint, status_step integer,
              created_at timestamptz)
       ON CONFLICT (id, created_at) DO UPDATE SET
         payload = COALESCE(m.payload, EXCLUDED.payload),
         event_id = COALESCE(m.event_id, EXCLUDED.event_id),
         status = CASE WHEN (EXCLUDED.status_series, EXCLUDED.status_step) > (m.status_series, m.status_step)
                       THEN EXCLUDED.status ELSE m.status END,
         updated_at = CASE WHEN (EXCLUDED.status_series, EXCLUDED.status_step) > (m.status_series, m.status_step)
                           THEN now() ELSE m.updated_at END,
         status_series = CASE WHEN (EXCLUDED.status_series, EXCLUDED.status_step) > (m.status_series, m.status_step)
                              THEN EXCLUDED.status_series ELSE m.status_series END,
         status_step = CASE WHEN (EXCLUDED.status_series, EXCLUDED.status_step) > (m.status_series, m.status_step)
                            THEN EXCLUDED.status_step ELSE m.status_step END`,
      [JSON.stringify(rows)],
    );
    for (const upsert of writable) written.add(upsert.id, upsert.createdAt);
    return written;
  }

  /** The creation times of the rows the log holds under these ids near the claimed times, earliest first. */
  private async existingCreatedAt(
    manager: EntityManager,
    upserts: MessageUpsert[],
  ): Promise<Map<string, Date[]>> {
    const claims = upserts.map((upsert) => upsert.createdAt.getTime());
    const rows = await manager.query<Array<{ id: string; created_at: Date }>>(
      `SELECT id, created_at
         FROM messages
        WHERE id = ANY($1::text[]) AND created_at >= $2 AND created_at < $3
        ORDER BY id, created_at`,
      [
        upserts.map((upsert) => upsert.id),
        new Date(Math.min(...claims) - DAY_MS),
        new Date(Math.max(...claims) + DAY_MS),
      ],
    );
    const byId = new Map<string, Date[]>();
    for (const row of rows) {
      const createdAt = byId.get(row.id);
      if (createdAt) createdAt.push(row.created_at);
      else byId.set(row.id, [row.created_at]);
    }
    return byId;
  }

  /** Inserts new attempts (replays are ignored) and counts them on their messages. */
  private async insertAttempts(
    manager: EntityManager,
    attempts: Array<AttemptRow & { messageCreatedAt: Date }>,
  ): Promise<void> {
    if (attempts.length === 0) return;
    const rows = sortBy(attempts, (attempt) => attempt.messageId).map((attempt) => ({
      message_id: attempt.messageId,
      message_created_at: attempt.messageCreatedAt.toISOString(),
      webhook_id: attempt.webhookId,
      series: attempt.series,
      attempt: attempt.attempt,
      at: attempt.at.toISOString(),
      status_code: attempt.statusCode,
      duration_ms: attempt.durationMs,
      outcome: attempt.outcome,
      error: attempt.error,
      response_body: attempt.responseBody,
      next_attempt_at: attempt.nextAttemptAt?.toISOString() ?? null,
    }));
    await manager.query(
      `WITH inserted AS (
         INSERT INTO attempts
                (message_id, message_created_at, webhook_id, series, attempt, at, status_code,
                 duration_ms, outcome, error, response_body, next_attempt_at)
         SELECT r.message_id, r.message_created_at, r.webhook_id, r.series, r.attempt, r.at,
                r.status_code, r.duration_ms, r.outcome, r.error, r.response_body, r.next_attempt_at
           FROM jsonb_to_recordset($1::jsonb) AS r(
                message_id text, message_created_at timestamptz, webhook_id text, series bigint,
                attempt integer, at timestamptz, status_code integer, duration_ms integer,
                outcome text, error text, response_body text, next_attempt_at timestamptz)
         ON CONFLICT (message_id, message_created_at, series, attempt) DO NOTHING
         RETURNING message_id, message_created_at
       ), counts AS (
         SELECT message_id, message_created_at, count(*)::integer AS n
           FROM inserted GROUP BY message_id, message_created_at
       )
       UPDATE messages m
          SET attempt_count = m.attempt_count + c.n, updated_at = now()
         FROM counts c
        WHERE m.id = c.message_id AND m.created_at = c.message_created_at`,
      [JSON.stringify(rows)],
    );
  }

  /**
   * Writes all items in one go; when PostgreSQL refuses the batch as data (a value out of range,
   * an oversized key, …), writes them one by one and skips those it refuses. Anything else
   * (connection lost, deadlock) is thrown, and the batch is retried.
   */
  private async writeSkippingBadData<T>(
    items: T[],
    positionOf: (item: T) => RecordPosition,
    write: (items: T[]) => Promise<void>,
  ): Promise<void> {
    if (items.length === 0) return;
    try {
      await write(items);
      return;
    } catch (error) {
      if (!isDataError(error) || items.length === 1) {
        if (isDataError(error))
          this.skip(
            positionOf(required(items[0], 'the refused record')),
            `refused by PostgreSQL: ${error.message}`,
          );
        else throw error;
        return;
      }
      this.logger.warn({
        msg: 'batch refused by PostgreSQL; retrying record by record',
        err: error,
      });
    }
    for (const item of items) {
      try {
        await write([item]);
      } catch (error) {
        if (!isDataError(error)) throw error;
        this.skip(positionOf(item), `refused by PostgreSQL: ${error.message}`);
      }
    }
  }

  private skip(record: RecordPosition, reason: string): void {
    this.logger.warn({
      msg: `skipped a record: ${reason}`,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
    });
  }
}

/** A row whose partition key falls in no partition (SQLSTATE 23514, "no partition of relation"). */
/** A projector write's span, and one per traced record in that record's trace. */
function projectorTracing(topic: string): BatchOptions {
  return {
    kind: SpanKind.CONSUMER,
    attributes: kafkaAttributes(topic, 'process'),
    recordName: SpanNames.projectorRecord,
    recordKind: SpanKind.INTERNAL,
    recordSpans: 'traced',
  };
}

function isMissingPartition(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: unknown } | undefined)?.code === '23514' &&
    error.message.includes('no partition of relation')
  );
}

/** SQLSTATE classes 22 (data exception), 23 (constraint violation), 54 (limit exceeded). */
function isDataError(error: unknown): error is QueryFailedError {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^(22|23|54)/.test(code);
}

function sortBy<T>(items: T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
