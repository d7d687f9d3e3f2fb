/**
 * The message log (`messages` and `attempts`) is range-partitioned by the message's creation time
 * (`messages.created_at`, `attempts.message_created_at`), one partition per UTC day and table:
 * `messages_p20261121` and `attempts_p20261121` hold the messages created on 2026-11-21 and all
 * their attempts, so a message and its attempts live and expire together.
 */
export const LOG_TABLES = ['messages', 'attempts'] as const;
export type LogTable = (typeof LOG_TABLES)[number];

/** The partition key column of each table. */
export const PARTITION_COLUMN: Record<LogTable, string> = {
  messages: 'created_at',
  attempts: 'message_created_at',
};

export const DAY_MS = 86_400_000;
/** Partitions exist this many days ahead, so writes never wait for one to be made. */
export const DAYS_AHEAD = 3;

/** A UTC day as `YYYYMMDD` (sorts like the days it names). */
export type Day = string;

export function dayOf(time: Date | number): Day {
  return new Date(time).toISOString().slice(0, 10).replaceAll('-', '');
}

/** [from, to) of a day. */
export function dayRange(day: Day): { from: Date; to: Date } {
  const from = new Date(`${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}T00:00:00.000Z`);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

export function partitionName(table: LogTable, day: Day): string {
  return `${table}_p${day}`;
}

const PARTITION_NAME = /^(messages|attempts)_p(\d{8})$/;

/** The table and day a partition name stands for, or undefined for any other name. */
export function parsePartitionName(name: string): { table: LogTable; day: Day } | undefined {
  const [, table, day] = PARTITION_NAME.exec(name) ?? [];
  return table && day ? { table: table as LogTable, day } : undefined;
}

/** Yesterday (late writes), today and DAYS_AHEAD days ahead. */
export function daysToKeepReady(now: number): Day[] {
  return Array.from({ length: DAYS_AHEAD + 2 }, (_, index) => dayOf(now + (index - 1) * DAY_MS));
}

/**
 * A day is expired once all of it is older than the retention: its last moment is before
 * `now - retentionMs`. So data lives at least the retention and at most one day longer.
 */
export function isExpired(day: Day, now: number, retentionMs: number): boolean {
  return dayRange(day).to.getTime() <= now - retentionMs;
}
