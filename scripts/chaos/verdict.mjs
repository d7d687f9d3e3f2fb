// @ts-check
// What a chaos scenario measured, judged against issue 8's targets, and the table row it
// prints. Pure, so it is unit-tested.
import { formatNumber } from '../scenarios/report.mjs';

/**
 * @typedef {object} Measurement
 * @property {number} expected        deliveries that must arrive (valid events × healthy webhooks)
 * @property {number} delivered       distinct messages answered 2xx
 * @property {number} duplicates      2xx answers beyond the first per message
 * @property {number | null} p99Ms    event → first receipt
 * @property {number | null} recoverMs  see `recoverWhat`
 * @property {string} recoverWhat     what recoverMs measures in this scenario
 * @property {boolean} stalled        nothing arrived for the idle limit while deliveries were missing
 * @property {boolean} logComplete    every delivered message is `delivered` with a successful attempt in PostgreSQL
 * @property {number | null} logLagMs how long after the traffic ended the log was complete
 * @property {Array<{ name: string, pass: boolean, detail: string }>} [extra]  scenario-specific checks
 */

/**
 * @typedef {object} Targets
 * @property {number} [maxDuplicateRatio]  e.g. 0.01
 * @property {number} [maxRecoverMs]
 */

/**
 * The checks of one scenario: nothing lost, no stall, the log complete, duplicates and recovery
 * within their targets where the scenario has them, and its own extra checks.
 * @param {Measurement} m
 * @param {Targets} targets
 */
export function judge(m, targets) {
  const lost = Math.max(0, m.expected - m.delivered);
  const duplicateRatio = m.delivered > 0 ? m.duplicates / m.delivered : 0;
  const checks = [
    { name: 'nothing lost', pass: lost === 0, detail: `${lost} lost` },
    {
      name: 'no stall',
      pass: !m.stalled,
      detail: m.stalled ? 'deliveries stopped with work left' : 'kept going',
    },
    {
      name: 'attempt log complete',
      pass: m.logComplete,
      detail: m.logComplete ? 'complete' : 'incomplete',
    },
  ];
  if (targets.maxDuplicateRatio !== undefined) {
    checks.push({
      name: `duplicates ≤ ${(targets.maxDuplicateRatio * 100).toFixed(0)} %`,
      pass: duplicateRatio <= targets.maxDuplicateRatio,
      detail: `${(duplicateRatio * 100).toFixed(2)} %`,
    });
  }
  if (targets.maxRecoverMs !== undefined) {
    checks.push({
      name: `${m.recoverWhat} ≤ ${formatNumber(targets.maxRecoverMs / 1000)} s`,
      pass: m.recoverMs !== null && m.recoverMs <= targets.maxRecoverMs,
      detail: m.recoverMs === null ? 'never' : `${formatNumber(m.recoverMs / 1000)} s`,
    });
  }
  checks.push(...(m.extra ?? []));
  return { lost, duplicateRatio, checks, pass: checks.every((check) => check.pass) };
}

export const CHAOS_HEADER = [
  'scenario',
  'expected',
  'delivered',
  'lost',
  'dups',
  'dup %',
  'p99',
  'recover',
  'log',
  'result',
];

/**
 * @param {string} name
 * @param {Measurement} m
 * @param {ReturnType<typeof judge>} verdict
 */
export function chaosRow(name, m, verdict) {
  const failed = verdict.checks.filter((check) => !check.pass);
  return [
    name,
    formatNumber(m.expected),
    formatNumber(m.delivered),
    formatNumber(verdict.lost),
    formatNumber(m.duplicates),
    `${(verdict.duplicateRatio * 100).toFixed(2)} %`,
    m.p99Ms === null ? '—' : `${formatNumber(m.p99Ms)} ms`,
    m.recoverMs === null ? '—' : `${formatNumber(m.recoverMs / 1000)} s`,
    m.logComplete ? 'complete' : 'INCOMPLETE',
    verdict.pass
      ? 'pass'
      : `FAIL: ${failed.map((check) => `${check.name} (${check.detail})`).join('; ')}`,
  ];
}

/**
 * A small seeded generator (mulberry32), so a run's kill times can be repeated.
 * @param {number} seed
 */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Offsets (ms from the start) of faults every `minMs`–`maxMs` inside `durationMs`, leaving the
 * last `quietMs` without one so the platform has time to show it recovered.
 * @param {() => number} random
 * @param {{ durationMs: number, minMs: number, maxMs: number, quietMs: number }} shape
 */
export function faultTimes(random, { durationMs, minMs, maxMs, quietMs }) {
  const times = [];
  for (
    let at = minMs + random() * (maxMs - minMs);
    at <= durationMs - quietMs;
    at += minMs + random() * (maxMs - minMs)
  ) {
    times.push(Math.round(at));
  }
  return times;
}
