import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SecretCipher } from '@app/signing';
import { type DataSource } from 'typeorm';
import { currentCiphertextPrefix } from '../secrets/ciphertext-prefix';

/** How long a key's answer is kept and replayed. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1_000;
/**
 * A request still "in progress" after this long was lost (its process died): a repeat of the
 * same request takes the key over. Well above the longest a request waits (15 s for Kafka).
 */
export const STALE_IN_PROGRESS_MS = 60_000;
/** How long a repeat waits for the first request's answer before answering 409. */
export const WAIT_FOR_FIRST_MS = 10_000;

export interface IdempotentRequest {
  scope: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

export type Claim =
  /** This request runs; `complete` or `abandon` the entry when it ends. */
  | { kind: 'claimed'; id: string }
  /** The answer to the first request with this key. */
  | { kind: 'replay'; status: number; body: unknown }
  /** The key was used with a different body. */
  | { kind: 'reused' }
  /** The first request with this key is still running. */
  | { kind: 'in_progress' };

interface Row {
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
}

/**
 * The store behind the Idempotency-Key interceptor. Each (scope, key, method, path) has at most
 * one row (a unique index); the first request inserts it "in progress" before it runs, so of
 * concurrent requests with one key exactly one runs, and the others wait for its answer.
 * Expired rows are ignored (taken over) and deleted by IdempotencyMaintenance.
 */
@Injectable()
export class IdempotencyService {
  private readonly logger = new Logger(IdempotencyService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: SecretCipher,
  ) {}

  async claim(request: IdempotentRequest, waitMs = WAIT_FOR_FIRST_MS): Promise<Claim> {
    const deadline = Date.now() + waitMs;
    const identity = [request.scope, request.key, request.method, request.path];
    let pause = 20;
    for (;;) {
      const [claimed] = await this.dataSource.query<Array<{ id: string }>>(
        `INSERT INTO idempotency_keys (scope, key, method, path, request_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + $6 * interval '1 millisecond')
         ON CONFLICT (scope, key, method, path) DO NOTHING
         RETURNING id`,
        [...identity, request.requestHash, IDEMPOTENCY_TTL_MS],
      );
      if (claimed) return { kind: 'claimed', id: String(claimed.id) };

      // An expired entry counts as absent; one left in progress by a lost request of the same
      // body is taken over. Atomic: of several repeats, one takes it.
      const taken = await this.dataSource.query<[Array<{ id: string }>, number]>(
        `UPDATE idempotency_keys
            SET request_hash = $5, status_code = NULL, response_body = NULL, created_at = now(),
                locked_at = now(), expires_at = now() + $6 * interval '1 millisecond'
          WHERE scope = $1 AND key = $2 AND method = $3 AND path = $4
            AND (expires_at <= now()
                 OR (status_code IS NULL AND request_hash = $5
                     AND locked_at < now() - $7 * interval '1 millisecond'))
          RETURNING id`,
        [...identity, request.requestHash, IDEMPOTENCY_TTL_MS, STALE_IN_PROGRESS_MS],
      );
      const [[takenOver]] = taken;
      if (takenOver) return { kind: 'claimed', id: String(takenOver.id) };

      const [row] = await this.dataSource.query<Row[]>(
        `SELECT request_hash, status_code, response_body FROM idempotency_keys
          WHERE scope = $1 AND key = $2 AND method = $3 AND path = $4 AND expires_at > now()`,
        identity,
      );
      if (row) {
        if (row.request_hash !== request.requestHash) return { kind: 'reused' };
        if (row.status_code !== null) {
          return { kind: 'replay', status: row.status_code, body: this.open(row.response_body) };
        }
      }
      // In progress, or gone meanwhile (a failed first request releases its key): look again.
      if (Date.now() >= deadline) return { kind: 'in_progress' };
      await sleep(pause);
      pause = Math.min(pause * 2, 200);
    }
  }

  /** Saves the answer of a claimed request. */
  async complete(id: string, status: number, body: unknown): Promise<void> {
    const sealed = body === undefined ? null : this.cipher.encrypt(JSON.stringify(body));
    await this.dataSource.query(
      `UPDATE idempotency_keys SET status_code = $2, response_body = $3
        WHERE id = $1 AND status_code IS NULL`,
      [id, status, sealed],
    );
  }

  /** Releases a claimed key without an answer (a 5xx): the client may retry with it. */
  async abandon(id: string): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE id = $1 AND status_code IS NULL`,
      [id],
    );
  }

  /** Deletes expired entries; returns how many. */
  async deleteExpired(batchSize = 1_000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, deleted] = await this.dataSource.query<[unknown[], number]>(
        `DELETE FROM idempotency_keys
          WHERE id IN (SELECT id FROM idempotency_keys WHERE expires_at <= now() LIMIT $1)`,
        [batchSize],
      );
      total += deleted;
      if (deleted < batchSize) return total;
    }
  }

  /** Re-encrypts saved answers made under an older encryption key; returns how many. */
  async reencryptResponses(batchSize = 500): Promise<number> {
    const prefix = currentCiphertextPrefix(this.cipher);
    let total = 0;
    let after = '0';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ id: string; response_body: string }>>(
        `SELECT id, response_body FROM idempotency_keys
          WHERE response_body IS NOT NULL AND left(response_body, $1) <> $2 AND id > $3
          ORDER BY id LIMIT $4`,
        [prefix.length, prefix, after, batchSize],
      );
      for (const row of rows) {
        let sealed: string;
        try {
          sealed = this.cipher.encrypt(this.cipher.decrypt(row.response_body));
        } catch (error) {
          // Unreadable with the configured keys: the saved answer is lost; free the key.
          this.logger.warn({
            msg: 'dropping an idempotent response',
            idempotencyKeyId: row.id,
            err: error,
          });
          await this.dataSource.query(`DELETE FROM idempotency_keys WHERE id = $1`, [row.id]);
          continue;
        }
        await this.dataSource.query(
          `UPDATE idempotency_keys SET response_body = $2 WHERE id = $1 AND response_body = $3`,
          [row.id, sealed, row.response_body],
        );
        total += 1;
      }
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return total;
      after = String(last.id);
    }
  }

  private open(sealed: string | null): unknown {
    return sealed === null ? undefined : (JSON.parse(this.cipher.decrypt(sealed)) as unknown);
  }
}
