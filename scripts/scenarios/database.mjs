// @ts-check
// PostgreSQL for the runners: a database of their own, the backends serving it (for their CPU
// time) and the attempt log, read straight from the tables.
import pg from 'pg';
import { dropDatabase, ensureDatabase } from '../infra/postgres.mjs';

/**
 * The URL of database `name` on the server of `serverUrl`.
 * @param {string} serverUrl
 * @param {string} name
 */
export function databaseUrlFor(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops and creates the runner's database; returns its URL.
 * @param {string} serverUrl
 * @param {string} name
 */
export async function recreateDatabase(serverUrl, name) {
  const url = databaseUrlFor(serverUrl, name);
  await dropDatabase(url);
  await ensureDatabase(url);
  return url;
}

/** @param {string} url */
async function connect(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'hookstream-scenarios' });
  client.on('error', () => {}); // a dropped connection must not crash the runner
  await client.connect();
  return client;
}

/**
 * The pids of the backends serving one database, from pg_stat_activity, asked on the server's
 * maintenance database so that the asking connection is not one of them.
 */
export class BackendWatcher {
  /** @type {number[]} */
  #pids = [];
  #askedAt = 0;

  /** @param {pg.Client} client @param {string} database */
  constructor(client, database) {
    this.client = client;
    this.database = database;
  }

  /** @param {string} serverUrl @param {string} database */
  static async start(serverUrl, database) {
    return new BackendWatcher(await connect(databaseUrlFor(serverUrl, 'postgres')), database);
  }

  /** The backends now (asked at most every 500 ms). */
  async pids() {
    if (Date.now() - this.#askedAt < 500) return this.#pids;
    this.#askedAt = Date.now();
    const { rows } = await this.client.query(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1',
      [this.database],
    );
    this.#pids = /** @type {Array<{ pid: number }>} */ (rows).map((row) => Number(row.pid));
    return this.#pids;
  }

  async close() {
    await this.client.end().catch(() => {});
  }
}

/**
 * @typedef {object} LogCounts
 * @property {number} messages          rows in messages for the company
 * @property {number} delivered         of them with status delivered
 * @property {number} withSuccess       messages with a successful attempt row
 */

/**
 * How the company's retries kept their due times, from the attempt log: for every attempt after
 * the first, its start minus the earliest due time (`next_attempt_at`) the attempt before it set
 * (a redone attempt, after a crash, logs the same number twice: the earliest one counts).
 * Negative means early. The receiver cannot tell a retry from a redone first attempt; the log can.
 * @param {string} url
 * @param {string} company
 * @returns {Promise<{ retries: number, earliestMarginMs: number | null }>}
 */
export async function retryMargins(url, company) {
  const client = await connect(url);
  try {
    const { rows } = await client.query(
      `WITH due AS (
         SELECT a.message_id, a.series, a.attempt, min(a.next_attempt_at) AS due_at
           FROM attempts a JOIN messages m ON m.id = a.message_id
          WHERE m.company_id = $1 AND a.next_attempt_at IS NOT NULL
          GROUP BY a.message_id, a.series, a.attempt)
       SELECT count(*) AS retries,
              min(extract(epoch FROM (next.at - due.due_at)) * 1000) AS earliest
         FROM due JOIN attempts next
           ON next.message_id = due.message_id AND next.series = due.series
          AND next.attempt = due.attempt + 1`,
      [company],
    );
    const row = /** @type {Array<{ retries: string, earliest: string | null }>} */ (rows)[0];
    if (!row) return { retries: 0, earliestMarginMs: null };
    return {
      retries: Number(row.retries),
      earliestMarginMs: row.earliest === null ? null : Math.round(Number(row.earliest)),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * What the attempt log holds for one company.
 * @param {string} url
 * @param {string} company
 * @returns {Promise<LogCounts>}
 */
export async function attemptLog(url, company) {
  const client = await connect(url);
  try {
    const { rows } = await client.query(
      `SELECT
         (SELECT count(*) FROM messages WHERE company_id = $1) AS messages,
         (SELECT count(*) FROM messages WHERE company_id = $1 AND status = 'delivered') AS delivered,
         (SELECT count(DISTINCT a.message_id) FROM attempts a JOIN messages m ON m.id = a.message_id
           WHERE m.company_id = $1 AND a.outcome = 'success') AS with_success`,
      [company],
    );
    const [counts] =
      /** @type {Array<{ messages: string, delivered: string, with_success: string }>} */ (
        rows
      ).map((row) => ({
        messages: Number(row.messages),
        delivered: Number(row.delivered),
        withSuccess: Number(row.with_success),
      }));
    // Scalar subqueries: always one row.
    if (!counts) throw new Error(`no delivery counts row for ${company}`);
    return counts;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Waits until the log shows `delivered` messages as delivered with a successful attempt each,
 * or `timeoutMs` passed. Resolves with the counts, whether that was reached, and when.
 * @param {string} url
 * @param {string} company
 * @param {number} delivered
 * @param {number} timeoutMs
 */
export async function waitForLog(url, company, delivered, timeoutMs) {
  const started = Date.now();
  for (;;) {
    /** @type {LogCounts | undefined} */
    let counts;
    try {
      counts = await attemptLog(url, company);
    } catch {
      counts = undefined;
    }
    if (counts && counts.delivered >= delivered && counts.withSuccess >= delivered) {
      return { ...counts, complete: true, waitedMs: Date.now() - started };
    }
    if (Date.now() - started > timeoutMs) {
      return {
        ...(counts ?? { messages: 0, delivered: 0, withSuccess: 0 }),
        complete: false,
        waitedMs: Date.now() - started,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
