// @ts-check
// PromQL as the dashboard and the alert rules use it, read with the Prometheus project's own
// grammar (@prometheus-io/lezer-promql, the parser of the Prometheus UI's editor): syntax errors,
// the metrics each query selects (with their label matchers) and the labels it groups by.
import { parser } from '@prometheus-io/lezer-promql';

/**
 * Grafana's variables, replaced by something of the same PromQL type before parsing.
 * @param {string} expr
 */
export function substituteGrafanaVariables(expr) {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)/g, '.*');
}

/**
 * @typedef {{ label: string, op: string, value: string }} Matcher
 * @typedef {{ metric: string | undefined, matchers: Matcher[] }} Selector
 * @typedef {{ errors: string[], selectors: Selector[], grouping: string[] }} PromqlAnalysis
 */

/**
 * @param {string} expr
 * @returns {PromqlAnalysis}
 */
export function analyzePromql(expr) {
  const tree = parser.parse(expr);
  /** @type {string[]} */
  const errors = [];
  /** @type {Selector[]} */
  const selectors = [];
  /** @type {string[]} */
  const grouping = [];
  const text = (/** @type {{ from: number, to: number }} */ node) => expr.slice(node.from, node.to);
  tree.iterate({
    enter(ref) {
      if (ref.type.isError) {
        errors.push(
          `syntax error at ${ref.from}: …${expr.slice(Math.max(0, ref.from - 20), ref.from + 20)}…`,
        );
        return;
      }
      if (ref.name === 'VectorSelector') {
        const node = ref.node;
        const identifier = node.getChild('Identifier');
        /** @type {Matcher[]} */
        const matchers = [];
        const list = node.getChild('LabelMatchers');
        for (const matcher of list ? list.getChildren('UnquotedLabelMatcher') : []) {
          const label = matcher.getChild('LabelName');
          const op = matcher.getChild('MatchOp');
          const value = matcher.getChild('StringLiteral');
          matchers.push({
            label: label ? text(label) : '',
            op: op ? text(op) : '',
            value: value ? unquote(text(value)) : '',
          });
        }
        const byName = matchers.find((m) => m.label === '__name__' && m.op === '=');
        selectors.push({ metric: identifier ? text(identifier) : byName?.value, matchers });
        return false;
      }
      if (ref.name === 'GroupingLabels') {
        for (const label of ref.node.getChildren('LabelName')) grouping.push(text(label));
        return false;
      }
      return undefined;
    },
  });
  return { errors, selectors, grouping };
}

/** @param {string} literal */
function unquote(literal) {
  if (literal.startsWith('`')) return literal.slice(1, -1);
  try {
    return String(JSON.parse(literal.startsWith("'") ? `"${literal.slice(1, -1)}"` : literal));
  } catch {
    return literal.slice(1, -1);
  }
}
