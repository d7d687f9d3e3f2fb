// @ts-check
// Tables for the terminal and Markdown, and the result files both runners write.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Renders a number for a table: thousands separated, at most three significant decimals below
 * 10, none from 100 up; '—' for nothing.
 * @param {number | null | undefined} value
 */
export function formatNumber(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: digits,
  });
}

/**
 * A ratio as `0.25×`; '—' for nothing.
 * @param {number | null | undefined} value
 */
export function formatRatio(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value >= 10 ? value.toFixed(0) : value >= 1 ? value.toFixed(1) : value.toFixed(2)}×`;
}

/**
 * A fixed-width text table: header, a rule, then the rows; numbers right-aligned.
 * @param {readonly string[]} header
 * @param {ReadonlyArray<ReadonlyArray<string>>} rows
 */
export function textTable(header, rows) {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const numeric = /^[\d,.\-—+×% ]+(ms|s|MiB|\/s|×)?( \(.*\))?$/;
  /** @param {ReadonlyArray<string>} row */
  const line = (row) =>
    row
      .map((cell, column) =>
        numeric.test(cell) && column > 0
          ? cell.padStart(widths[column] ?? 0)
          : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((width) => '─'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/**
 * A GitHub-flavoured Markdown table; `|` inside cells is escaped.
 * @param {readonly string[]} header
 * @param {ReadonlyArray<ReadonlyArray<string>>} rows
 */
export function markdownTable(header, rows) {
  /** @param {ReadonlyArray<string>} row */
  const line = (row) => `| ${row.map((cell) => cell.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}

/** What the machine was, so a result file says where its numbers come from. */
export function machineDescription() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage: os.loadavg().map((load) => Math.round(load * 100) / 100),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
  };
}

/**
 * A file-name-safe timestamp: 2026-12-01T09-30-00Z.
 * @param {Date} date
 */
export function fileStamp(date) {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/:/g, '-');
}

/**
 * Writes `<dir>/<stamp>.json` and `<dir>/<stamp>.md`; returns both paths.
 * @param {string} dir
 * @param {Date} at
 * @param {unknown} result
 * @param {string} markdown
 */
export function writeResultFiles(dir, at, result, markdown) {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, fileStamp(at));
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(result, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, markdown.endsWith('\n') ? markdown : `${markdown}\n`);
  return { json: `${base}.json`, markdown: `${base}.md` };
}
