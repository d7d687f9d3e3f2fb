import { Topics } from '@app/contract';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { type ApiClient, newTenant } from '../support/api-client';
import { freePort } from '../support/child-app';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { connectedProducer } from '../support/kafka';

/**
 * The Grafana dashboard and the alert rules on real data: a real Prometheus (Debian's package;
 * npm test installs it) scrapes the three apps every second while they deliver successes,
 * retries, a dead letter and a 410, then evaluates every dashboard panel query and every alert
 * expression, and the alerts that this traffic must fire do. RETRY_SCHEDULE is 500ms,1s,2s here.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Free ports, taken when the file starts: Prometheus's own, and one nothing listens on. */
let prometheusPort = 0;
/** A scrape target nothing listens on: what HookstreamAppDown is about. */
let unreachableTarget = '';
const APPS = ['subscriptions', 'fanout', 'delivery'] as const;
/** Jobs of the shipped Prometheus configuration: the apps, and the projector deployment. */
const SHIPPED_JOBS = APPS.length + 1;

interface Query {
  source: string;
  expr: string;
  promql: string;
}
interface Series {
  metric: Record<string, string>;
  value: [number, string];
}
interface Alert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}

/** The dashboard's and the alert rules' queries, read by scripts/validate-deploy/queries.mjs. */
function shippedQueries(): Query[] {
  const result = spawnSync(process.execPath, ['scripts/validate-deploy/queries.mjs'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`queries.mjs failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { queries: Query[] }).queries;
}

/** Compose's Prometheus configuration, pointed at the apps of this test and scraping every second. */
function prometheusConfig(targets: Record<string, string>): string {
  const config = YAML.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'deploy/prometheus/prometheus.yml'), 'utf8'),
  ) as {
    global: Record<string, string>;
    rule_files: string[];
    scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
  };
  config.global = { scrape_interval: '1s', evaluation_interval: '1s' };
  config.rule_files = [path.join(REPO_ROOT, 'deploy/prometheus/alerts.yml')];
  for (const job of config.scrape_configs) {
    const target = targets[job.job_name];
    if (!target) throw new Error(`no target for the shipped job ${job.job_name}`);
    job.static_configs = [{ targets: [target] }];
  }
  config.scrape_configs.push({
    job_name: 'hookstream-unreachable',
    static_configs: [{ targets: [unreachableTarget] }],
  });
  return YAML.stringify(config);
}

class Prometheus {
  private constructor(
    private readonly process: ChildProcess,
    private readonly dir: string,
    readonly url: string,
  ) {}

  static async start(config: string): Promise<Prometheus> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookstream-prometheus-'));
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
    const child = spawn(
      'prometheus',
      [
        `--config.file=${path.join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${path.join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${prometheusPort}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', process.env.E2E_LOGS === '1' ? 'inherit' : 'ignore'] },
    );
    const prometheus = new Prometheus(child, dir, `http://127.0.0.1:${prometheusPort}`);
    const spawned = new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error) =>
        reject(new Error(`cannot run prometheus (apt-get install prometheus): ${error.message}`)),
      );
    });
    await spawned;
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}`);
      const ready = await fetch(`${prometheus.url}/-/ready`).catch(() => undefined);
      return ready?.ok ? true : undefined;
    }, 30_000);
    return prometheus;
  }

  async query(promql: string): Promise<Series[]> {
    const response = await fetch(`${this.url}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await response.json()) as {
      status: string;
      error?: string;
      data: { resultType: string; result: Series[] };
    };
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`);
    if (body.data.resultType !== 'vector') throw new Error(`${promql}: ${body.data.resultType}`);
    return body.data.result;
  }

  async alerts(): Promise<Alert[]> {
    const response = await fetch(`${this.url}/api/v1/alerts`);
    return ((await response.json()) as { data: { alerts: Alert[] } }).data.alerts;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

const values = (series: Series[]) => series.map((s) => Number(s.value[1]));
const labelValues = (series: Series[], label: string) => series.map((s) => s.metric[label]).sort();

describe('monitoring on a real Prometheus', () => {
  const harness = useHarness();
  let prometheus: Prometheus;
  let queries: Query[];

  /**
   * What each panel query must show after this traffic; every one must return a finite value.
   * Label sets are "at least": jobs other files left in the retry tiers may add outcomes (an
   * `error` against their closed receivers) to the same apps.
   */
  const expectations: Array<[RegExp, (series: Series[]) => void]> = [
    // Every shipped job's target answers; the unreachable one does not.
    [/panel "Targets up"/, (s) => expect(values(s)).toEqual([SHIPPED_JOBS])],
    [
      /panel "Success rate"/,
      (s) => {
        for (const value of values(s)) expect(value > 0 && value < 1).toBe(true);
      },
    ],
    [
      /panel "Deliveries per second by outcome"/,
      (s) =>
        expect(labelValues(s, 'outcome')).toEqual(expect.arrayContaining(['failure', 'success'])),
    ],
    [
      /panel "Responses by status class"/,
      (s) =>
        expect(labelValues(s, 'status_class')).toEqual(
          expect.arrayContaining(['2xx', '4xx', '5xx']),
        ),
    ],
    [
      /panel "Attempt latency p95 by outcome"/,
      (s) => {
        for (const outcome of ['success', 'failure']) {
          const p95 = Number(s.find((one) => one.metric.outcome === outcome)?.value[1]);
          expect({ outcome, finite: Number.isFinite(p95) }).toEqual({ outcome, finite: true });
        }
      },
    ],
    [
      /panel "Attempts by attempt number"/,
      (s) =>
        expect(labelValues(s, 'attempt')).toEqual(expect.arrayContaining(['1', '2', '3', '4'])),
    ],
    [
      /panel "Retries scheduled per tier"/,
      (s) => expect(labelValues(s, 'tier')).toEqual(expect.arrayContaining(['1', '2', '3'])),
    ],
    [
      /panel "Webhooks disabled by reason"/,
      (s) => {
        expect(labelValues(s, 'reason')).toEqual(['exhausted', 'gone']);
        for (const value of values(s)) expect(value).toBeGreaterThan(0);
      },
    ],
    [
      /panel "Events by outcome"/,
      (s) => {
        expect(labelValues(s, 'outcome')).toEqual(['invalid', 'no_match', 'routed']);
        for (const value of values(s)) expect(value).toBeGreaterThan(0);
      },
    ],
    [
      /panel "Invalid events by reason"/,
      (s) =>
        expect(
          Number(s.find((series) => series.metric.reason === 'not_json')?.value[1]),
        ).toBeGreaterThan(0),
    ],
    [
      /panel "Consumer lag per topic"/,
      (s) =>
        expect(labelValues(s, 'topic')).toEqual(
          expect.arrayContaining([Topics.events, Topics.deliveries, Topics.attempts]),
        ),
    ],
    [
      /panel "Kafka requests \/ s by API"/,
      (s) =>
        expect(labelValues(s, 'api')).toEqual(
          expect.arrayContaining(['Fetch', 'Heartbeat', 'OffsetCommit', 'Produce']),
        ),
    ],
    [/panel "(Resident memory|CPU)"/, (s) => expect(s).toHaveLength(SHIPPED_JOBS)],
    [/variable "namespace"/, (s) => expect(s.length).toBeGreaterThanOrEqual(APPS.length)],
  ];

  /** What each alert expression returns after this traffic. */
  const alertExpectations: Record<string, (series: Series[]) => void> = {
    // Prometheus sees 60 of the 120 later attempts fail: above the 0.1 attempts/s floor over 10 min.
    HookstreamDeliveryFailureRateHigh: (s) => expect(values(s)[0]).toBeGreaterThan(0.25),
    // A handful of records, nowhere near 1000 behind.
    HookstreamConsumerLagGrowing: (s) => expect(s).toEqual([]),
    HookstreamMessagesExhausted: (s) => expect(values(s)[0]).toBeGreaterThan(0),
    HookstreamWebhooksDisabled: (s) =>
      expect(labelValues(s, 'reason')).toEqual(['exhausted', 'gone']),
    HookstreamAppDown: (s) =>
      expect(s.map((series) => series.metric.instance)).toEqual([unreachableTarget]),
    // kube-state-metrics' series exist only in Kubernetes.
    HookstreamAppNotReady: (s) => expect(s).toEqual([]),
  };

  beforeAll(async () => {
    prometheusPort = await freePort();
    unreachableTarget = `127.0.0.1:${await freePort()}`;
    queries = shippedQueries();
    const targets: Record<string, string> = {
      prometheus: `127.0.0.1:${prometheusPort}`,
    };
    for (const app of APPS) targets[`hookstream-${app}`] = new URL(harness.platform.url(app)).host;
    // This test's subscriptions runs every role: it is the projector deployment's target too.
    targets['hookstream-projector'] = new URL(harness.platform.url('subscriptions')).host;
    prometheus = await Prometheus.start(prometheusConfig(targets));
    // Every target scraped once before the traffic, so that counters are seen rising from 0.
    await eventually(
      async () => ((await prometheus.query('up')).length === SHIPPED_JOBS + 2 ? true : undefined),
      20_000,
    );
    await sendTraffic();
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  async function webhook(client: ApiClient, receiverPath: string, events: string[]) {
    const created = await client.post('/v1/webhooks', {
      url: `${harness.receiver.url}${receiverPath}`,
      events,
    });
    expect(created.status).toBe(201);
  }

  /**
   * 31 events delivered at once, 31 that fail twice and succeed on their third attempt, one that
   * exhausts its retries (dead letter, webhook disabled), one answered 410 Gone (webhook
   * disabled), one for a company without webhooks and one that is not JSON: 129 attempts.
   *
   * One delivered and one flaky event go first, alone: Prometheus cannot see the increments that
   * create a series (its first sample already holds them), and the attempt counters' event_type
   * label is open, so their series cannot be exported at 0 beforehand. The other 120 attempts
   * then land on series Prometheus already has.
   */
  async function sendTraffic() {
    const failuresOf = new Map<string, number>();
    harness.receiver.respondWith((request, response) => {
      const messageId = String(request.headers['webhook-id']);
      if (request.path === '/flaky') {
        const failures = failuresOf.get(messageId) ?? 0;
        failuresOf.set(messageId, failures + 1);
        return void response.writeHead(failures < 2 ? 503 : 200).end();
      }
      const status = { '/ok': 204, '/down': 500, '/gone': 410 }[request.path] ?? 404;
      response.writeHead(status).end();
    });
    const { client } = await newTenant(harness.admin, 'monitoring');
    await webhook(client, '/ok', ['user.create']);
    await webhook(client, '/flaky', ['user.update']);
    await webhook(client, '/down', ['transaction.create']);
    await webhook(client, '/gone', ['account.create']);
    const send = async (api: ApiClient, id: string, event: string) =>
      expect((await api.post('/v1/events', { id, event, data: { id } })).status).toBe(202);
    const count = (p: string) => (r: { path: string }) => r.path === p;
    await send(client, 'evt_ok_first', 'user.create');
    await send(client, 'evt_flaky_first', 'user.update');
    await harness.receiver.waitFor(1, 30_000, count('/ok'));
    await harness.receiver.waitFor(3, 30_000, count('/flaky'));
    const firstSeries = [
      'event_type="user.create",outcome="success",attempt="1"',
      'event_type="user.update",outcome="failure",attempt="1"',
      'event_type="user.update",outcome="failure",attempt="2"',
      'event_type="user.update",outcome="success",attempt="3"',
    ];
    await eventually(async () => {
      const found = await Promise.all(
        firstSeries.map((labels) =>
          prometheus.query(
            `hookstream_delivery_attempts_total{job="hookstream-delivery",${labels}}`,
          ),
        ),
      );
      return found.every((series) => series.length === 1) ? true : undefined;
    }, 30_000);

    for (let i = 0; i < 30; i++) {
      await send(client, `evt_ok_${i}`, 'user.create');
      await send(client, `evt_flaky_${i}`, 'user.update');
    }
    await send(client, 'evt_down', 'transaction.create');
    await send(client, 'evt_gone', 'account.create');
    const { client: lonely } = await newTenant(harness.admin, 'no-webhooks');
    await send(lonely, 'evt_nobody', 'user.create');
    const producer = await connectedProducer();
    await producer.send({ topic: Topics.events, messages: [{ value: 'this is not JSON' }] });
    await producer.disconnect();

    await harness.receiver.waitFor(31, 30_000, count('/ok'));
    await harness.receiver.waitFor(93, 30_000, count('/flaky'));
    await harness.receiver.waitFor(4, 30_000, count('/down'));
    await harness.receiver.waitFor(1, 30_000, count('/gone'));
    // Scraped after the last of it: both disabled webhooks, the dead letter, every attempt.
    await eventually(async () => {
      const [disabled, exhausted, attempts] = await Promise.all([
        prometheus.query('hookstream_webhooks_disabled_total{job="hookstream-subscriptions"} > 0'),
        prometheus.query('hookstream_messages_exhausted_total{job="hookstream-delivery"} > 0'),
        prometheus.query('sum(hookstream_delivery_attempts_total{job="hookstream-delivery"})'),
      ]);
      return disabled.length === 2 && exhausted.length === 1 && (values(attempts)[0] ?? 0) >= 129
        ? true
        : undefined;
    }, 30_000);
    // Two more scrapes of every app, so that rate() has two samples of the series the last
    // attempts created.
    const seen = Date.now() / 1000;
    await eventually(async () => {
      const scraped = await prometheus.query(
        'min(timestamp(up{job=~"hookstream-(subscriptions|fanout|delivery)"}))',
      );
      return (values(scraped)[0] ?? 0) > seen + 1 ? true : undefined;
    }, 10_000);
  }

  it('evaluates every dashboard panel query: each returns series, as the traffic says', async () => {
    const dashboard = queries.filter((query) => query.source.includes('hookstream.json'));
    expect(dashboard.length).toBeGreaterThanOrEqual(25);
    for (const query of dashboard) {
      const series = await prometheus.query(query.promql);
      expect({ query: query.source, returnsSeries: series.length > 0 }).toEqual({
        query: query.source,
        returnsSeries: true,
      });
      // Some series may be NaN (a quantile or ratio of an outcome nobody had lately), not all.
      expect({ query: query.source, finite: values(series).some(Number.isFinite) }).toEqual({
        query: query.source,
        finite: true,
      });
      for (const [source, expectation] of expectations) {
        if (source.test(query.source)) expectation(series);
      }
    }
  });

  it('evaluates every alert expression (both rule files) to what the traffic implies', async () => {
    const rules = queries.filter((query) => !query.source.includes('hookstream.json'));
    const names = new Set(rules.map((query) => query.source.split(' ').pop()));
    expect([...names].sort()).toEqual(Object.keys(alertExpectations).sort());
    for (const query of rules) {
      const alert = query.source.split(' ').pop()!;
      const series = await prometheus.query(query.promql);
      try {
        alertExpectations[alert]!(series);
      } catch (error) {
        throw new Error(`${query.source} → ${JSON.stringify(series)}: ${String(error)}`);
      }
    }
  });

  it('fires the alerts this traffic calls for, and holds those with a `for` pending', async () => {
    const alerts = await eventually(async () => {
      const current = await prometheus.alerts();
      const states = (name: string) =>
        current.filter((a) => a.labels.alertname === name).map((a) => a.state);
      return states('HookstreamMessagesExhausted').includes('firing') &&
        states('HookstreamWebhooksDisabled').filter((s) => s === 'firing').length === 2 &&
        states('HookstreamDeliveryFailureRateHigh').length > 0 &&
        states('HookstreamAppDown').length > 0
        ? current
        : undefined;
    }, 20_000);
    const summary = alerts
      .map((a) => `${a.labels.alertname}${a.labels.reason ? `/${a.labels.reason}` : ''} ${a.state}`)
      .sort();
    expect(summary).toEqual([
      'HookstreamAppDown pending',
      'HookstreamDeliveryFailureRateHigh pending',
      'HookstreamMessagesExhausted firing',
      'HookstreamWebhooksDisabled/exhausted firing',
      'HookstreamWebhooksDisabled/gone firing',
    ]);
  });
});
