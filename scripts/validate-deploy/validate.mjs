#!/usr/bin/env node
// Offline checks of everything under deployment: Dockerfile and .dockerignore, docker-compose.yml
// (compose-spec JSON schema and what the services need of each other), Prometheus and Grafana
// provisioning, the Grafana dashboard and alert rules (PromQL parsed by Prometheus's grammar),
// and every Kubernetes manifest after its kustomize overlay (Kubernetes and CRD JSON schemas, pod
// security, probes, references, partition-bounded autoscaling). Needs `npm run build` first:
// the entrypoint is tried on the compiled apps, and the shipped environments are validated with
// the apps' own configuration schemas.
//
//   node scripts/validate-deploy/validate.mjs
//
// The dashboard's metric names are checked against running apps by
// test/deploy-artifacts.e2e-spec.ts.
import { composeChecks } from './checks-compose.mjs';
import { dashboardChecks } from './checks-dashboard.mjs';
import { dockerChecks } from './checks-docker.mjs';
import { kubernetesChecks } from './checks-kubernetes.mjs';

const started = Date.now();
const checks = [];
/** Registers a check: `run(fail, skip)` calls fail(message) per problem, skip(reason) to skip. */
const check = (name, run) => checks.push({ name, run });

dockerChecks(check);
composeChecks(check);
dashboardChecks(check);
await kubernetesChecks(check);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const { name, run } of checks) {
  const problems = [];
  let skipReason;
  try {
    await run(
      (problem) => problems.push(problem),
      (reason) => {
        skipReason = reason;
      },
    );
  } catch (error) {
    problems.push(
      `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  if (problems.length > 0) {
    failed++;
    console.log(`FAIL ${name}`);
    for (const problem of problems) console.log(`     - ${problem}`);
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
