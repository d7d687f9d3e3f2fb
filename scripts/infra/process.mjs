// @ts-check
// Small process helpers for the orchestration scripts (scripts/start.mjs, scripts/test.mjs).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import readline from 'node:readline';

/** @type {Record<string, number>} */
const COLORS = {
  red: 31,
  green: 32,
  yellow: 33,
  blue: 34,
  magenta: 35,
  cyan: 36,
  white: 37,
  gray: 90,
};
const useColor = () =>
  !process.env.NO_COLOR && (Boolean(process.env.FORCE_COLOR) || Boolean(process.stdout.isTTY));

/**
 * Spawns command with args and copies its stdout/stderr line by line to ours, each line
 * prefixed with a `[name]` tag (colored on a terminal; color is a name like 'cyan' or an
 * ANSI code). Returns the ChildProcess. Reports a spawn failure or an exit on stderr.
 * @param {string} name
 * @param {string} command
 * @param {string[]} [args]
 * @param {{ env?: NodeJS.ProcessEnv, color?: string | number, cwd?: string }} [options]
 * @returns {import('node:child_process').ChildProcessByStdio<null, import('node:stream').Readable, import('node:stream').Readable>}
 */
export function spawnPrefixed(
  name,
  command,
  args = [],
  { env = process.env, color = 'cyan', cwd } = {},
) {
  const ansi = typeof color === 'number' ? color : (COLORS[color] ?? color);
  const tag = useColor() ? `\x1b[${ansi}m[${name}]\x1b[0m ` : `[${name}] `;
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const [input, output] of /** @type {const} */ ([
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ])) {
    readline
      .createInterface({ input, crlfDelay: Infinity })
      .on('line', (line) => output.write(`${tag}${line}\n`));
  }
  child.on('error', (error) =>
    process.stderr.write(`${tag}failed to start ${command}: ${error.message}\n`),
  );
  child.on('exit', (code, signal) =>
    process.stderr.write(`${tag}exited (${signal ?? `code ${code}`})\n`),
  );
  return child;
}

/**
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<number>}
 */
function getStatus(url, timeoutMs) {
  return new Promise((resolve, reject) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { agent: false, timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/**
 * Polls url with GET until it answers 2xx; rejects after timeoutMs with the last status or
 * error. Pass { child } to fail at once if that process exits while we wait.
 * @param {string} url
 * @param {number} [timeoutMs]
 * @param {{ intervalMs?: number, child?: import('node:child_process').ChildProcess }} [options]
 * @returns {Promise<number>}
 */
export async function waitForHttp(url, timeoutMs = 60_000, { intervalMs = 250, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no attempt';
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(
        `process exited (${child.signalCode ?? `code ${child.exitCode}`}) before ${url} was ready`,
      );
    }
    try {
      const status = await getStatus(url, Math.max(500, Math.min(5000, deadline - Date.now())));
      if (status >= 200 && status < 300) return status;
      last = `HTTP ${status}`;
    } catch (error) {
      last = describeError(error);
    }
    if (Date.now() >= deadline) {
      throw new Error(
        `${url} was not ready after ${(timeoutMs / 1000).toFixed(0)} s (last: ${last})`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * The code of a system error (`ECONNREFUSED`), else its message.
 * @param {unknown} error
 */
export function describeError(error) {
  if (error instanceof Error) {
    const { code } = /** @type {NodeJS.ErrnoException} */ (error);
    return code ?? error.message;
  }
  return String(error);
}

/** @type {((signal: string) => unknown)[]} */
const cleanups = [];
let shutdownStarted = 0;

/** @param {string} signal */
async function shutdown(signal) {
  if (shutdownStarted) {
    // npm forwards the terminal's SIGINT, so one Ctrl-C can arrive twice: only a later one forces.
    if (Date.now() - shutdownStarted > 2000) {
      process.stderr.write(`${signal} again: exiting without finishing cleanup\n`);
      process.exit(1);
    }
    return;
  }
  shutdownStarted = Date.now();
  let code = signal === 'SIGINT' ? 130 : 143;
  for (const fn of [...cleanups].reverse()) {
    try {
      await fn(signal);
    } catch (error) {
      process.stderr.write(
        `cleanup failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      code = 1;
    }
  }
  process.exit(code);
}

/**
 * Registers async cleanup to run once on SIGINT, SIGTERM or SIGHUP, or when the process that
 * started us (npm, and the shell npm runs scripts in) goes away; the process then exits (130
 * after SIGINT, 143 otherwise, 1 if a cleanup threw). Cleanups run in reverse order of
 * registration. A second signal more than 2 s later exits at once.
 * @param {(signal: string) => unknown} fn
 */
export function onShutdown(fn) {
  if (cleanups.length === 0) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
      process.on(signal, () => void shutdown(signal));
    watchParents(() => void shutdown('SIGTERM'));
  }
  cleanups.push(fn);
}

/**
 * npm does not forward SIGTERM to a script: `kill <npm pid>` ends npm (and the `sh -c` it runs
 * the script in) and leaves the script running, orphaned. So the script watches its parent and,
 * under npm, its grandparent, and stops when either is gone (the parent pid changes when the
 * parent dies: the orphan is re-parented to init or a subreaper).
 * @param {() => void} onGone
 */
function watchParents(onGone) {
  const parent = process.ppid;
  const watched = [parent];
  if (process.env.npm_lifecycle_event) {
    const grandparent = parentOf(parent);
    if (grandparent !== undefined && grandparent > 1) watched.push(grandparent);
  }
  const timer = setInterval(() => {
    if (process.ppid !== parent || !watched.every(isAlive)) {
      clearInterval(timer);
      onGone();
    }
  }, PARENT_POLL_MS);
  timer.unref();
}

const PARENT_POLL_MS = 500;

/**
 * The parent pid of pid (Linux /proc), undefined where it cannot be read.
 * @param {number} pid
 */
export function parentOf(pid) {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return Number.isInteger(ppid) ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is not ours to signal.
    return describeError(error) === 'EPERM';
  }
}
