// @ts-check
// Pure statistics for the scenario runners: percentiles, rates, ratios to a peer and targets.

/**
 * @typedef {object} Distribution
 * @property {number} count
 * @property {number | null} p50
 * @property {number | null} p95
 * @property {number | null} p99
 * @property {number | null} max
 */

/**
 * The nearest-rank percentile (the smallest value with at least p % of the values at or below
 * it) of values sorted ascending; null when there are none.
 * @param {readonly number[]} sorted
 * @param {number} p 0..100
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? null;
}

/**
 * p50/p95/p99/max of any values (copied, then sorted).
 * @param {Iterable<number>} values
 * @returns {Distribution}
 */
export function distribution(values) {
  const sorted = Float64Array.from(values).sort();
  const list = Array.from(sorted);
  return {
    count: list.length,
    p50: percentile(list, 50),
    p95: percentile(list, 95),
    p99: percentile(list, 99),
    max: list.at(-1) ?? null,
  };
}

/**
 * Per receipt, how long after its event was produced it arrived (NaN for a receipt without a
 * send time, which the two parallel arrays never have).
 * @param {readonly number[]} sentAt      per receipt, when its event was produced
 * @param {readonly number[]} receivedAt  per receipt, when it arrived (same order)
 */
export function latencies(sentAt, receivedAt) {
  return receivedAt.map((received, index) => received - (sentAt[index] ?? NaN));
}

/**
 * Events per second over a window in milliseconds; null for an empty window.
 * @param {number} count
 * @param {number} ms
 */
export function perSecond(count, ms) {
  return ms > 0 ? (count * 1000) / ms : null;
}

/**
 * value ÷ peer, or null when either is missing or the peer is zero.
 * @param {number | null | undefined} value
 * @param {number | null | undefined} peer
 */
export function ratio(value, peer) {
  if (value === null || value === undefined || peer === null || peer === undefined) return null;
  if (peer === 0) return null;
  return value / peer;
}

/**
 * @typedef {object} Target
 * @property {'>=' | '<='} op
 * @property {number} value
 * @property {'absolute' | 'ratio'} [of] whether the target applies to the value (default) or to
 *   its ratio to the peer named in `peer`
 * @property {string} [peer]
 */

/**
 * Whether a figure meets its target, and by what factor it misses: for `>=` the factor the
 * figure must grow by, for `<=` the factor it must shrink by (1 when met).
 * @param {number | null | undefined} value
 * @param {Target} target
 * @returns {{ met: boolean | null, missBy: number | null }}
 */
export function evaluateTarget(value, target) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return { met: null, missBy: null };
  }
  const met = target.op === '>=' ? value >= target.value : value <= target.value;
  if (met) return { met, missBy: 1 };
  if (target.op === '>=') return { met, missBy: value > 0 ? target.value / value : null };
  return { met, missBy: target.value > 0 ? value / target.value : null };
}

/**
 * The longest pause between consecutive timestamps (ascending or not) inside [from, to], the
 * window's edges included as if they were timestamps; 0 for an empty window.
 * @param {readonly number[]} timestamps
 * @param {number} from
 * @param {number} to
 */
export function longestGap(timestamps, from, to) {
  const inside = timestamps.filter((t) => t >= from && t <= to).sort((a, b) => a - b);
  let previous = from;
  let longest = 0;
  for (const t of [...inside, to]) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  return longest;
}

/**
 * How long after `since` the first receipt of anything sent at or after `since` arrived: the
 * time new traffic took to flow end to end again after a fault ended. null if none arrived.
 * @param {readonly number[]} sentAt      per receipt, when its event was produced
 * @param {readonly number[]} receivedAt  per receipt, when it arrived (same order)
 * @param {number} since
 */
export function timeToFirstNewReceipt(sentAt, receivedAt, since) {
  let first = Infinity;
  for (const [index, sent] of sentAt.entries()) {
    const received = receivedAt[index];
    if (received !== undefined && sent >= since && received < first) first = received;
  }
  return Number.isFinite(first) ? first - since : null;
}
