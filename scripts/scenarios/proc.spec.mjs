// @ts-check
import { describe, expect, it } from '@jest/globals';
import { cpuByGroup, parseProcStat } from './proc.mjs';

describe('parseProcStat', () => {
  it('reads utime, stime and rss after a command name with spaces and parentheses', () => {
    // fields: pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
    //         utime stime cutime cstime priority nice threads itreal starttime vsize rss
    const line =
      '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 11 0 900 1000000 2560 rest';
    const { cpuMs, rssBytes } = parseProcStat(line);

    expect(cpuMs).toBeCloseTo(300 * (1000 / 100), 5); // 300 ticks at CLK_TCK 100 on Linux
    expect(rssBytes).toBe(2560 * 4096);
  });
});

describe('cpuByGroup', () => {
  it('adds the CPU each group used between two readings', () => {
    const start = new Map([
      [1, { group: 'delivery', cpuMs: 100 }],
      [2, { group: 'postgres', cpuMs: 40 }],
    ]);
    const end = new Map([
      [1, { group: 'delivery', cpuMs: 160 }],
      [2, { group: 'postgres', cpuMs: 50 }],
      [3, { group: 'postgres', cpuMs: 5 }], // a backend that started in between counts from zero
    ]);

    expect(cpuByGroup(start, end)).toEqual({ delivery: 60, postgres: 15 });
  });
});
