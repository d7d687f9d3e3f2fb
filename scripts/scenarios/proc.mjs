// @ts-check
// CPU time and resident memory of processes, read from /proc (Linux), so the cost of each part
// of the platform can be compared across machines and runs.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** @param {string} name */
function getconf(name, fallback = 0) {
  try {
    return Number(execFileSync('getconf', [name], { encoding: 'utf8' }).trim()) || fallback;
  } catch {
    return fallback;
  }
}

const CLOCK_TICKS_PER_SECOND = getconf('CLK_TCK', 100);
const PAGE_BYTES = getconf('PAGESIZE', 4096);

/**
 * The CPU time (user + system, ms) and resident set (bytes) in a /proc/<pid>/stat line. The
 * command name (field 2) may hold spaces and parentheses, so fields are counted after its
 * closing parenthesis.
 * @param {string} line
 * @returns {{ cpuMs: number, rssBytes: number }}
 */
export function parseProcStat(line) {
  const fields = line.slice(line.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime 15, rss 24.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
    rssBytes: Number(fields[21]) * PAGE_BYTES,
  };
}

/**
 * @param {number} pid
 * @returns {{ cpuMs: number, rssBytes: number } | undefined} undefined once the process is gone
 */
export function readProc(pid) {
  try {
    return parseProcStat(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} Source
 * @property {string} group   what the process counts towards: 'broker', 'delivery', 'postgres', …
 * @property {number} pid
 */

/**
 * CPU used per group between two readings. A process seen in `end` (or last seen alive) but not
 * in `start` started in between and counts from zero.
 * @param {Map<number, { group: string, cpuMs: number }>} start
 * @param {Map<number, { group: string, cpuMs: number }>} end
 * @returns {Record<string, number>}
 */
export function cpuByGroup(start, end) {
  /** @type {Record<string, number>} */
  const used = {};
  for (const [pid, { group, cpuMs }] of end) {
    const before = start.get(pid)?.cpuMs ?? 0;
    used[group] = (used[group] ?? 0) + Math.max(0, cpuMs - before);
  }
  return used;
}

/**
 * Samples a changing set of processes (apps restart, PostgreSQL backends come and go) every
 * interval: the last CPU reading of every process ever seen, and the peak RSS per process label.
 */
export class ProcSampler {
  /**
   * @param {() => Promise<Source[]> | Source[]} sources
   * @param {number} [intervalMs]
   */
  constructor(sources, intervalMs = 250) {
    this.sources = sources;
    /** @type {Map<number, { group: string, cpuMs: number }>} */
    this.last = new Map();
    /** @type {Record<string, number>} peak RSS in bytes per group (the largest single process) */
    this.peakRss = {};
    this.timer = setInterval(() => void this.sample(), intervalMs);
    this.timer.unref();
  }

  /** Reads every source now; returns a copy of the latest readings. */
  async sample() {
    const sources = await Promise.resolve(this.sources()).catch(() => []);
    for (const { group, pid } of sources) {
      const reading = readProc(pid);
      if (!reading) continue;
      this.last.set(pid, { group, cpuMs: reading.cpuMs });
      this.peakRss[group] = Math.max(this.peakRss[group] ?? 0, reading.rssBytes);
    }
    return new Map(this.last);
  }

  /** Starts a CPU window: pass the result to `cpuSince`. */
  mark() {
    return this.sample();
  }

  /**
   * CPU ms per group since a mark.
   * @param {Map<number, { group: string, cpuMs: number }>} mark
   */
  async cpuSince(mark) {
    return cpuByGroup(mark, await this.sample());
  }

  /** Peak RSS per group in MiB, and a fresh start for the next measurement. */
  takePeakRssMiB() {
    /** @type {Record<string, number>} */
    const peaks = {};
    for (const [group, bytes] of Object.entries(this.peakRss)) peaks[group] = bytes / 2 ** 20;
    this.peakRss = {};
    return peaks;
  }

  stop() {
    clearInterval(this.timer);
  }
}
