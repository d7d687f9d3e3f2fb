/**
 * A value an invariant guarantees (the one row an aggregate query returns, the row a statement
 * just wrote), checked: a broken invariant fails here, naming what was missing, instead of as a
 * TypeError further on.
 */
export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Missing ${what}`);
  return value;
}
