#!/usr/bin/env node
// @ts-check
// `npm run bench`: Hookstream's throughput, latency and cost on this machine, with the peers a
// user would compare it with measured in the same run (README "Performance"):
//   limit   an undici Pool POSTing straight at the receiver (the raw HTTP rate)
//   bullmq  a hand-rolled queue worker: BullMQ on the local Redis, one job per delivery
//   floor   a minimal kafkajs consume → POST → produce attempt → commit loop
// It provisions its own broker and database, runs the built apps as processes against a
// counting receiver in its own process, prints a table and writes bench-results/<stamp>.json
// and .md.
//
//   npm run bench [-- --quick] [-- --only burst-1,steady] [-- --profile]
//       [-- --kafka-port 29192] [-- --port-base 0] [-- --database hookstream_bench]
import { ensureDependencies } from './infra/dependencies.mjs';

// Dependencies first: the runner imports kafkajs, bullmq and ioredis.
ensureDependencies();
const { runBench } = await import('./bench/runner.mjs');
runBench(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (/** @type {unknown} */ error) => {
    console.error(`✖ ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
