'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.parseDuration = parseDuration;
exports.formatDuration = formatDuration;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;
function parseDuration(text) {
  const match = DURATION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const ms = Number(match[1]) * UNIT_MS[match[2]];
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) : undefined;
}
function formatDuration(ms) {
  for (const unit of ['d', 'h', 'm', 's']) {
    if (ms % UNIT_MS[unit] === 0) return `${ms / UNIT_MS[unit]}${unit}`;
  }
  return `${ms}ms`;
}
//# sourceMappingURL=duration.js.map
