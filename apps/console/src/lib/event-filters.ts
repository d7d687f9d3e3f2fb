/**
 * What a webhook subscribes to: exact types (`user.create`), `*` (everything) or prefix
 * wildcards (`user.*`, which also matches `user.password.reset`). The same rules as the API's
 * (libs/contract event-filter), so the form refuses what the API would.
 */
export const ALL_EVENTS = '*';

const FILTER_PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*\.\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;

export function isValidFilter(filter: string): boolean {
  return filter.length <= 255 && FILTER_PATTERN.test(filter);
}

/** Whether `filter` covers `type`. */
export function filterMatches(filter: string, type: string): boolean {
  if (filter === ALL_EVENTS) return true;
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}

export interface TypeGroup {
  /** The first segment, such as `user`. */
  prefix: string;
  /** `user.*` */
  wildcard: string;
  types: Array<{ name: string; description: string; deprecated: boolean }>;
}

/** The catalog grouped by first segment, groups and types by name. */
export function groupTypes(
  types: Array<{ name: string; description: string; deprecated: boolean }>,
): TypeGroup[] {
  const groups = new Map<string, TypeGroup>();
  for (const type of [...types].sort((a, b) => a.name.localeCompare(b.name))) {
    const [prefix = ''] = type.name.split('.');
    const group = groups.get(prefix) ?? { prefix, wildcard: `${prefix}.*`, types: [] };
    group.types.push(type);
    groups.set(prefix, group);
  }
  return [...groups.values()].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/**
 * Adds a filter, keeping the list minimal: `*` replaces everything, a wildcard replaces the
 * filters it covers, and a filter already covered by another changes nothing.
 */
export function addFilter(filters: string[], filter: string): string[] {
  if (filters.some((existing) => existing !== filter && covers(existing, filter))) return filters;
  if (filters.includes(filter)) return filters;
  return [...filters.filter((existing) => !covers(filter, existing)), filter];
}

export function removeFilter(filters: string[], filter: string): string[] {
  return filters.filter((existing) => existing !== filter);
}

/** Whether `broad` matches everything `narrow` does. */
function covers(broad: string, narrow: string): boolean {
  if (broad === ALL_EVENTS) return true;
  if (!broad.endsWith('.*')) return false;
  const prefix = broad.slice(0, -1);
  return narrow !== broad && narrow.startsWith(prefix);
}
