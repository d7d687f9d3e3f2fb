// @ts-check
// The processes a runner starts: each app of the platform (from dist/, logs to a file), and the
// helper processes (receiver, peers). Every one is remembered so the runner can stop exactly
// what it started — by pid, never by name — also when it is interrupted.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, pdeathsigPrefix } from '../infra/kafka.mjs';

/** @typedef {import('node:child_process').ChildProcess} ChildProcess */

/** @type {Set<ChildProcess>} */
const started = new Set();
let exitHookInstalled = false;

/** Remembers a child, and SIGKILLs it should this process exit without stopping it. */
function track(/** @type {ChildProcess} */ child) {
  started.add(child);
  child.once('exit', () => started.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const running of started) running.kill('SIGKILL');
    });
  }
  return child;
}

/**
 * Resolves with how the child ended, at once if it already has.
 * @param {ChildProcess} child
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null }>}
 */
export function exitOf(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Sends a signal and waits for the exit; SIGKILL after `graceMs` if it has not gone.
 * @param {ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
export async function terminate(child, signal = 'SIGTERM', graceMs = 30_000) {
  if (child.exitCode !== null || child.signalCode !== null) return exitOf(child);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exitOf(child);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Forks a Node script of the runners with an IPC channel, stdout and stderr to a log file.
 * @param {string} script
 * @param {{ logFile: string, env?: NodeJS.ProcessEnv, args?: string[] }} options
 */
export function forkHelper(script, { logFile, env = process.env, args = [] }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'a');
  const child = fork(script, args, { env, stdio: ['ignore', log, log, 'ipc'], execArgv: [] });
  fs.closeSync(log);
  return track(child);
}

/**
 * Sends one request over a forked child's IPC channel and resolves with its answer: the child
 * replies `{ id, result }` or `{ id, error }` to `{ id, method, params }`.
 * @param {ChildProcess} child
 * @param {string} method
 * @param {unknown} [params]
 * @returns {Promise<unknown>}
 */
export function callHelper(child, method, params, timeoutMs = 10 * 60_000) {
  const id = `${Date.now()}-${Math.random()}`;
  if (!child.connected) return Promise.reject(new Error(`${method}: pid ${child.pid} is gone`));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`${method}: no answer from pid ${child.pid} in ${timeoutMs} ms`));
    }, timeoutMs);
    /** @param {unknown} raw */
    const onMessage = (raw) => {
      const message = /** @type {{ id?: string, error?: string, result?: unknown } | undefined} */ (
        raw
      );
      if (message?.id !== id) return;
      cleanup();
      if (message.error) reject(new Error(`${method}: ${message.error}`));
      else resolve(message.result);
    };
    const onExit = () => {
      cleanup();
      reject(new Error(`${method}: pid ${child.pid} exited`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send({ id, method, params });
  });
}

/**
 * The child side of callHelper: answers requests with the handler of their method.
 * @param {Record<string, (params: never) => unknown>} handlers
 */
export function serveHelper(handlers) {
  process.on('message', (/** @type {unknown} */ raw) => {
    const message = /** @type {{ id: string, method: string, params?: unknown }} */ (raw);
    const handler = handlers[message.method];
    Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`unknown method ${message.method}`);
        return handler(/** @type {never} */ (message.params));
      })
      .then(
        (result) => process.send?.({ id: message.id, result }),
        (/** @type {unknown} */ error) =>
          process.send?.({
            id: message.id,
            error: error instanceof Error ? (error.stack ?? error.message) : String(error),
          }),
      );
  });
  // Without a parent there is nobody to answer: leave.
  process.on('disconnect', () => process.exit(0));
}

/** @typedef {'subscriptions' | 'fanout' | 'delivery'} AppName */

/** One process of one app, from dist/, with its own port and log file; restartable. */
export class AppProcess {
  /** @type {ChildProcess | undefined} */
  #child;

  /**
   * @param {AppName} name
   * @param {number} replica 1-based
   * @param {{ port: number, env: NodeJS.ProcessEnv, logDir: string, profileDir?: string }} options
   */
  constructor(name, replica, { port, env, logDir, profileDir }) {
    this.name = name;
    this.replica = replica;
    this.port = port;
    this.env = env;
    this.logFile = path.join(logDir, `${name}-${replica}.log`);
    this.profileDir = profileDir && path.join(profileDir, name);
    /** Every pid this app has had, for the profile and the logs. */
    /** @type {number[]} */
    this.pids = [];
  }

  get label() {
    return `${this.name}-${this.replica}`;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid() {
    return this.running ? this.#child?.pid : undefined;
  }

  get running() {
    const child = this.#child;
    return child !== undefined && child.exitCode === null && child.signalCode === null;
  }

  /** Spawns the process and resolves once /health/ready answers 200. */
  async start(timeoutMs = 120_000) {
    if (this.running) throw new Error(`${this.label} already runs`);
    fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
    fs.appendFileSync(
      this.logFile,
      `\n===== ${new Date().toISOString()} starting ${this.label} =====\n`,
    );
    const log = fs.openSync(this.logFile, 'a');
    const main = path.join(
      REPO_ROOT,
      'dist',
      'apps',
      this.name,
      'apps',
      this.name,
      'src',
      'main.js',
    );
    const nodeArgs = this.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${this.profileDir}`] : [];
    const [command, ...prefix] = [...pdeathsigPrefix(), process.execPath];
    const child = spawn(command, [...prefix, ...nodeArgs, main], {
      env: {
        // Static membership, as a pod's name gives it in Kubernetes: a killed app restarted
        // under its label takes its partitions back at once.
        KAFKA_GROUP_INSTANCE_ID: this.label,
        ...this.env,
        [`${this.name.toUpperCase()}_PORT`]: String(this.port),
      },
      stdio: ['ignore', log, log],
    });
    fs.closeSync(log);
    this.#child = track(child);
    if (child.pid) this.pids.push(child.pid);
    this.startedAt = Date.now();
    await this.waitReady(timeoutMs);
    this.readyAt = Date.now();
    return this.readyAt - this.startedAt;
  }

  /** @param {number} timeoutMs */
  async waitReady(timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.running) {
        const child = this.#child;
        throw new Error(
          `${this.label} exited (${child?.signalCode ?? `code ${child?.exitCode}`}) before it was ready; see ${this.logFile}`,
        );
      }
      try {
        const response = await fetch(`${this.url}/health/ready`, {
          signal: AbortSignal.timeout(2000),
        });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.label} not ready after ${timeoutMs} ms; see ${this.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /**
   * Sends the signal and resolves once the process is gone. SIGTERM gets 45 s (the drain
   * timeout plus one delivery timeout, as the README sizes terminationGracePeriodSeconds), then
   * SIGKILL.
   * @param {NodeJS.Signals} signal
   */
  async kill(signal = 'SIGTERM') {
    const child = this.#child;
    if (!child || !this.running) return;
    await terminate(child, signal, signal === 'SIGKILL' ? 5_000 : 45_000);
  }
}
