import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, MIGRATIONS } from '../apps/subscriptions/src/database/database.options';
import { ApiClient } from './support/api-client';
import { type MessageJson, type Page } from './support/api-types';
import { Platform, TEST_ADMIN_TOKEN } from './support/platform';

const DAY = 86_400_000;
/** The migrations of the release before the partitioned log. */
const BEFORE_PARTITIONING = MIGRATIONS.findIndex(
  (migration) => migration.name === 'PartitionedMessageLog1795500000000',
);

interface OldMessage {
  id: string;
  status: 'pending' | 'delivered' | 'failed';
  createdAt: Date;
  payload: Record<string, unknown> | null;
  attempts: Array<{ attempt: number; outcome: string; statusCode: number | null }>;
}

/**
 * The partitioned log's migration on a database written by the previous release: its rows,
 * spread over several days, come through, and the API reads them.
 */
describe('migrating an existing message log to partitions', () => {
  const url = new URL(process.env.DATABASE_URL!);
  const database = `${url.pathname.slice(1)}_log_migration`;
  url.pathname = `/${database}`;
  const server = new Client({ connectionString: process.env.DATABASE_URL });
  const db = new Client({ connectionString: url.href });
  const company = `mig-${Math.random().toString(36).slice(2, 8)}`;
  const webhookId = 'wh_01JDMIGRATED0000000000000A';
  const now = Date.now();
  const old: OldMessage[] = [
    {
      id: 'msg_delivered_three_days_ago',
      status: 'delivered',
      createdAt: new Date(now - 3 * DAY),
      payload: { id: 'msg_delivered_three_days_ago', event: 'user.create', data: { n: 1 } },
      attempts: [
        { attempt: 1, outcome: 'failure', statusCode: 500 },
        { attempt: 2, outcome: 'success', statusCode: 200 },
      ],
    },
    {
      id: 'msg_failed_yesterday',
      status: 'failed',
      createdAt: new Date(now - DAY),
      payload: { id: 'msg_failed_yesterday', event: 'user.create', data: { n: 2 } },
      attempts: [{ attempt: 1, outcome: 'timeout', statusCode: null }],
    },
    {
      id: 'msg_pending_now',
      status: 'pending',
      createdAt: new Date(now - 60_000),
      payload: null,
      attempts: [],
    },
  ];

  beforeAll(async () => {
    await server.connect();
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.query(`CREATE DATABASE ${database}`);
    await db.connect();
  });

  afterAll(async () => {
    await db.end();
    await server.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await server.end();
  });

  async function migrate(migrations: typeof MIGRATIONS): Promise<void> {
    const dataSource = new DataSource({ ...dataSourceOptions(url.href), migrations });
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  }

  it('copies every message and attempt into day partitions the API reads', async () => {
    await migrate(MIGRATIONS.slice(0, BEFORE_PARTITIONING));
    // Rows as the previous release's log projector wrote them.
    for (const message of old) {
      await db.query(
        `INSERT INTO messages (id, company_id, webhook_id, event_id, event_type, payload, status,
                               status_series, status_step, attempt_count, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'user.create', $5, $6, 0, 3, $7, $8, $8)`,
        [
          message.id,
          company,
          webhookId,
          message.payload ? `evt_${message.id}` : null,
          message.payload,
          message.status,
          message.attempts.length,
          message.createdAt,
        ],
      );
      for (const attempt of message.attempts) {
        await db.query(
          `INSERT INTO attempts (message_id, series, attempt, at, status_code, duration_ms, outcome)
           VALUES ($1, 0, $2, $3, $4, 12, $5)`,
          [
            message.id,
            attempt.attempt,
            new Date(message.createdAt.getTime() + attempt.attempt * 1_000),
            attempt.statusCode,
            attempt.outcome,
          ],
        );
      }
    }

    await migrate(MIGRATIONS);

    const { rows: partitioned } = await db.query<{ relname: string }>(
      `SELECT c.relname FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1`,
    );
    expect(partitioned.map((row) => row.relname)).toEqual(['attempts', 'messages']);
    const { rows: placed } = await db.query<{ id: string; partition: string; created_at: Date }>(
      `SELECT id, tableoid::regclass::text AS partition, created_at FROM messages ORDER BY created_at`,
    );
    expect(placed.map((row) => row.id)).toEqual(old.map((message) => message.id));
    for (const row of placed) {
      const day = row.created_at.toISOString().slice(0, 10).replaceAll('-', '');
      expect(row.partition).toBe(`messages_p${day}`);
    }
    const { rows: attempts } = await db.query<{
      message_id: string;
      message_created_at: Date;
      webhook_id: string;
      partition: string;
    }>(
      `SELECT message_id, message_created_at, webhook_id, tableoid::regclass::text AS partition
         FROM attempts ORDER BY message_id, attempt`,
    );
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) {
      const message = old.find((candidate) => candidate.id === attempt.message_id)!;
      expect(attempt.message_created_at.getTime()).toBe(message.createdAt.getTime());
      expect(attempt.webhook_id).toBe(webhookId);
      expect(attempt.partition.replace('attempts_', 'messages_')).toBe(
        placed.find((row) => row.id === message.id)!.partition,
      );
    }
    // Days ahead exist, so the projector never waits for one.
    const { rows: ahead } = await db.query<{ count: string }>(
      `SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE c.relname = $1`,
      [`messages_p${new Date(now + 3 * DAY).toISOString().slice(0, 10).replaceAll('-', '')}`],
    );
    expect(ahead[0]?.count).toBe('1');

    const platform = await Platform.start(
      { DATABASE_URL: url.href, SUBSCRIPTIONS_ROLES: 'api' },
      { without: ['fanout', 'delivery'] },
    );
    try {
      const admin = new ApiClient(platform.apiUrl, TEST_ADMIN_TOKEN);
      expect((await admin.post('/v1/companies', { id: company, name: 'Migrated' })).status).toBe(
        201,
      );
      const key = await admin.post<{ key: string }>(`/v1/companies/${company}/api-keys`, {
        name: 'migrated',
      });
      const client = admin.withToken(key.body.key);
      const page = await client.get<Page<MessageJson>>('/v1/messages');
      expect(page.body.data.map((message) => message.id)).toEqual(
        [...old].reverse().map((message) => message.id),
      );
      const delivered = await client.get<MessageJson>('/v1/messages/msg_delivered_three_days_ago');
      expect(delivered.body).toMatchObject({
        status: 'delivered',
        attempts: [
          { attempt: 1, outcome: 'failure', statusCode: 500 },
          { attempt: 2, outcome: 'success', statusCode: 200 },
        ],
      });
    } finally {
      await platform.close();
    }
  });

  it('can be undone, back to one table each holding every row', async () => {
    const dataSource = new DataSource({ ...dataSourceOptions(url.href), migrations: MIGRATIONS });
    await dataSource.initialize();
    const lastApplied = async () =>
      (
        await db.query<{ name: string }>(
          'SELECT name FROM typeorm_migrations ORDER BY id DESC LIMIT 1',
        )
      ).rows[0]?.name;
    try {
      while ((await lastApplied()) !== MIGRATIONS[BEFORE_PARTITIONING - 1]!.name) {
        await dataSource.undoLastMigration({ transaction: 'each' });
      }
    } finally {
      await dataSource.destroy();
    }
    const { rows } = await db.query<{ count: string }>(`SELECT count(*) FROM pg_partitioned_table`);
    expect(rows[0]?.count).toBe('0');
    const { rows: counts } = await db.query<{ messages: string; attempts: string }>(
      `SELECT (SELECT count(*) FROM messages) AS messages, (SELECT count(*) FROM attempts) AS attempts`,
    );
    expect(counts[0]).toEqual({ messages: '3', attempts: '3' });
  });
});
