/** One sample of the Prometheus text exposition format: `name{label="value",…} value`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*/;

/**
 * The samples of a `/metrics` answer (text format 0.0.4, what prom-client writes). Comments
 * (HELP, TYPE) are skipped, and so is any line that does not parse: a partial answer is better
 * than none for a status page.
 */
export function parsePrometheusText(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const sample = parseLine(line);
    if (sample) samples.push(sample);
  }
  return samples;
}

function parseLine(line: string): Sample | undefined {
  const name = NAME.exec(line)?.[0];
  if (!name) return undefined;
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    const parsed = parseLabels(rest.slice(1));
    if (!parsed) return undefined;
    Object.assign(labels, parsed.labels);
    rest = parsed.rest;
  }
  // The value, then an optional timestamp.
  const [valueText] = rest.trim().split(/\s+/);
  const value = parseValue(valueText ?? '');
  return value === undefined ? undefined : { name, labels, value };
}

function parseLabels(text: string): { labels: Record<string, string>; rest: string } | undefined {
  const labels: Record<string, string> = {};
  let rest = text.trimStart();
  while (!rest.startsWith('}')) {
    const name = LABEL_NAME.exec(rest)?.[0];
    if (!name) return undefined;
    rest = rest.slice(name.length).trimStart();
    if (!rest.startsWith('=')) return undefined;
    rest = rest.slice(1).trimStart();
    if (!rest.startsWith('"')) return undefined;
    rest = rest.slice(1);
    let value = '';
    for (;;) {
      const char = rest[0];
      if (char === undefined) return undefined;
      rest = rest.slice(1);
      if (char === '"') break;
      if (char === '\\') {
        const escaped = rest[0];
        rest = rest.slice(1);
        value += escaped === 'n' ? '\n' : (escaped ?? '');
      } else {
        value += char;
      }
    }
    labels[name] = value;
    rest = rest.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
  }
  return { labels, rest: rest.slice(1) };
}

function parseValue(text: string): number | undefined {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/** The sum of every sample named `name`, by the value of one label. */
export function sumBy(samples: Sample[], name: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    if (sample.name !== name) continue;
    const key = sample.labels[label] ?? '';
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}
