// @ts-check
// The Grafana dashboard and the alert rules: structure, PromQL syntax, the panels the
// operators need, and compose's rule file equal to the Kubernetes PrometheusRule.
import { isDeepStrictEqual } from 'node:util';
import { analyzePromql } from './promql.mjs';
import {
  ALERTS_FILE,
  DASHBOARD_FILE,
  PROMETHEUS_RULE_FILE,
  collectQueries,
  dashboardPanels,
} from './queries.mjs';
import { readJson, readYaml } from './support.mjs';

/**
 * What the dashboard must show (the list): a metric, and what its query must contain.
 * @type {[string, RegExp][]}
 */
const REQUIRED_PANELS = [
  ['hookstream_delivery_attempts_total', /sum by \(outcome\)/],
  ['hookstream_delivery_attempts_total', /outcome="success"/],
  ['hookstream_delivery_attempt_duration_seconds_bucket', /histogram_quantile\(0\.5,/],
  ['hookstream_delivery_attempt_duration_seconds_bucket', /histogram_quantile\(0\.95,/],
  ['hookstream_delivery_attempt_duration_seconds_bucket', /histogram_quantile\(0\.99,/],
  ['hookstream_delivery_end_to_end_seconds_bucket', /histogram_quantile\(0\.99,/],
  ['hookstream_retries_scheduled_total', /by \(tier\)/],
  ['hookstream_messages_exhausted_total', /./],
  ['hookstream_webhooks_disabled_total', /by \(reason\)/],
  ['hookstream_fanout_events_total', /by \(outcome\)/],
  ['hookstream_fanout_messages_total', /./],
  ['hookstream_consumer_lag', /topic/],
  ['process_resident_memory_bytes', /./],
  ['process_cpu_seconds_total', /rate\(/],
  ['nodejs_eventloop_lag_seconds', /./],
];

/** @typedef {import('./support.mjs').Document} Document */

/** @param {import('./support.mjs').Check} check */
export function dashboardChecks(check) {
  check('dashboard: valid Grafana JSON with unique panels inside the grid', (fail) => {
    const dashboard = readJson(DASHBOARD_FILE);
    if (dashboard.uid !== 'hookstream' || !dashboard.title)
      fail('uid must be "hookstream", with a title');
    if ('__inputs' in dashboard) fail('__inputs is for manual import; provisioning needs none');
    const ids = new Set();
    for (const panel of dashboardPanels(dashboard)) {
      if (ids.has(panel.id)) fail(`panel id ${panel.id} is used twice`);
      ids.add(panel.id);
      const { x, y, w, h } = panel.gridPos ?? {};
      if (![x, y, w, h].every(Number.isInteger) || x < 0 || x + w > 24 || w < 1 || h < 1) {
        fail(
          `panel "${panel.title}": gridPos ${JSON.stringify(panel.gridPos)} is off the 24-column grid`,
        );
      }
      if (panel.type === 'row') continue;
      if (!panel.title) fail(`panel ${panel.id} has no title`);
      if (!panel.targets?.length) fail(`panel "${panel.title}" has no query`);
      for (const target of [panel, ...(panel.targets ?? [])]) {
        if (target.datasource?.uid !== '${datasource}') {
          fail(
            `panel "${panel.title}": data source ${JSON.stringify(target.datasource)} is not \${datasource}`,
          );
        }
      }
      const refIds = (panel.targets ?? []).map((/** @type {Document} */ target) => target.refId);
      if (new Set(refIds).size !== refIds.length) fail(`panel "${panel.title}": refIds repeat`);
    }
    const variable = dashboard.templating?.list?.find(
      (/** @type {Document} */ item) => item.name === 'datasource',
    );
    if (variable?.type !== 'datasource' || variable.query !== 'prometheus') {
      fail('no `datasource` variable of type datasource (prometheus)');
    }
  });

  check('dashboard and alert rules: every query is valid PromQL', (fail) => {
    for (const query of collectQueries()) {
      for (const error of query.errors) fail(`${query.source}: ${error}`);
      if (query.selectors.length === 0) fail(`${query.source}: selects no metric`);
    }
    // The parser does report errors (a guard against a grammar that accepts anything).
    if (analyzePromql('sum(rate(x[5m])').errors.length === 0)
      fail('the PromQL parser accepts garbage');
  });

  check('dashboard: shows every panel the operators need', (fail) => {
    const queries = collectQueries().filter((query) => query.source.startsWith(DASHBOARD_FILE));
    for (const [metric, pattern] of REQUIRED_PANELS) {
      const found = queries.some(
        (query) =>
          query.selectors.some((selector) => selector.metric === metric) &&
          pattern.test(query.expr),
      );
      if (!found) fail(`no query of ${metric} matching ${pattern}`);
    }
  });

  check('alert rules: compose rule file and PrometheusRule are identical and complete', (fail) => {
    const compose = readYaml(ALERTS_FILE);
    const kubernetes = readYaml(PROMETHEUS_RULE_FILE);
    if (!isDeepStrictEqual(compose.groups, kubernetes.spec.groups)) {
      fail(`${ALERTS_FILE} and ${PROMETHEUS_RULE_FILE} differ`);
    }
    /** @type {Document[]} */
    const rules = compose.groups.flatMap((/** @type {Document} */ group) => group.rules);
    const metricsOf = (/** @type {Document} */ rule) =>
      analyzePromql(rule.expr).selectors.map((s) => s.metric);
    const expected = {
      'high failure rate': 'hookstream_delivery_attempts_total',
      'consumer lag growing': 'hookstream_consumer_lag',
      'exhausted messages': 'hookstream_messages_exhausted_total',
      'webhooks disabled': 'hookstream_webhooks_disabled_total',
      'app not ready': 'kube_deployment_status_replicas_available',
      'app down': 'up',
    };
    for (const [what, metric] of Object.entries(expected)) {
      if (!rules.some((rule) => metricsOf(rule).includes(metric)))
        fail(`no alert for ${what} (${metric})`);
    }
    for (const rule of rules) {
      if (!rule.alert || !rule.labels?.severity || !rule.annotations?.summary) {
        fail(
          `rule ${rule.alert ?? rule.expr}: needs alert, labels.severity and annotations.summary`,
        );
      }
    }
  });
}
