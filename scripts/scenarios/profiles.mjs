// @ts-check
// The top frames by self time of V8 CPU profiles (`node --cpu-prof`), per app.
import fs from 'node:fs';
import path from 'node:path';
import { parseJson } from './json.mjs';

/**
 * @typedef {object} CpuProfile
 * @property {Array<{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, hitCount?: number }>} nodes
 * @property {number[]} [samples]
 * @property {number[]} [timeDeltas]
 * @property {number} startTime
 * @property {number} endTime
 */

/**
 * @typedef {object} Frame
 * @property {string} name       function (or `(anonymous)`, `(garbage collector)`, …)
 * @property {string} location   file:line, shortened to the part after node_modules/ or dist/
 * @property {number} selfMs
 * @property {number} share      of all sampled time, 0..1
 */

/** @param {string} url @param {number} line */
function shortLocation(url, line) {
  if (!url) return '';
  const file = url.replace(/^file:\/\//, '');
  const cut = Math.max(file.lastIndexOf('node_modules/'), file.lastIndexOf('dist/'));
  const short = cut >= 0 ? file.slice(cut) : file;
  return `${short}:${line + 1}`;
}

/** V8's pseudo-frames that are not work done by the app. */
const NOT_WORK = new Set(['(root)', '(idle)']);

/**
 * Self time per frame (function and location), summed over every node of the profile that
 * stands for it, largest first, without idle time.
 * @param {CpuProfile} profile
 * @param {number} [limit]
 * @returns {Frame[]}
 */
export function topSelfFrames(profile, limit = 10) {
  /** @type {Map<number, number>} node id → self microseconds */
  const selfByNode = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  if (samples.length > 0) {
    // A sample's time is the delta to the next sample (the last one gets none).
    for (const [index, node] of samples.entries()) {
      const micros = deltas[index + 1] ?? 0;
      selfByNode.set(node, (selfByNode.get(node) ?? 0) + micros);
    }
  } else {
    const total = profile.endTime - profile.startTime;
    const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    for (const node of profile.nodes) {
      selfByNode.set(node.id, hits ? ((node.hitCount ?? 0) / hits) * total : 0);
    }
  }
  /** @type {Map<string, Frame>} */
  const frames = new Map();
  let totalMicros = 0;
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    // Waiting is not cost: shares are of the time the process was busy.
    if (NOT_WORK.has(functionName)) continue;
    const micros = selfByNode.get(node.id) ?? 0;
    totalMicros += micros;
    const name = functionName || '(anonymous)';
    const location = shortLocation(url, lineNumber);
    const key = `${name}\0${location}`;
    const frame = frames.get(key) ?? { name, location, selfMs: 0, share: 0 };
    frame.selfMs += micros / 1000;
    frames.set(key, frame);
  }
  return [...frames.values()]
    .map((frame) => ({ ...frame, share: totalMicros ? (frame.selfMs * 1000) / totalMicros : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, limit);
}

/**
 * The top frames of every profile under `<dir>/<app>/`, merged per app by adding self times.
 * @param {string} dir
 * @param {number} [limit]
 * @returns {Record<string, Frame[]>}
 */
export function summarizeProfiles(dir, limit = 10) {
  /** @type {Record<string, Frame[]>} */
  const byApp = {};
  if (!fs.existsSync(dir)) return byApp;
  for (const app of fs.readdirSync(dir)) {
    const files = fs
      .readdirSync(path.join(dir, app))
      .filter((file) => file.endsWith('.cpuprofile'));
    /** @type {Map<string, Frame>} */
    const merged = new Map();
    let total = 0;
    for (const file of files) {
      const profile = /** @type {CpuProfile} */ (
        parseJson(fs.readFileSync(path.join(dir, app, file), 'utf8'))
      );
      for (const frame of topSelfFrames(profile, Infinity)) {
        const key = `${frame.name}\0${frame.location}`;
        const into = merged.get(key) ?? { ...frame, selfMs: 0 };
        into.selfMs += frame.selfMs;
        merged.set(key, into);
        total += frame.selfMs;
      }
    }
    byApp[app] = [...merged.values()]
      .map((frame) => ({ ...frame, share: total ? frame.selfMs / total : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, limit);
  }
  return byApp;
}
