import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` query parameter: 1..100, default 20. */
export const limitParam = z.coerce
  .number()
  .int()
  .min(1)
  .max(MAX_PAGE_SIZE)
  .default(DEFAULT_PAGE_SIZE);

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

/**
 * Builds a page from rows fetched with `limit + 1`: the extra row only tells that another page
 * exists, and the cursor points after the last row returned.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  present: (row: Row) => Item,
  cursorOf: (row: Row) => string,
): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    data: pageRows.map(present),
    nextCursor: hasMore && last !== undefined ? cursorOf(last) : null,
  };
}
