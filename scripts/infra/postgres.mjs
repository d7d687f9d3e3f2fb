// @ts-check
// PostgreSQL helpers for the orchestration scripts: create (or drop) the database a
// DATABASE_URL names, connecting to the server's `postgres` maintenance database to do it.
//
//   import { ensureDatabase, dropDatabase } from './scripts/infra/postgres.mjs';
//   await ensureDatabase('postgres://postgres@127.0.0.1:5432/hookstream'); // true if created
import pg from 'pg';

const CONNECT_TIMEOUT_MS = 5000;
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOENT', // Unix socket path
]);

/**
 * @typedef {object} DatabaseTarget
 * @property {string} database
 * @property {string} host
 * @property {string} port
 * @property {string} user
 * @property {string} where
 * @property {(name: string) => string} maintenanceUrl
 */

/**
 * A driver error: a pg DatabaseError (SQLSTATE in `code`), a Node system error, or an
 * AggregateError of the latter (one per address tried).
 * @typedef {Error & { code?: string, errors?: { message?: string, code?: string }[] }} DriverError
 */

/**
 * Splits a postgres:// URL into the target database and the URL of the maintenance database.
 * @param {string | undefined} databaseUrl
 * @returns {DatabaseTarget}
 */
export function parseDatabaseUrl(databaseUrl) {
  if (!databaseUrl) throw new Error('No database URL given (set DATABASE_URL).');
  let url;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new Error(
      'DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database).',
    );
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must start with postgres:// (got ${url.protocol}//).`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database) throw new Error('DATABASE_URL names no database (expected .../<database>).');
  const host = url.searchParams.get('host') || url.hostname || 'localhost';
  const port = url.port || '5432';
  const user =
    decodeURIComponent(url.username) || process.env.PGUSER || process.env.USER || 'postgres';
  /** @param {string} name */
  const maintenance = (name) => {
    const u = new URL(url.href);
    u.pathname = `/${name}`;
    return u.href;
  };
  return { database, host, port, user, where: `${host}:${port}`, maintenanceUrl: maintenance };
}

/** @param {string} name */
const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** @param {DriverError} error */
function describe(error) {
  const { errors } = error;
  if (error instanceof AggregateError && errors?.length) {
    return errors.map((e) => e.message || e.code).join('; ');
  }
  return error.message || error.code || String(error);
}

/**
 * @param {unknown} error
 * @returns {DriverError}
 */
function asDriverError(error) {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * Turns driver errors into messages that say what to do.
 * @param {DriverError} error
 * @param {DatabaseTarget} target
 */
function explain(error, { where, user }) {
  const reason = describe(error);
  const code = error.code ?? error.errors?.[0]?.code;
  if (
    (code !== undefined && UNREACHABLE.has(code)) ||
    /timeout|terminated unexpectedly/i.test(reason)
  ) {
    return new Error(`PostgreSQL is not reachable at ${where} (set DATABASE_URL) — ${reason}`, {
      cause: error,
    });
  }
  if (code === '28P01' || code === '28000' || /password|SASL|SCRAM|authentication/i.test(reason)) {
    return new Error(
      `PostgreSQL at ${where} refused user "${user}": authentication failed — ${reason}. ` +
        'Check the user and password in DATABASE_URL.',
      { cause: error },
    );
  }
  if (code === '42501') {
    return new Error(
      `PostgreSQL user "${user}" at ${where} may not do this — ${reason}. ` +
        'Use a user with CREATEDB (or a superuser) in DATABASE_URL, or create the database by hand.',
      { cause: error },
    );
  }
  return new Error(`PostgreSQL error at ${where} — ${reason}`, { cause: error });
}

/**
 * Runs fn(client) on the server's maintenance database (`postgres`, or `template1` if absent).
 * @template T
 * @param {string} databaseUrl
 * @param {(client: pg.Client, target: DatabaseTarget) => Promise<T>} fn
 * @returns {Promise<T>}
 */
async function withMaintenanceClient(databaseUrl, fn) {
  const target = parseDatabaseUrl(databaseUrl);
  for (const name of ['postgres', 'template1']) {
    const client = new pg.Client({
      connectionString: target.maintenanceUrl(name),
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'hookstream-infra',
    });
    client.on('error', () => {}); // a dropped idle connection must not crash the caller
    try {
      await client.connect();
    } catch (thrown) {
      const error = asDriverError(thrown);
      await client.end().catch(() => {});
      if (error.code === '3D000' && name === 'postgres') continue; // no `postgres` db: try template1
      throw explain(error, target);
    }
    try {
      return await fn(client, target);
    } catch (thrown) {
      const error = asDriverError(thrown);
      throw error.code ? explain(error, target) : error;
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new Error(
    `PostgreSQL at ${target.where} has neither a "postgres" nor a "template1" database.`,
  );
}

/**
 * Creates the database named by databaseUrl if it does not exist yet.
 * Safe to call concurrently. Resolves true if this call created it, false if it was there.
 * @param {string} databaseUrl
 * @returns {Promise<boolean>}
 */
export async function ensureDatabase(databaseUrl) {
  return withMaintenanceClient(databaseUrl, async (client, { database }) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if ((existing.rowCount ?? 0) > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(database)}`);
      return true;
    } catch (thrown) {
      const error = asDriverError(thrown);
      // Somebody else created it between our check and our CREATE: that's fine.
      if (error.code === '42P04' || error.code === '23505') return false;
      throw error;
    }
  });
}

/**
 * Drops the database named by databaseUrl if it exists, disconnecting its sessions first
 * (tests leave pools behind). Resolves true if it existed.
 * @param {string} databaseUrl
 * @returns {Promise<boolean>}
 */
export async function dropDatabase(databaseUrl) {
  return withMaintenanceClient(databaseUrl, async (client, { database }) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (existing.rowCount === 0) return false;
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)} WITH (FORCE)`); // PostgreSQL 13+
    } catch (thrown) {
      const error = asDriverError(thrown);
      if (error.code !== '42601') throw error; // syntax error: a server older than 13
      await client.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [database],
      );
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(database)}`);
    }
    return true;
  });
}
