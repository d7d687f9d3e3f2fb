import { ApiError } from '@app/http-kit';
import { type Principal } from '../auth/principal';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';
/** The methods an Idempotency-Key applies to. */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['POST', 'PATCH']);

const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

/** The key of an `Idempotency-Key` header: 1..255 printable ASCII characters. */
export function parseIdempotencyKey(header: string | string[]): string {
  const key = Array.isArray(header) ? header.join(', ') : header;
  if (KEY_PATTERN.test(key)) return key;
  const problem = 'must be 1 to 255 printable ASCII characters';
  throw ApiError.badRequest('validation_failed', `${IDEMPOTENCY_KEY_HEADER}: ${problem}`, [
    { path: `header.${IDEMPOTENCY_KEY_HEADER}`, message: problem },
  ]);
}

/**
 * Whose keys these are: one company's (its API keys and portal sessions share them), or the
 * admin token's. Company ids are slugs, so no company scope can equal the admin one.
 */
export function idempotencyScope(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : `company:${principal.companyId}`;
}
