#!/usr/bin/env node
// @ts-check
// `npm run chaos`: issue 8's fault scenarios against the built platform, each judged against
// its targets (nothing lost, duplicates ≤ 1 %, recovery ≤ 10 s, attempt log complete), printed
// as a table and written to chaos-results/<stamp>.json and .md (README "Guarantees and failure
// modes"). Exits 1 when a scenario fails.
//
//   npm run chaos [-- --quick] [-- --only broker-restart,app-kills]
//       [-- --kafka-port 29292] [-- --port-base 0] [-- --database hookstream_chaos]
import { ensureDependencies } from './infra/dependencies.mjs';

// Dependencies first: the runner imports kafkajs and pg.
ensureDependencies();
const { runChaos } = await import('./chaos/runner.mjs');
runChaos(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (/** @type {unknown} */ error) => {
    console.error(`✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
