// @ts-check
// What both runners do around their scenarios: build if needed, a folder for the run's logs,
// the event records they produce, and stopping everything they started — also on Ctrl-C.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/kafka.mjs';
import { parseRunnerArgs, selectScenarios } from './cli.mjs';
import { fileStamp, writeResultFiles } from './report.mjs';

/** The newest modification time of any file under dir (0 if it does not exist). */
function newestMtime(/** @type {string} */ dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Runs `npm run build` unless dist/ is newer than every source under apps/ and libs/. */
export function ensureBuilt() {
  const sources = Math.max(
    newestMtime(path.join(REPO_ROOT, 'apps')),
    newestMtime(path.join(REPO_ROOT, 'libs')),
  );
  const built = ['subscriptions', 'fanout', 'delivery'].map((app) =>
    fs.statSync(path.join(REPO_ROOT, 'dist', 'apps', app, 'apps', app, 'src', 'main.js'), {
      throwIfNoEntry: false,
    }),
  );
  if (built.every((stat) => stat && stat.mtimeMs > sources)) return false;
  console.log('› building the apps (npm run build)');
  const result = spawnSync('npm', ['run', '--silent', 'build'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('npm run build failed');
  return true;
}

/**
 * A fresh folder for one run's logs, broker data and profiles: .cache/<kind>/<timestamp>.
 * @param {string} kind
 * @param {Date} at
 */
export function runDirectory(kind, at) {
  const dir = path.join(REPO_ROOT, '.cache', kind, fileStamp(at));
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The record of one input event on hookstream.events; `data.sentAt` lets the receiver time it.
 * @param {string} company
 * @param {string} id
 * @param {number} sentAt
 * @param {Record<string, unknown>} [data]
 */
export function eventRecord(company, id, sentAt, data = {}) {
  return {
    value: JSON.stringify({ id, company, event: 'user.create', data: { ...data, sentAt } }),
  };
}

/** Undo steps run last-in first-out, once: at the end of a run, on an error or on Ctrl-C. */
export class Cleanup {
  /** @type {Array<{ what: string, fn: () => Promise<unknown> | unknown }>} */
  #steps = [];
  #ran = false;

  constructor() {
    for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
      process.once(signal, () => {
        console.error(`\n${signal}: stopping everything this run started …`);
        void this.run().finally(() => process.exit(130));
      });
    }
  }

  /** @param {string} what @param {() => Promise<unknown> | unknown} fn */
  add(what, fn) {
    this.#steps.push({ what, fn });
  }

  async run() {
    if (this.#ran) return;
    this.#ran = true;
    for (const { what, fn } of this.#steps.reverse()) {
      try {
        await fn();
      } catch (error) {
        console.error(
          `  cleanup (${what}) failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }
}

/**
 * Logs a line prefixed with the seconds since the run started.
 * @param {number} startedAt
 */
export function logger(startedAt) {
  return (/** @type {string} */ message) =>
    console.log(`[${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`);
}

/**
 * The start of every run: its options (or, for --help, the usage printed and undefined), the
 * apps built, a folder for its files, a logger and the cleanup stack.
 * @param {{ kind: string, argv: string[], scenarios: string[],
 *   defaults: { kafkaPort: number, database: string }, usage: string }} spec
 */
export function beginRun({ kind, argv, scenarios, defaults, usage }) {
  const options = parseRunnerArgs(argv, { scenarios, defaults }, process.env);
  if (options.help) {
    console.log(`${usage}\nScenarios: ${scenarios.join(', ')}`);
    return undefined;
  }
  const at = new Date();
  const startedAt = Date.now();
  const cleanup = new Cleanup();
  const log = logger(startedAt);
  ensureBuilt();
  return {
    options,
    at,
    startedAt,
    log,
    cleanup,
    runDir: runDirectory(kind, at),
    /**
     * Writes the run's result as JSON and Markdown into <kind>-results/, and says where.
     * @param {unknown} result
     * @param {string} markdown
     */
    save(result, markdown) {
      const files = writeResultFiles(path.join(REPO_ROOT, `${kind}-results`), at, result, markdown);
      log(
        `written ${path.relative(REPO_ROOT, files.json)} and ${path.relative(REPO_ROOT, files.markdown)}`,
      );
    },
  };
}

/** An error as a runner logs it: its stack where it has one. */
export function errorText(/** @type {unknown} */ error) {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/**
 * Runs the scenarios --only chose, one after the other, each timed (`seconds` so far). One that
 * throws does not stop the run: `failed` is told, with the whole seconds it took.
 * @template {{ name: string }} S
 * @param {readonly S[]} all
 * @param {readonly string[]} only
 * @param {{ run: (scenario: S, seconds: () => number) => Promise<void>,
 *   failed: (scenario: S, error: unknown, seconds: number) => void }} handlers
 */
export async function runScenarios(all, only, { run, failed }) {
  for (const scenario of selectScenarios(all, only)) {
    const startedAt = Date.now();
    const seconds = () => Math.round((Date.now() - startedAt) / 1000);
    try {
      await run(scenario, seconds);
    } catch (error) {
      failed(scenario, error, seconds());
    }
  }
}
