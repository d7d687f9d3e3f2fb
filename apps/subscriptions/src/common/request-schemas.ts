import { z } from 'zod';

/**
 * Schemas shared by every route's path, query and body. Path parameters are checked for shape
 * only: an id that is well-formed but not one of the caller's resources, or not a real id at
 * all, answers 404 from the service, so ids never tell another company's resources apart.
 */

/** `:id` of webhooks, messages and API keys: `wh_…`, `msg_…`, `key_…`. */
export const resourceIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be an id such as wh_01J…')
  .describe('The resource id');

/** `:company` of admin routes. */
export const companyIdParam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a company id')
  .describe('The company id (slug)');

/** The query of a route that takes none: any parameter is an unknown field. */
export const noQuerySchema = z.strictObject({});

/** The body of a POST that takes none: `{}` or nothing at all. */
export const emptyBodySchema = z.strictObject({}).optional();

/** PostgreSQL text cannot hold U+0000: refused here rather than failing as a 500 on insert. */
export function textField(max: number) {
  return z
    .string()
    .max(max)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');
}

/** A required one-line name: trimmed, 1..max characters. */
export function nameField(max: number) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((text) => !text.includes('\u0000'), 'must not contain NUL characters');
}

/** `{data, nextCursor}` of a list route. */
export function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .describe('Pass as `cursor` for the next page; null on the last page'),
  });
}
