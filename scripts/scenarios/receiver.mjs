// @ts-check
// The runner's side of the counting receiver (receiver-process.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callHelper, forkHelper, terminate } from './processes.mjs';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'receiver-process.mjs');

/**
 * @typedef {object} ReceiverStats
 * @property {number} requests
 * @property {number} answered2xx
 * @property {number} distinct       messages answered 2xx at least once
 * @property {number} duplicates     2xx answers beyond the first per message
 * @property {number[]} sentAt
 * @property {number[]} receivedAt
 * @property {number[]} retryGaps
 * @property {Record<string, number>} byBehaviour
 */

export class Receiver {
  /**
   * @param {import('node:child_process').ChildProcess} child
   * @param {number} port
   */
  constructor(child, port) {
    this.child = child;
    this.port = port;
  }

  /**
   * @param {{ port: number, logFile: string }} options port 0 for any free one
   */
  static async start({ port, logFile }) {
    const child = forkHelper(SCRIPT, {
      logFile,
      env: { ...process.env, RECEIVER_PORT: String(port) },
    });
    /** @type {number} */
    const bound = await new Promise((resolve, reject) => {
      child.once('message', (/** @type {unknown} */ message) =>
        resolve(Number(/** @type {{ ready?: number }} */ (message).ready)),
      );
      child.once('exit', (code) => reject(new Error(`receiver exited (${code}); see ${logFile}`)));
    });
    return new Receiver(child, bound);
  }

  get pid() {
    return this.child.pid;
  }

  /**
   * The URL of a webhook in `group` answering with `behaviour`.
   * @param {string} group
   * @param {'ok' | 'flaky' | 'fail-first' | 'hang' | 'reset' | 'slow' | 'endless'} behaviour
   * @param {string | number} [name]
   */
  url(group, behaviour, name = 0) {
    return `http://127.0.0.1:${this.port}/${group}/${behaviour}/${name}`;
  }

  /**
   * Everything counted for a group, receipt times included.
   * @param {string} group
   * @returns {Promise<ReceiverStats>}
   */
  stats(group) {
    return /** @type {Promise<ReceiverStats>} */ (callHelper(this.child, 'stats', { group }));
  }

  /**
   * Just the counts (cheap to poll).
   * @param {string} group
   * @returns {Promise<{ requests: number, distinct: number, duplicates: number }>}
   */
  counts(group) {
    return /** @type {Promise<{ requests: number, distinct: number, duplicates: number }>} */ (
      callHelper(this.child, 'counts', { group })
    );
  }

  /**
   * Polls until `distinct` messages of the group have arrived. Resolves with the last counts
   * and whether the goal was reached: gives up when nothing new arrived for `idleMs`, or at
   * `deadline` (epoch ms).
   * @param {string} group
   * @param {number} distinct
   * @param {{ idleMs: number, deadline?: number, onProgress?: (counts: { distinct: number, requests: number }) => void }} options
   */
  async waitFor(group, distinct, { idleMs, deadline = Infinity, onProgress }) {
    let last = await this.counts(group);
    let lastChange = Date.now();
    let lastReport = Date.now();
    while (last.distinct < distinct) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await this.counts(group);
      if (now.distinct !== last.distinct || now.requests !== last.requests) lastChange = Date.now();
      last = now;
      if (onProgress && Date.now() - lastReport >= 5_000) {
        lastReport = Date.now();
        onProgress(now);
      }
      if (Date.now() - lastChange > idleMs || Date.now() > deadline) {
        return { ...last, complete: false, idleFor: Date.now() - lastChange };
      }
    }
    return { ...last, complete: true, idleFor: 0 };
  }

  releaseHeld() {
    return callHelper(this.child, 'releaseHeld');
  }

  async close() {
    await terminate(this.child, 'SIGTERM', 5_000);
  }
}
