import { parseCidrList } from '@app/url-policy';
import { z } from 'zod';
import { parseDuration } from './duration';

/** Building blocks for the per-app environment schemas. */
export const durationMs = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not a duration like 500ms, 5s, 2m, 1h`,
        });
        return z.NEVER;
      }
      return ms;
    });

export const durationListMs = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => part.trim());
      const durations = parts.map(parseDuration);
      const bad = parts.filter((_, index) => durations[index] === undefined);
      if (bad.length > 0 || parts.length === 0) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a comma-separated list of durations like 5s,5m,1h; bad entries: ${bad.join(', ') || '(empty)'}`,
        });
        return z.NEVER;
      }
      return durations as number[];
    });

export const port = (fallback: number) =>
  z.coerce.number().int().min(0).max(65_535).default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce.number().int().positive().default(fallback);

export const booleanFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const kafkaBrokers = z
  .string()
  .default('127.0.0.1:9092')
  .transform((text) => text.split(',').map((broker) => broker.trim()))
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d+$/, 'each broker must be host:port')).min(1));

export const databaseUrl = z
  .string()
  .default('postgres://postgres@127.0.0.1:5432/hookstream')
  .pipe(z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }));

/** Base64 of exactly 32 bytes (an AES-256 key). */
export const encryptionKey = z.string().refine((text) => {
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder skips bad characters: insist on canonical base64 so typos are caught here.
  return bytes.length === 32 && bytes.toString('base64') === text;
}, 'must be base64 (padded) of 32 random bytes');

/** A comma-separated list of CIDR ranges (ALLOWED_PRIVATE_CIDRS), each validated. */
export const cidrList = z
  .string()
  .default('')
  .transform((text, ctx) => {
    try {
      return parseCidrList(text);
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: error instanceof Error ? error.message : String(error),
      });
      return z.NEVER;
    }
  });
