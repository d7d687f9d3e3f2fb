'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.EVENT_FILTER_PATTERN = exports.EVENT_TYPE_PATTERN = void 0;
exports.matchesEventFilter = matchesEventFilter;
exports.EVENT_TYPE_PATTERN = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;
exports.EVENT_FILTER_PATTERN = /^(\*|[a-z0-9_]+(\.[a-z0-9_]+)*\.\*|[a-z0-9_]+(\.[a-z0-9_]+)+)$/;
function matchesEventFilter(filters, eventType) {
  return filters.some((filter) => {
    if (filter === '*') return true;
    if (filter.endsWith('.*')) return eventType.startsWith(filter.slice(0, -1));
    return filter === eventType;
  });
}
//# sourceMappingURL=event-filter.js.map
