import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { KafkaHeaders, type OperationalEvent, Topics } from '@app/contract';
import { KafkaProducer, type OutgoingRecord } from '@app/kafka';
import { type DataSource, type EntityManager } from 'typeorm';
import { operationalDeliveryJob } from './operational-events';

/** Outbox rows published per transaction (each holds its rows locked until Kafka answers). */
const PUBLISH_PAGE_SIZE = 100;
/** Published events are kept this long: a replayed log within it mints no second event. */
const KEEP_PUBLISHED = '7 days';

interface UnpublishedRow {
  id: string;
  event: OperationalEvent;
  created_at: Date;
  webhook_id: string | null;
  webhook_version: number | null;
}

/**
 * The outbox of operational events. `record` inserts them in the caller's transaction (the log
 * projector's: an event exists exactly when what caused it was written); `publish` then puts
 * each on hookstream.operational and, when the company has an operational webhook, a delivery
 * job for it on hookstream.deliveries, and marks it published. What a crash leaves unpublished
 * is published by the maintenance sweep. At least once: a second publish repeats the same ids.
 */
@Injectable()
export class OperationalEvents {
  private readonly logger = new Logger(OperationalEvents.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly producer: KafkaProducer,
  ) {}

  /** Inserts the events not recorded yet (same id: same cause); answers the new ids. */
  async record(manager: EntityManager, events: OperationalEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    // TypeORM answers an INSERT's rows as they are (an UPDATE's or DELETE's with a count).
    const inserted = await manager.query<Array<{ id: string }>>(
      `INSERT INTO operational_events (id, company_id, type, event)
       SELECT e->>'id', e->>'company', e->>'type', e
         FROM jsonb_array_elements($1::jsonb) AS e
       ON CONFLICT (id) DO NOTHING
       RETURNING id`,
      // In id order, like every batch's locks (no deadlocks between concurrent batches).
      [JSON.stringify([...events].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))],
    );
    const ids = new Set(inserted.map((row) => row.id));
    for (const event of events.filter((candidate) => ids.has(candidate.id))) {
      this.logger.log({
        msg: `operational event ${event.type}`,
        operationalEventId: event.id,
        type: event.type,
        company: event.company,
      });
    }
    return [...ids];
  }

  /** After the recording transaction committed: publishes these now (failures wait for the sweep). */
  async publishSoon(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.publishPage(ids);
    } catch (error) {
      this.logger.warn({
        msg: 'could not publish operational events yet',
        count: ids.length,
        err: error,
      });
    }
  }

  /** Publishes every unpublished event, oldest first; answers how many. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishPage();
      total += published;
      if (published < PUBLISH_PAGE_SIZE) return total;
    }
  }

  /** Deletes events published longer ago than KEEP_PUBLISHED; answers how many. */
  async deletePublished(): Promise<number> {
    const [, count] = await this.dataSource.query<[unknown, number]>(
      `DELETE FROM operational_events WHERE published_at < now() - interval '${KEEP_PUBLISHED}'`,
    );
    return count;
  }

  private publishPage(ids?: string[]): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      // Rows another process is publishing are skipped, not waited for.
      const rows = await manager.query<UnpublishedRow[]>(
        `SELECT e.id, e.event, e.created_at, w.id AS webhook_id, w.version AS webhook_version
           FROM operational_events e
           LEFT JOIN webhooks w
             ON w.company_id = e.company_id AND w.kind = 'operational'
            AND w.deleted_at IS NULL AND w.enabled
          WHERE e.published_at IS NULL ${ids ? 'AND e.id = ANY($2::text[])' : ''}
          ORDER BY e.created_at, e.id
          LIMIT $1
          FOR UPDATE OF e SKIP LOCKED`,
        ids ? [PUBLISH_PAGE_SIZE, ids] : [PUBLISH_PAGE_SIZE],
      );
      if (rows.length === 0) return 0;
      const outgoing: Array<{ topic: string; record: OutgoingRecord }> = [];
      for (const row of rows) {
        outgoing.push({
          topic: Topics.operational,
          record: {
            key: row.event.company,
            value: row.event,
            headers: { [KafkaHeaders.operationalEventType]: row.event.type },
          },
        });
        if (row.webhook_id !== null && row.webhook_version !== null) {
          const job = operationalDeliveryJob(
            row.event,
            { id: row.webhook_id, version: row.webhook_version },
            row.created_at,
          );
          outgoing.push({ topic: Topics.deliveries, record: { key: job.webhookId, value: job } });
        }
      }
      await this.producer.sendToTopics(outgoing);
      await manager.query(
        `UPDATE operational_events SET published_at = now() WHERE id = ANY($1::text[])`,
        [rows.map((row) => row.id)],
      );
      return rows.length;
    });
  }
}
