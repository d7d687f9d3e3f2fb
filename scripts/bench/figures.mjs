// @ts-check
// A benchmark figure: Hookstream's value, the same figure for each peer measured in the same
// run, and the targets of issue 9 it is held to. Pure, so the table is unit-tested.
import { evaluateTarget, ratio } from '../scenarios/stats.mjs';
import { formatNumber, formatRatio } from '../scenarios/report.mjs';

/** The peers, in table order. `without` is Hookstream itself under easier conditions. */
export const PEERS = /** @type {const} */ (['limit', 'bullmq', 'floor', 'without']);

/**
 * @typedef {import('../scenarios/stats.mjs').Target} Target
 * @typedef {object} Figure
 * @property {string} scenario
 * @property {string} metric
 * @property {string} unit
 * @property {number | null} value
 * @property {Partial<Record<typeof PEERS[number], number | null>>} [peers]
 * @property {Target[]} [targets]
 * @property {string} [note]
 */

/**
 * A target in words: `≤ 100 ms`, `≥ 0.2× limit`.
 * @param {Target} target
 * @param {string} unit
 */
export function describeTarget(target, unit) {
  const op = target.op === '>=' ? '≥' : '≤';
  return target.of === 'ratio'
    ? `${op} ${formatRatio(target.value)} ${target.peer}`
    : `${op} ${formatNumber(target.value)} ${unit}`.trimEnd();
}

/**
 * Every target of a figure checked; `met` is null for a figure without targets or value.
 * @param {Figure} figure
 */
export function evaluateFigure(figure) {
  const checks = (figure.targets ?? []).map((target) => {
    const value =
      target.of === 'ratio'
        ? ratio(figure.value, figure.peers?.[/** @type {typeof PEERS[number]} */ (target.peer)])
        : figure.value;
    const { met, missBy } = evaluateTarget(value, target);
    return { target: describeTarget(target, figure.unit), met, missBy };
  });
  const met =
    checks.length === 0 || checks.some((check) => check.met === null)
      ? null
      : checks.every((check) => check.met);
  return { checks, met };
}

export const TABLE_HEADER = [
  'scenario',
  'metric',
  'hookstream',
  ...PEERS.map((peer) => `${peer} (ratio)`),
  'target',
  'met',
];

/**
 * One table row per figure: the peer columns show the peer's value and Hookstream ÷ peer.
 * @param {Figure} figure
 */
export function figureRow(figure) {
  const { checks, met } = evaluateFigure(figure);
  /** @param {number | null | undefined} value */
  const withUnit = (value) =>
    value === null || value === undefined ? '—' : `${formatNumber(value)} ${figure.unit}`.trimEnd();
  return [
    figure.scenario,
    figure.metric,
    withUnit(figure.value),
    ...PEERS.map((peer) => {
      const value = figure.peers?.[peer];
      if (value === undefined) return '';
      return `${withUnit(value)} (${formatRatio(ratio(figure.value, value))})`;
    }),
    checks.map((check) => check.target).join(', '),
    met === null
      ? ''
      : met
        ? 'met'
        : `missed (${checks
            .filter((check) => check.met === false)
            .map((check) => (check.missBy ? `${formatRatio(check.missBy)} off` : 'no value'))
            .join(', ')})`,
  ];
}

/** @param {Figure[]} figures */
export function figureRows(figures) {
  return figures.map(figureRow);
}
