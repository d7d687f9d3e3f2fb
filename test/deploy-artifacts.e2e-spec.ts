import { HookstreamMetrics } from '@app/metrics';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { type AppName, Platform } from './support/platform';

/**
 * The deployment artifacts against running apps: every metric the Grafana dashboard and the alert
 * rules query is one the apps register (on the union of the three /metrics), with the labels the
 * queries use; and the probe/healthcheck endpoints answer. The offline checks (schemas,
 * kustomize overlays, compose) are scripts/validate-deploy/validate.mjs.
 */

const REPO_ROOT = path.resolve(__dirname, '..');
const APPS: AppName[] = ['subscriptions', 'fanout', 'delivery'];

interface Selector {
  metric: string | undefined;
  matchers: { label: string; op: string; value: string }[];
}
interface Query {
  source: string;
  expr: string;
  errors: string[];
  selectors: Selector[];
  grouping: string[];
}
interface QueryReport {
  externalMetrics: string[];
  targetLabels: string[];
  queries: Query[];
}

/** The queries of the dashboard and alert rules, read by scripts/validate-deploy/queries.mjs. */
function shippedQueries(): QueryReport {
  const result = spawnSync(process.execPath, ['scripts/validate-deploy/queries.mjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`queries.mjs failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as QueryReport;
}

/** Series names an exposition declares (# TYPE), with the suffixes Prometheus stores. */
function exposedSeries(exposition: string): Map<string, string> {
  const series = new Map<string, string>();
  for (const [, name, type] of exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    // Both groups are required by the pattern.
    if (name === undefined || type === undefined) continue;
    series.set(name, type);
    if (type === 'histogram' || type === 'summary') {
      series.set(`${name}_sum`, type);
      series.set(`${name}_count`, type);
      if (type === 'histogram') series.set(`${name}_bucket`, type);
    }
  }
  return series;
}

describe('deployment artifacts against the running apps', () => {
  let platform: Platform;
  let report: QueryReport;
  const series = new Map<string, string>();
  const metricsText: Partial<Record<AppName, string>> = {};

  beforeAll(async () => {
    report = shippedQueries();
    platform = await Platform.start();
    for (const app of APPS) {
      const response = await fetch(`${platform.url(app)}/metrics`);
      expect(response.status).toBe(200);
      metricsText[app] = await response.text();
      for (const [name, type] of exposedSeries(metricsText[app])) series.set(name, type);
    }
  });

  afterAll(async () => {
    await platform?.close();
  });

  /** Label names of a Hookstream metric, from the registry the apps expose. */
  const labelNames = (metric: string): string[] | undefined => {
    const base = metric.replace(/_(bucket|sum|count)$/, '');
    const registry = platform.apps.get('delivery')!.get(HookstreamMetrics).registry;
    const found = registry.getSingleMetric(metric) ?? registry.getSingleMetric(base);
    if (!found) return undefined;
    const names = (found as unknown as { labelNames?: string[] }).labelNames ?? [];
    return metric.endsWith('_bucket') ? [...names, 'le'] : names;
  };

  it('reads the queries of the dashboard and of the alert rules', () => {
    const sources = report.queries.map((query) => query.source);
    expect(sources.some((source) => source.includes('hookstream.json'))).toBe(true);
    expect(sources.some((source) => source.includes('alerts.yml'))).toBe(true);
    expect(sources.some((source) => source.includes('prometheusrule.yaml'))).toBe(true);
    for (const query of report.queries)
      expect({ source: query.source, errors: query.errors }).toEqual({
        source: query.source,
        errors: [],
      });
  });

  it('queries only metrics that the apps expose (union of the three /metrics)', () => {
    const missing: string[] = [];
    for (const query of report.queries) {
      for (const { metric } of query.selectors) {
        if (!metric) missing.push(`${query.source}: a selector without a metric name`);
        else if (!series.has(metric) && !report.externalMetrics.includes(metric)) {
          missing.push(`${query.source}: ${metric}`);
        }
      }
    }
    expect(missing).toEqual([]);
    // The list, by name, on the running apps.
    for (const name of [
      'hookstream_delivery_attempts_total',
      'hookstream_delivery_attempt_duration_seconds_bucket',
      'hookstream_delivery_end_to_end_seconds_bucket',
      'hookstream_retries_scheduled_total',
      'hookstream_messages_exhausted_total',
      'hookstream_webhooks_disabled_total',
      'hookstream_fanout_events_total',
      'hookstream_invalid_events_total',
      'hookstream_fanout_messages_total',
      'hookstream_consumer_lag',
      'process_resident_memory_bytes',
      'process_cpu_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect({ name, exposed: series.has(name) }).toEqual({ name, exposed: true });
    }
  });

  it('filters and groups only by labels the metrics have (or Prometheus adds)', () => {
    const wrong: string[] = [];
    for (const query of report.queries) {
      const own = query.selectors.filter(({ metric }) => metric?.startsWith('hookstream_'));
      const available = new Set(report.targetLabels);
      for (const { metric } of own)
        for (const label of labelNames(metric!) ?? []) available.add(label);
      for (const { metric, matchers } of own) {
        const labels = new Set([...(labelNames(metric!) ?? []), ...report.targetLabels]);
        for (const { label } of matchers) {
          if (!labels.has(label)) wrong.push(`${query.source}: ${metric} has no label ${label}`);
        }
      }
      // Grouping over only external or default metrics (up, process_*) uses target labels.
      const onlyOwn = query.selectors.every(({ metric }) => metric?.startsWith('hookstream_'));
      for (const label of onlyOwn ? query.grouping : []) {
        if (!available.has(label)) wrong.push(`${query.source}: groups by unknown label ${label}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('takes quantiles only of histogram buckets, grouped by le', () => {
    const wrong: string[] = [];
    for (const query of report.queries.filter((q) => q.expr.includes('histogram_quantile'))) {
      for (const { metric } of query.selectors) {
        if (!metric?.endsWith('_bucket') || series.get(metric) !== 'histogram') {
          wrong.push(`${query.source}: ${metric} is not a histogram bucket`);
        }
      }
      if (!query.grouping.includes('le')) wrong.push(`${query.source}: not grouped by le`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers the probes of Kubernetes and the healthchecks of docker-compose', async () => {
    const compose = fs.readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    for (const app of APPS) {
      for (const probe of ['/health/live', '/health/ready']) {
        expect({
          app,
          probe,
          status: (await fetch(`${platform.url(app)}${probe}`)).status,
        }).toEqual({ app, probe, status: 200 });
      }
      // The compose healthcheck command itself (node -e "fetch(…)"), pointed at this app.
      const port = { subscriptions: 3000, fanout: 3001, delivery: 3002 }[app];
      const script = new RegExp(
        `"(fetch\\('http://127\\.0\\.0\\.1:${port}/health/ready'\\)[^"]*)"`,
      ).exec(compose)?.[1];
      expect(script).toBeDefined();
      const url = new URL(platform.url(app));
      // Asynchronously: the apps answer from this very process.
      const exit = await new Promise<number | null>((resolve) => {
        const child = execFile(
          process.execPath,
          ['-e', script!.replace(`127.0.0.1:${port}`, url.host)],
          { timeout: 10_000 },
        );
        child.on('exit', (code) => resolve(code));
      });
      expect({ app, exit }).toEqual({ app, exit: 0 });
    }
  });
});
