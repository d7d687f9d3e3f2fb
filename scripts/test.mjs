#!/usr/bin/env node
// `npm test`: everything CI checks, in one command on a fresh clone.
//   format → lint → type check → build → unit tests → end-to-end tests
// The end-to-end tests run against a real Kafka broker (started here on its own port and
// data folder unless KAFKA_BROKERS is set) and a real PostgreSQL database `hookstream_test`
// (recreated on every run; the server comes from DATABASE_URL or the local default).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDependencies } from './infra/dependencies.mjs';
import { REPO_ROOT } from './infra/kafka.mjs';

const TEST_KAFKA_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
const started = Date.now();
const results = [];

function step(name, command, args, env = process.env) {
  const stepStarted = Date.now();
  console.log(`\n› ${name}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env });
  const seconds = ((Date.now() - stepStarted) / 1000).toFixed(1);
  results.push({ name, ok: result.status === 0, seconds });
  if (result.status !== 0)
    throw new Error(`${name} failed (exit ${result.status ?? result.signal})`);
}

function jestCounts(file) {
  if (!fs.existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
  };
}

async function main() {
  ensureDependencies();
  const reports = path.join(REPO_ROOT, '.cache', 'test-reports');
  fs.rmSync(reports, { recursive: true, force: true });
  fs.mkdirSync(reports, { recursive: true });
  const npx = (name, ...args) => step(name, 'npx', ['--no-install', ...args]);

  npx('format', 'prettier', '--check', '--log-level', 'warn', '.');
  npx('lint', 'eslint', '.', '--max-warnings', '0');
  npx('type check', 'tsc', '-p', 'tsconfig.json', '--noEmit');
  step('build', 'npm', ['run', '--silent', 'build']);
  // Compose, Kubernetes (after kustomize), dashboard queries and alert rules, all offline.
  step('deploy artifacts', process.execPath, ['scripts/validate-deploy/validate.mjs']);
  npx(
    'unit tests',
    'jest',
    '--config',
    'jest.unit.config.js',
    '--json',
    `--outputFile=${reports}/unit.json`,
  );

  // The scripts are ES modules: jest runs their specs natively (see jest.scripts.config.mjs).
  step(
    'script unit tests',
    'npx',
    [
      '--no-install',
      'jest',
      '--config',
      'jest.scripts.config.mjs',
      '--json',
      `--outputFile=${reports}/scripts.json`,
    ],
    { ...process.env, NODE_OPTIONS: '--experimental-vm-modules --no-warnings=ExperimentalWarning' },
  );

  const { startKafka } = await import('./infra/kafka.mjs');
  const { ensureDatabase, dropDatabase } = await import('./infra/postgres.mjs');
  const databaseUrl = testDatabaseUrl(process.env.DATABASE_URL);
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);

  let kafka;
  if (!process.env.KAFKA_BROKERS) {
    const dataDir = path.join(REPO_ROOT, '.cache', 'kafka-test-data');
    fs.rmSync(dataDir, { recursive: true, force: true });
    console.log(`\n› starting a Kafka broker for the tests on 127.0.0.1:${TEST_KAFKA_PORT}`);
    kafka = await startKafka({ port: TEST_KAFKA_PORT, dataDir });
    console.log(`  ready in ${((kafka.startupMs ?? 0) / 1000).toFixed(1)} s`);
  }
  try {
    step(
      'end-to-end tests',
      'npx',
      [
        '--no-install',
        'jest',
        '--config',
        'jest.e2e.config.js',
        '--json',
        `--outputFile=${reports}/e2e.json`,
      ],
      {
        ...process.env,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS ?? kafka.brokers,
        DATABASE_URL: databaseUrl,
        NODE_ENV: 'test',
      },
    );
  } finally {
    await kafka?.stop();
  }
}

/**
 * The test database lives on the same server as DATABASE_URL, under its own name
 * (TEST_DATABASE_NAME, so that two checkouts can run their suites side by side).
 */
function testDatabaseUrl(configured) {
  const url = new URL(configured ?? 'postgres://postgres@127.0.0.1:5432/hookstream');
  url.pathname = `/${process.env.TEST_DATABASE_NAME ?? 'hookstream_test'}`;
  return url.toString();
}

function summary(failure) {
  const unit = ['unit.json', 'scripts.json']
    .map((file) => jestCounts(path.join(REPO_ROOT, '.cache', 'test-reports', file)))
    .reduce((sum, counts) => ({
      passed: sum.passed + counts.passed,
      failed: sum.failed + counts.failed,
    }));
  const e2e = jestCounts(path.join(REPO_ROOT, '.cache', 'test-reports', 'e2e.json'));
  console.log('\nsteps:');
  for (const { name, ok, seconds } of results)
    console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
  if (failure) console.log(`\n${failure.message}`);
  console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const failed = unit.failed + e2e.failed + (failure && unit.failed + e2e.failed === 0 ? 1 : 0);
  console.log(`\ntests: ${unit.passed + e2e.passed} passed, ${failed} failed`);
}

main().then(
  () => {
    summary();
    process.exit(0);
  },
  (error) => {
    summary(error);
    process.exit(1);
  },
);
