/**
 * A webhook's `events` entries: an exact type (`user.create`), `*` (everything), or a
 * prefix wildcard (`user.*`, matching `user.create` and `user.password.reset`).
 */
export const EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
export const EVENT_FILTER_PATTERN =
  /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*\.\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;

export function matchesEventFilter(filters: readonly string[], eventType: string): boolean {
  return filters.some((filter) => {
    if (filter === '*') return true;
    if (filter.endsWith('.*')) return eventType.startsWith(filter.slice(0, -1));
    return filter === eventType;
  });
}
