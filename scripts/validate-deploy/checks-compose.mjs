// @ts-check
// docker-compose.yml and what it mounts: the compose-spec schema, then what the services need of
// each other, the apps' environment (validated by their own schemas), Prometheus and Grafana.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Ajv } from 'ajv';
import {
  APP_PORTS,
  APPS,
  appConfigProblems,
  imageEnv,
  interpolate,
  readText,
  readYaml,
  repoPath,
} from './support.mjs';

/** @typedef {import('./support.mjs').Document} Document */

const require = createRequire(import.meta.url);
/**
 * The official Compose Specification schema (compose-spec/compose-spec, schema/compose-spec.json,
 * the schema `docker compose` itself validates with), as shipped in the npm package dclint under
 * schemas/compose.schema.json.
 */
const COMPOSE_SCHEMA_FILE = path.join(
  path.dirname(require.resolve('dclint/package.json')),
  'schemas',
  'compose.schema.json',
);

export const COMPOSE_FILE = 'docker-compose.yml';

/**
 * The compose file as `docker compose` sees it with no variable set: every default applied.
 * @returns {import('./support.mjs').Document}
 */
export function composeWithDefaults() {
  return interpolate(readYaml(COMPOSE_FILE), {});
}

/** @param {import('./support.mjs').Check} check */
export function composeChecks(check) {
  check('compose: docker-compose.yml matches the compose-spec JSON schema', (fail) => {
    const schema = JSON.parse(fs.readFileSync(COMPOSE_SCHEMA_FILE, 'utf8'));
    delete schema.$schema; // draft-07, Ajv's default
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    // Validated before interpolation too: the schema allows strings where variables may stand.
    for (const [label, document] of [
      ['as written', readYaml(COMPOSE_FILE)],
      ['with defaults', composeWithDefaults()],
    ]) {
      if (!validate(document)) {
        for (const error of (validate.errors ?? []).slice(0, 10)) {
          fail(
            `${label}: ${error.instancePath || '/'} ${error.message} ${JSON.stringify(error.params)}`,
          );
        }
      }
    }
  });

  check('compose: services, dependencies, healthchecks and mounts fit together', (fail) => {
    const compose = composeWithDefaults();
    const services = compose.services;
    const ports = new Set();
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        if (!services[dependency]) fail(`${name} depends on unknown service ${dependency}`);
        else if (condition === 'service_healthy' && !services[dependency].healthcheck) {
          fail(`${name} waits for ${dependency} to be healthy, but it has no healthcheck`);
        }
      }
      if (!service.healthcheck) fail(`${name} has no healthcheck`);
      for (const volume of service.volumes ?? []) {
        const [source = ''] = String(volume).split(':');
        if (source.startsWith('.') && !fs.existsSync(repoPath(source))) {
          fail(`${name} mounts ${source}, which does not exist`);
        }
      }
      for (const port of service.ports ?? []) {
        const published = String(port).split(':').slice(0, -1).join(':');
        if (ports.has(published)) fail(`port ${published} is published twice`);
        ports.add(published);
        if (!published.startsWith('127.0.0.1:')) fail(`${name} publishes ${port} beyond localhost`);
      }
      for (const network of service.networks ?? []) {
        if (!compose.networks?.[network]) fail(`${name} joins undeclared network ${network}`);
      }
    }
    const builder = Object.values(services).find((service) => service.build);
    if (builder?.build?.dockerfile !== 'Dockerfile') fail('no service builds the Dockerfile');
    for (const app of APPS) {
      const service = services[app];
      if (!service) {
        fail(`no ${app} service`);
        continue;
      }
      if (service.image !== builder?.image)
        fail(`${app} does not run the image built from the Dockerfile`);
      if (!isDeepStrictEqual(service.command, [app]))
        fail(`${app} runs ${JSON.stringify(service.command)}`);
      if (
        !JSON.stringify(service.healthcheck?.test ?? '').includes(`:${APP_PORTS[app]}/health/ready`)
      ) {
        fail(`${app}'s healthcheck does not ask /health/ready on port ${APP_PORTS[app]}`);
      }
    }
    for (const app of ['fanout', 'delivery']) {
      if (services[app]?.depends_on?.subscriptions?.condition !== 'service_healthy') {
        fail(`${app} does not wait for subscriptions to be healthy (it runs the migrations)`);
      }
    }
    for (const dependency of ['kafka', 'postgres']) {
      if (services.subscriptions?.depends_on?.[dependency]?.condition !== 'service_healthy') {
        fail(`subscriptions does not wait for ${dependency} to be healthy`);
      }
    }
    const kafkaVersion = /KAFKA_VERSION = '([\d.]+)'/.exec(
      readText('scripts/infra/kafka.mjs'),
    )?.[1];
    if (services.kafka?.image !== `apache/kafka:${kafkaVersion}`) {
      fail(
        `kafka runs ${services.kafka?.image}; the local scripts pin apache/kafka ${kafkaVersion}`,
      );
    }
    if (!/^postgres:16\b/.test(services.postgres?.image ?? ''))
      fail('postgres is not PostgreSQL 16');
  });

  check("compose: each app's environment passes the app's own configuration schema", (fail) => {
    const compose = composeWithDefaults();
    for (const app of APPS) {
      const env = { ...imageEnv(), ...stringify(compose.services[app]?.environment) };
      for (const problem of appConfigProblems(app, env)) fail(`${app}: ${problem}`);
    }
    // The log projector and the periodic jobs: the subscriptions app with other roles.
    const projector = { ...imageEnv(), ...stringify(compose.services.projector?.environment) };
    if (compose.services.projector?.command?.[0] !== 'subscriptions')
      fail('projector does not run the subscriptions app');
    for (const problem of appConfigProblems('subscriptions', projector))
      fail(`projector: ${problem}`);
    // The SSRF guard allows exactly the receivers' network, which PostgreSQL and Kafka are not on.
    const subnet = compose.networks.receivers?.ipam?.config?.[0]?.subnet;
    for (const app of ['subscriptions', 'delivery']) {
      if (compose.services[app].environment.ALLOWED_PRIVATE_CIDRS !== subnet) {
        fail(`${app}: ALLOWED_PRIVATE_CIDRS is not the receivers network (${subnet})`);
      }
      if (!compose.services[app].networks.includes('receivers')) fail(`${app} is not on receivers`);
    }
    for (const name of ['postgres', 'kafka']) {
      if (compose.services[name].networks.includes('receivers')) {
        fail(`${name} is on the receivers network, which webhooks may call`);
      }
    }
    if (!compose.services['demo-receiver']?.networks?.includes('receivers')) {
      fail('demo-receiver is not on the receivers network');
    }
  });

  check('compose: Prometheus scrapes the three apps and loads the alert rules', (fail) => {
    const compose = composeWithDefaults();
    const prometheus = readYaml('deploy/prometheus/prometheus.yml');
    const mounts = mountMap(compose.services.prometheus);
    for (const app of APPS) {
      const job = prometheus.scrape_configs.find(
        (/** @type {Document} */ config) => config.job_name === `hookstream-${app}`,
      );
      const targets =
        job?.static_configs?.flatMap((/** @type {Document} */ config) => config.targets) ?? [];
      if (!isDeepStrictEqual(targets, [`${app}:${APP_PORTS[app]}`])) {
        fail(
          `job hookstream-${app} scrapes ${JSON.stringify(targets)}, not ${app}:${APP_PORTS[app]}`,
        );
      }
      if ((job?.metrics_path ?? '/metrics') !== '/metrics')
        fail(`job hookstream-${app}: metrics_path`);
    }
    if (mounts['/etc/prometheus/prometheus.yml'] !== './deploy/prometheus/prometheus.yml') {
      fail('deploy/prometheus/prometheus.yml is not mounted as the Prometheus configuration');
    }
    for (const ruleFile of prometheus.rule_files ?? []) {
      if (!mounts[ruleFile] || !fs.existsSync(repoPath(mounts[ruleFile]))) {
        fail(`rule file ${ruleFile} is not mounted from the repository`);
      }
    }
  });

  promtoolChecks(check);

  check('compose: Grafana provisions the Prometheus data source and the dashboard', (fail) => {
    const compose = composeWithDefaults();
    const grafana = compose.services.grafana;
    const mounts = mountMap(grafana);
    if (mounts['/etc/grafana/provisioning'] !== './deploy/grafana/provisioning') {
      fail('deploy/grafana/provisioning is not mounted at /etc/grafana/provisioning');
    }
    const datasources = readYaml('deploy/grafana/provisioning/datasources/prometheus.yml');
    const prometheus = datasources.datasources.find(
      (/** @type {Document} */ source) => source.type === 'prometheus',
    );
    if (prometheus?.url !== 'http://prometheus:9090')
      fail('the data source does not point at prometheus:9090');
    const providers = readYaml('deploy/grafana/provisioning/dashboards/hookstream.yml').providers;
    const folder = providers[0]?.options?.path;
    if (mounts[folder] !== './deploy/grafana/dashboards') {
      fail(
        `the dashboard provider reads ${folder}, where deploy/grafana/dashboards is not mounted`,
      );
    }
    const home = grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH;
    const local = home && mounts[path.posix.dirname(home)];
    if (!local || !fs.existsSync(repoPath(local, path.posix.basename(home)))) {
      fail(`GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH ${home} is not a mounted dashboard`);
    }
  });
}

