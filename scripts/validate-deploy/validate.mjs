#!/usr/bin/env node
// @ts-check
// Offline checks of everything under deployment: Dockerfile and .dockerignore, docker-compose.yml
// (compose-spec JSON schema and what the services need of each other), Prometheus and Grafana
// provisioning (promtool: configuration, rules and their unit tests), the Grafana dashboard and
// alert rules (PromQL parsed by Prometheus's grammar), and every Kubernetes manifest after its
// kustomize overlay (Kubernetes and CRD JSON schemas, pod security, probes, references,
// partition-bounded autoscaling). Needs `npm run build` first: the entrypoint is tried on the
// compiled apps, and the shipped environments are validated with the apps' own configuration
// schemas.
//
//   node scripts/validate-deploy/validate.mjs [--strict]
//
// --strict (npm test): a check that would be skipped because a tool is missing (promtool,
// kubectl) fails instead.
//
// The dashboard's metric names are checked against running apps by
// test/deploy-artifacts.e2e-spec.ts, and its queries against a real Prometheus by
// test/monitoring.e2e-spec.ts.
import { parseArgs } from 'node:util';
import { composeChecks } from './checks-compose.mjs';
import { dashboardChecks } from './checks-dashboard.mjs';
import { dockerChecks } from './checks-docker.mjs';
import { kubernetesChecks } from './checks-kubernetes.mjs';
import { runChecks } from './support.mjs';

const { values: options } = parseArgs({
  options: { strict: { type: 'boolean', default: false } },
  strict: true,
});

const started = Date.now();
const results = await runChecks((check) => {
  dockerChecks(check);
  composeChecks(check);
  dashboardChecks(check);
  kubernetesChecks(check);
});

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { name, problems, skipped: skipReason } of results) {
  if (problems.length > 0 || (skipReason && options.strict)) {
    failed++;
    console.log(`FAIL ${name}`);
    for (const problem of problems) console.log(`     - ${problem}`);
    if (skipReason) console.log(`     - would be skipped (${skipReason}), and --strict is set`);
  } else if (skipReason) {
    skipped++;
    console.log(`skip ${name} (${skipReason})`);
  } else {
    passed++;
    console.log(`ok   ${name}`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\nvalidate-deploy took ${seconds} s`);
console.log(`validate-deploy: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
