// @ts-check
// `npm start` for real (Kafka broker, the three built apps, the demo receiver), then `kill <npm
// pid>`: npm does not forward SIGTERM to its script, so start.mjs must notice on its own and
// stop everything it started. Kills only the processes this test started.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parentOf } from './infra/process.mjs';
import { dropDatabase } from './infra/postgres.mjs';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Ports next to the test broker's (TEST_KAFKA_PORT), so that parallel checkouts do not collide.
const BASE_PORT = Number(process.env.TEST_KAFKA_PORT ?? 19092);
const PORTS = {
  kafka: BASE_PORT + 2, // and its controller, BASE_PORT + 3
  subscriptions: BASE_PORT + 4,
  fanout: BASE_PORT + 5,
  delivery: BASE_PORT + 6,
  receiver: BASE_PORT + 7,
};
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${process.env.TEST_DATABASE_NAME ?? 'hookstream_test'}_start`;
const UP_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 60_000;

/** Every process whose parent chain leads to pid (Linux /proc). */
function descendantsOf(/** @type {number} */ pid) {
  /** @type {Map<number, number>} */
  const parents = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentOf(Number(entry));
    if (parent !== undefined) parents.set(Number(entry), parent);
  }
  /** @type {number[]} */
  const found = [];
  const visit = (/** @type {number} */ parent) => {
    for (const [child, itsParent] of parents) {
      if (itsParent === parent) {
        found.push(child);
        visit(child);
      }
    }
  };
  visit(pid);
  return found;
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Whether something accepts connections on 127.0.0.1:port. */
function isListening(/** @type {number} */ port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves once condition() holds; rejects with describe() after timeoutMs.
 * @param {() => boolean | Promise<boolean>} condition
 * @param {number} timeoutMs
 * @param {() => string} describe
 */
async function waitFor(condition, timeoutMs, describe) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('npm start', () => {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let npm;
  /** @type {number[]} */
  let started = [];
  let output = '';

  afterAll(async () => {
    // Only if the test failed half way: stop what this test started, by pid.
    for (const pid of started.filter(isAlive)) process.kill(pid, 'SIGTERM');
    if (npm?.pid && isAlive(npm.pid)) npm.kill('SIGKILL');
    await waitFor(
      () => !started.some(isAlive),
      30_000,
      () => 'leftovers after SIGTERM',
    ).catch(() => started.filter(isAlive).forEach((pid) => process.kill(pid, 'SIGKILL')));
    await dropDatabase(DATABASE_URL);
  });

  it(
    'stops the broker and the apps when the npm in front of it is killed',
    async () => {
      /** @type {NodeJS.ProcessEnv} */
      const env = { ...process.env, DATABASE_URL };
      delete env.KAFKA_BROKERS; // so that it starts its own broker
      delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the apps
      Object.assign(env, {
        SUBSCRIPTIONS_PORT: String(PORTS.subscriptions),
        FANOUT_PORT: String(PORTS.fanout),
        DELIVERY_PORT: String(PORTS.delivery),
        DEMO_RECEIVER_PORT: String(PORTS.receiver),
        NO_COLOR: '1',
      });
      const child = spawn('npm', ['start', '--', '--kafka-port', String(PORTS.kafka)], {
        cwd: REPO_ROOT,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      npm = child;
      child.stdout.on('data', (chunk) => (output += String(chunk)));
      child.stderr.on('data', (chunk) => (output += String(chunk)));
      const npmPid = child.pid ?? 0;

      await waitFor(
        () => output.includes('Hookstream is up') || child.exitCode !== null,
        UP_TIMEOUT_MS,
        () => `npm start did not come up:\n${output.slice(-3000)}`,
      );
      expect(output).toContain('Hookstream is up');
      started = descendantsOf(npmPid);
      const script = Number(/pid\s+(\d+)/.exec(output)?.[1]);
      expect(started).toContain(script);
      // start.mjs, the broker and three apps at least (npm runs the script through a shell).
      expect(started.length).toBeGreaterThanOrEqual(5);
      for (const port of Object.values(PORTS)) {
        expect({ port, listening: await isListening(port) }).toEqual({ port, listening: true });
      }

      process.kill(npmPid, 'SIGTERM');

      await waitFor(
        () => !started.some(isAlive),
        STOP_TIMEOUT_MS,
        () => `still running: ${started.filter(isAlive).join(', ')}\n${output.slice(-3000)}`,
      );
      for (const port of Object.values(PORTS)) {
        expect({ port, listening: await isListening(port) }).toEqual({ port, listening: false });
      }
      expect(output).toContain('› stopping…');
    },
    UP_TIMEOUT_MS + STOP_TIMEOUT_MS + 30_000,
  );
});
