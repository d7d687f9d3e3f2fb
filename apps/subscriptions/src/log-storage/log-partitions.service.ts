import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG } from '@app/config';
import { type DataSource } from 'typeorm';
import { type SubscriptionsConfig } from '../subscriptions.config';
import {
  type Day,
  dayRange,
  isExpired,
  LOG_TABLES,
  type LogTable,
  parsePartitionName,
  partitionName,
} from './log-partitions';
import { required } from '../common/required';

/** Any fixed number: partition DDL of every process takes turns under this advisory lock. */
const PARTITION_DDL_LOCK_KEY = '4711062026';
/** DDL waits at most this long for a lock, then gives up until the next try (no lock queue). */
const DDL_LOCK_TIMEOUT = '5s';

/** What the catalog says about one day-partition table. */
interface PartitionRow {
  name: string;
  /** Attached to its parent (false: detached by a pass that did not finish). */
  attached: boolean;
  /** A DETACH … CONCURRENTLY was interrupted half way. */
  detachPending: boolean;
}

export interface DropOutcome {
  dropped: Day[];
  /** Expired days kept because a message in them is still pending. */
  keptPending: Array<{ day: Day; pending: number }>;
}

/**
 * The day partitions of the message log in PostgreSQL: creates them (ahead of time, and on
 * demand for the projector), and drops expired days unless a message of theirs is pending.
 *
 * Locks. A partition is created as a table of its own and then attached (ATTACH PARTITION takes
 * SHARE UPDATE EXCLUSIVE on the parent: reads and writes go on), and detached with DETACH
 * PARTITION … CONCURRENTLY before it is dropped, so neither ever takes the parent's ACCESS
 * EXCLUSIVE lock, which would queue every query of the log behind it. (That is also why the
 * tables have no default partition: CONCURRENTLY refuses one.)
 */
