#!/usr/bin/env node
// @ts-check
// `npm test`: everything CI checks, in one command on a fresh clone.
//   format → lint → type check (code and scripts) → build → deploy artifacts (promtool
//   included) → unit tests → script tests → end-to-end tests
// The end-to-end tests run against a real Kafka broker (started here on its own port and
// data folder unless KAFKA_BROKERS is set), a real PostgreSQL database `hookstream_test`
// (recreated on every run; the server comes from DATABASE_URL or the local default) and a real
// Prometheus (Debian's package, installed here when missing).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inspect, parseArgs } from 'node:util';
import { ensureChromium } from './infra/chromium.mjs';
import { ensureDependencies } from './infra/dependencies.mjs';
import { REPO_ROOT } from './infra/kafka.mjs';
import { ensurePrometheus } from './infra/prometheus.mjs';

// No options: refuse any, rather than ignore a mistyped one.
parseArgs({ options: {}, strict: true });

const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
const started = Date.now();
/** @type {{ name: string, ok: boolean, seconds: string }[]} */
const results = [];
/** The jest reports the closing `tests:` line adds up. */
const REPORTS = ['unit', 'scripts', 'e2e', 'e2e-shared'];

/**
 * Runs one step, inheriting stdio; throws when it fails.
 * @param {string} name
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function step(name, command, args, env = process.env) {
  const stepStarted = Date.now();
  console.log(`\n› ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
  results.push({ name, ok: result.status === 0, seconds });
  if (result.status !== 0)
    throw new Error(`${name} failed (exit ${result.status ?? result.signal})`);
}

/**
 * @typedef {{ numPassedTests: number, numFailedTests: number, numRuntimeErrorTestSuites: number }} JestReport
 */

/**
 * @param {string} file
 * @returns {unknown}
 */
const readJson = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

/** @param {string} file */
function jestCounts(file) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0 };
  const report = /** @type {JestReport} */ (readJson(file));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
  };
}

async function main() {
  ensureDependencies();
  ensurePrometheus();
  const reports = path.join(REPO_ROOT, '.cache', 'test-reports');
  fs.rmSync(reports, { recursive: true, force: true });
  fs.mkdirSync(reports, { recursive: true });
  /**
   * @param {string} name
   * @param {string[]} args
   * @param {NodeJS.ProcessEnv} [env]
   */
  const npx = (name, args, env) => step(name, 'npx', ['--no-install', ...args], env);

  npx('format', ['prettier', '--check', '--log-level', 'warn', '.']);
  npx('lint', ['eslint', '.', '--max-warnings', '0']);
  npx('type check', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
  npx('type check (scripts)', ['tsc', '-p', 'tsconfig.scripts.json']);
  npx('type check (console)', ['tsc', '-p', 'apps/console/tsconfig.json', '--noEmit']);
  step('build', 'npm', ['run', '--silent', 'build']);
  // Compose, Kubernetes (after kustomize), dashboard queries, alert rules and their promtool
  // tests, all offline; --strict: a check that would be skipped (no promtool) fails instead.
  step('deploy artifacts', process.execPath, ['scripts/validate-deploy/validate.mjs', '--strict']);
  npx('unit tests', [
    'jest',
    '--config',
    'jest.unit.config.js',
    '--json',
    `--outputFile=${reports}/unit.json`,
  ]);
  // The scripts are ES modules: jest runs them natively (no transform), which needs the VM modules flag.
  npx(
    'script tests',
    [
      'jest',
      '--config',
      'jest.scripts.config.js',
      '--json',
      `--outputFile=${reports}/scripts.json`,
    ],
    { ...process.env, NODE_OPTIONS: withVmModules(process.env.NODE_OPTIONS) },
  );

  // The browser tests drive Debian's Chromium; CI is a fresh machine of this kind, as root.
  ensureChromium();

  const { startKafka } = await import('./infra/kafka.mjs');
  const { ensureDatabase, dropDatabase } = await import('./infra/postgres.mjs');
  const databaseUrl = testDatabaseUrl(process.env.DATABASE_URL);
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);

  /** @type {Awaited<ReturnType<typeof startKafka>> | undefined} */
  let kafka;
  if (!process.env.KAFKA_BROKERS) {
    const dataDir = path.join(REPO_ROOT, '.cache', 'kafka-test-data');
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`\n› starting a Kafka broker for the tests on 127.0.0.1:${TEST_KAFKA_PORT}`);
    kafka = await startKafka({ port: TEST_KAFKA_PORT, dataDir });
    console.log(`  ready in ${((kafka.startupMs ?? 0) / 1000).toFixed(1)} s`);
  }
  const e2eEnv = {
    ...process.env,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? kafka?.brokers,
    DATABASE_URL: databaseUrl,
    NODE_ENV: 'test',
  };
  /** @param {string} config @param {string} report */
  const jest = (config, report) => [
    '--no-install',
    'jest',
    '--config',
    config,
    '--json',
    `--outputFile=${reports}/${report}.json`,
  ];
  try {
    // Files with apps of their own first, then test/shared/ on one platform for all.
    step('end-to-end tests', 'npx', jest('jest.e2e.config.js', 'e2e'), e2eEnv);
    step(
      'end-to-end tests (shared platform)',
      'npx',
      jest('jest.e2e-shared.config.js', 'e2e-shared'),
      e2eEnv,
    );
  } finally {
    await kafka?.stop();
  }
}

/**
 * NODE_OPTIONS plus --experimental-vm-modules (jest's native ES module support).
 * @param {string | undefined} options
 */
function withVmModules(options) {
  const flag = '--experimental-vm-modules';
  return options?.split(/\s+/).includes(flag) ? options : [options, flag].filter(Boolean).join(' ');
}

/**
 * The test database lives on the same server as DATABASE_URL, under its own name
 * (TEST_DATABASE_NAME, so that two checkouts can run their suites side by side).
 * @param {string | undefined} configured
 */
function testDatabaseUrl(configured) {
  const url = new URL(configured ?? 'postgres://postgres@127.0.0.1:5432/hookstream');
  url.pathname = `/${process.env.TEST_DATABASE_NAME ?? 'hookstream_test'}`;
  return url.toString();
}

/** @param {unknown} [failure] */
function summary(failure) {
  const counts = REPORTS.map((name) =>
    jestCounts(path.join(REPO_ROOT, '.cache', 'test-reports', `${name}.json`)),
  );
  const passed = counts.reduce((sum, count) => sum + count.passed, 0);
  const testsFailed = counts.reduce((sum, count) => sum + count.failed, 0);
  console.log('\nsteps:');
  for (const { name, ok, seconds } of results)
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  if (failure) console.log(`\n${failure instanceof Error ? failure.message : inspect(failure)}`);
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // A failed step that is no test (lint, build, …) still counts as one failure.
  const failed = testsFailed + (failure && testsFailed === 0 ? 1 : 0);
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
}

main().then(
  () => {
    summary();
    process.exit(0);
  },
  (/** @type {unknown} */ error) => {
    summary(error);
    process.exit(1);
  },
);