/** Prometheus's own checks, where promtool is installed (Debian: apt-get install prometheus). */
/** @param {import('./support.mjs').Check} check */
function promtoolChecks(check) {
  check(
    'prometheus: promtool accepts the configuration and the alert rules pass their unit tests',
    (fail, skip) => {
      const version = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
      if (version.error || version.status !== 0) return skip('promtool is not installed');
      // The configuration names the rule file by its path inside the container.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hookstream-prometheus-'));
      const config = readText('deploy/prometheus/prometheus.yml').replace(
        '/etc/prometheus/alerts.yml',
        repoPath('deploy/prometheus/alerts.yml'),
      );
      fs.writeFileSync(path.join(dir, 'prometheus.yml'), config);
      for (const args of [
        ['check', 'config', path.join(dir, 'prometheus.yml')],
        ['check', 'rules', repoPath('deploy/prometheus/alerts.yml')],
        ['test', 'rules', repoPath('deploy/prometheus/alerts.test.yml')],
      ]) {
        const result = spawnSync('promtool', args, { encoding: 'utf8', timeout: 30_000 });
        if (result.status !== 0)
          fail(`promtool ${args.join(' ')}: ${(result.stdout + result.stderr).trim()}`);
      }
      fs.rmSync(dir, { recursive: true, force: true });
      return undefined;
    },
  );
}

/**
 * container path → host path of a service's bind mounts.
 * @param {import('./support.mjs').Document} service
 * @returns {Record<string, string | undefined>}
 */
function mountMap(service) {
  /** @type {Record<string, string>} */
  const mounts = {};
  for (const volume of service?.volumes ?? []) {
    const [source = '', target] = String(volume).split(':');
    if (target !== undefined) mounts[target] = source;
  }
  return mounts;
}

/**
 * @param {Record<string, unknown>} [environment]
 * @returns {Record<string, string>}
 */
function stringify(environment = {}) {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, String(value)]),
  );
}