@Injectable()
export class LogPartitions {
  private readonly logger = new Logger(LogPartitions.name);
  /** Days known to have both partitions; forgotten when a write finds one missing. */
  private readonly ready = new Set<Day>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: SubscriptionsConfig,
  ) {}

  /**
   * Makes sure both partitions of each day exist; answers the days that do not and will not,
   * because they are expired (records for them are dropped, as retention would drop them).
   */
  async prepare(days: Iterable<Day>, now = Date.now()): Promise<Set<Day>> {
    const expired = new Set<Day>();
    const missing = [...new Set(days)].filter((day) => !this.ready.has(day));
    if (missing.length === 0) return expired;
    const existing = await this.attachedDays();
    for (const day of missing) {
      if (existing.has(day)) this.ready.add(day);
      else if (isExpired(day, now, this.config.log.retentionMs)) expired.add(day);
      else await this.create(day);
    }
    return expired;
  }

  /** After a write found no partition for a row: ask the catalog again next time. */
  forget(): void {
    this.ready.clear();
  }

  /** Creates both partitions of a day unless they exist; true when it created one. */
  async create(day: Day): Promise<boolean> {
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
      await manager.query('SELECT pg_advisory_xact_lock($1::bigint)', [PARTITION_DDL_LOCK_KEY]);
      const { from, to } = dayRange(day);
      let made = false;
      for (const table of LOG_TABLES) {
        const name = partitionName(table, day);
        const [row] = await manager.query<Array<{ exists: boolean }>>(
          `SELECT to_regclass($1) IS NOT NULL AS exists`,
          [name],
        );
        const { exists } = required(row, `the existence row of ${name}`);
        if (exists) continue;
        await manager.query(
          `CREATE TABLE ${name} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`,
        );
        // Empty, so attaching checks no rows; it builds the parent's indexes on it.
        await manager.query(
          `ALTER TABLE ${table} ATTACH PARTITION ${name} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
        );
        made = true;
      }
      return made;
    });
    this.ready.add(day);
    if (created) this.logger.log({ msg: `created the log partitions of ${day}`, day });
    return created;
  }

  /**
   * Drops every expired day without pending messages, oldest first; an interrupted earlier pass
   * is finished first. Holds no lock on the parents that blocks the log's reads or writes.
   */
  async dropExpired(now = Date.now()): Promise<DropOutcome> {
    const outcome: DropOutcome = { dropped: [], keptPending: [] };
    await this.finishInterruptedDetaches();
    const partitions = await this.partitionsByDay();
    for (const [day, tables] of [...partitions].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!isExpired(day, now, this.config.log.retentionMs)) continue;
      const pending = await this.pendingCount(day, tables.messages);
      if (pending > 0) {
        outcome.keptPending.push({ day, pending });
        // A table left detached by a crash goes back, so the pending messages stay visible.
        for (const table of LOG_TABLES) {
          const row = tables[table];
          if (row && !row.attached) await this.reattach(table, day);
        }
        continue;
      }
      if (await this.dropDay(day, tables)) outcome.dropped.push(day);
      else {
        outcome.keptPending.push({ day, pending: await this.pendingCount(day, tables.messages) });
      }
    }
    return outcome;
  }

  /**
   * Detaches the day's messages, checks again that nothing pending slipped in meanwhile (a
   * redelivery), then detaches its attempts and drops both. False when it had to put the
   * messages back.
   */
  private async dropDay(
    day: Day,
    tables: Partial<Record<LogTable, PartitionRow>>,
  ): Promise<boolean> {
    const messages = partitionName('messages', day);
    if (tables.messages?.attached) await this.detachConcurrently('messages', day);
    if (tables.messages && (await this.pendingCount(day, tables.messages)) > 0) {
      await this.reattach('messages', day);
      return false;
    }
    if (tables.attempts?.attached) await this.detachConcurrently('attempts', day);
    await this.dataSource.query(`DROP TABLE IF EXISTS ${partitionName('attempts', day)}`);
    await this.dataSource.query(`DROP TABLE IF EXISTS ${messages}`);
    this.ready.delete(day);
    this.logger.log({
      msg: `dropped the log partitions of ${day} (older than LOG_RETENTION)`,
      day,
    });
    return true;
  }

  /** Pending messages in the day's messages table, attached or left detached. */
  private async pendingCount(day: Day, messages: PartitionRow | undefined): Promise<number> {
    if (!messages) return 0;
    const [row] = await this.dataSource.query<Array<{ count: number }>>(
      `SELECT count(*)::integer AS count FROM ${partitionName('messages', day)} WHERE status = 'pending'`,
    );
    return required(row, `the pending count of ${partitionName('messages', day)}`).count;
  }

  /**
   * Outside a transaction (CONCURRENTLY requires it): waits for the queries that may see the
   * partition, never blocks new ones.
   */
  private async detachConcurrently(table: LogTable, day: Day): Promise<void> {
    await this.withDdlLock(async (run) => {
      await run(`ALTER TABLE ${table} DETACH PARTITION ${partitionName(table, day)} CONCURRENTLY`);
    });
  }

  private async reattach(table: LogTable, day: Day): Promise<void> {
    const { from, to } = dayRange(day);
    await this.withDdlLock(async (run) => {
      // DETACH … CONCURRENTLY left a CHECK constraint of the range, so this scans no rows.
      await run(
        `ALTER TABLE ${table} ATTACH PARTITION ${partitionName(table, day)} FOR VALUES FROM ('${from.toISOString()}') TO ('${to.toISOString()}')`,
      );
    });
    this.logger.warn({
      msg: 're-attached a partition: it holds pending messages',
      partition: partitionName(table, day),
      day,
    });
  }

  /** A DETACH … CONCURRENTLY cut short (a crash) leaves the partition half detached. */
  private async finishInterruptedDetaches(): Promise<void> {
    for (const row of await this.partitionRows()) {
      if (!row.detachPending) continue;
      const parsed = parsePartitionName(row.name)!;
      await this.withDdlLock(async (run) => {
        await run(`ALTER TABLE ${parsed.table} DETACH PARTITION ${row.name} FINALIZE`);
      });
    }
  }

  /**
   * Runs DDL on a connection of its own, outside any transaction, under the advisory lock that
   * partition creation takes too (session-level, released in all cases). The DDL itself may
   * wait: what it waits for (queries still reading the partition) never waits for it.
   */
  private async withDdlLock(
    work: (run: (sql: string) => Promise<unknown>) => Promise<void>,
  ): Promise<void> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SET lock_timeout = '${DDL_LOCK_TIMEOUT}'`);
      await runner.query('SELECT pg_advisory_lock($1::bigint)', [PARTITION_DDL_LOCK_KEY]);
      await runner.query('SET lock_timeout = 0');
      try {
        await work((sql) => runner.query(sql));
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1::bigint)', [PARTITION_DDL_LOCK_KEY]);
      }
    } finally {
      await runner.query('RESET lock_timeout').catch(() => undefined);
      await runner.release();
    }
  }

  private async attachedDays(): Promise<Set<Day>> {
    const byDay = await this.partitionsByDay();
    return new Set(
      [...byDay]
        .filter(([, tables]) => tables.messages?.attached && tables.attempts?.attached)
        .map(([day]) => day),
    );
  }

  private async partitionsByDay(): Promise<Map<Day, Partial<Record<LogTable, PartitionRow>>>> {
    const byDay = new Map<Day, Partial<Record<LogTable, PartitionRow>>>();
    for (const row of await this.partitionRows()) {
      const parsed = parsePartitionName(row.name);
      if (!parsed) continue;
      const entry = byDay.get(parsed.day) ?? {};
      entry[parsed.table] = row;
      byDay.set(parsed.day, entry);
    }
    return byDay;
  }

  /** Every table named like a day partition in the current schema, attached or not. */
  private partitionRows(): Promise<PartitionRow[]> {
    return this.dataSource.query<PartitionRow[]>(
      `SELECT c.relname AS name,
              i.inhrelid IS NOT NULL AS attached,
              coalesce(i.inhdetachpending, false) AS "detachPending"
         FROM pg_class c
         LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
        WHERE c.relkind = 'r'
          AND c.relnamespace = current_schema()::regnamespace
          AND c.relname ~ '^(messages|attempts)_p[0-9]{8}$'`,
    );
  }
}
