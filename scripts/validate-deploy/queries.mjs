#!/usr/bin/env node
// @ts-check
// Every PromQL query the deployment ships: the Grafana dashboard's panels and variables, and the
// alert rules (compose's rule file and the PrometheusRule). Each with the metrics it selects, the
// labels it matches on and groups by, and any syntax error.
//
//   node scripts/validate-deploy/queries.mjs          # JSON on stdout
//
// test/deploy-artifacts.e2e-spec.ts runs this and checks every metric against the running apps.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import YAML from 'yaml';
import { analyzePromql, substituteGrafanaVariables } from './promql.mjs';

/**
 * @typedef {import('./support.mjs').Document} Document
 * A shipped query: where it is (`source`), as written (`expr`), as Prometheus can evaluate it
 * (`promql`: Grafana's variables replaced, see substituteGrafanaVariables), and what it selects.
 * @typedef {import('./promql.mjs').PromqlAnalysis & { source: string, expr: string, promql: string }} Query
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DASHBOARD_FILE = 'deploy/grafana/dashboards/hookstream.json';
export const ALERTS_FILE = 'deploy/prometheus/alerts.yml';
export const PROMETHEUS_RULE_FILE = 'k8s/components/monitoring/prometheusrule.yaml';

/**
 * Series that come from elsewhere than the apps' /metrics, allowed in queries by name:
 * Prometheus's own `up`, and kube-state-metrics (part of kube-prometheus-stack).
 */
export const EXTERNAL_METRICS = new Set([
  'up',
  'kube_deployment_status_replicas_available',
  'kube_deployment_spec_replicas',
]);

/** Labels Prometheus attaches to every scraped series (target labels, ServiceMonitor defaults). */
export const TARGET_LABELS = new Set([
  'job',
  'instance',
  'namespace',
  'pod',
  'service',
  'container',
  'endpoint',
]);

/**
 * Every panel of a dashboard, rows' nested panels included.
 * @param {Document} dashboard
 * @returns {Document[]}
 */
export function dashboardPanels(dashboard) {
  /** @type {Document[]} */
  const panels = [];
  const visit = (/** @type {Document[] | undefined} */ list) => {
    for (const panel of list ?? []) {
      panels.push(panel);
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  return panels;
}

/**
 * @param {string} [root] the repository (or a copy of its deploy/ and k8s/ files)
 * @returns {Query[]}
 */
export function collectQueries(root = REPO_ROOT) {
  /** @type {Query[]} */
  const queries = [];
  /**
   * @param {string} source
   * @param {string} expr what is parsed
   * @param {string} [raw] what the file says
   */
  const add = (source, expr, raw = expr) =>
    queries.push({ source, expr: raw, promql: expr, ...analyzePromql(expr) });

  /** @type {Document} */
  const dashboard = JSON.parse(fs.readFileSync(path.join(root, DASHBOARD_FILE), 'utf8'));
  for (const panel of dashboardPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr !== 'string') continue;
      add(
        `${DASHBOARD_FILE} panel "${panel.title}" ${target.refId}`,
        substituteGrafanaVariables(target.expr),
        target.expr,
      );
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const definition = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    // label_values(<selector>, <label>): the selector is PromQL.
    const match = /^label_values\((.*),\s*(\w+)\)$/.exec(definition ?? '');
    const expr = match ? match[1] : definition;
    add(`${DASHBOARD_FILE} variable "${variable.name}"`, substituteGrafanaVariables(expr), expr);
  }

  /** @type {[string, Document][]} */
  const ruleFiles = [
    [ALERTS_FILE, YAML.parse(fs.readFileSync(path.join(root, ALERTS_FILE), 'utf8'))],
    [
      PROMETHEUS_RULE_FILE,
      YAML.parse(fs.readFileSync(path.join(root, PROMETHEUS_RULE_FILE), 'utf8')).spec,
    ],
  ];
  for (const [file, { groups }] of ruleFiles) {
    for (const group of groups ?? []) {
      for (const rule of group.rules ?? []) {
        add(`${file} ${rule.alert ?? rule.record}`, rule.expr);
      }
    }
  }
  return queries;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  parseArgs({ options: {}, strict: true }); // no options: refuse any
  process.stdout.write(
    `${JSON.stringify({ externalMetrics: [...EXTERNAL_METRICS], targetLabels: [...TARGET_LABELS], queries: collectQueries() }, null, 2)}\n`,
  );
}
