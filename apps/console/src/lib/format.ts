/** How the console writes numbers and times (the page's locale for dates). */

export function percent(rate: number | null): string {
  if (rate === null) return '—';
  const value = rate * 100;
  return `${value === 100 || value === 0 ? value.toFixed(0) : value.toFixed(1)} %`;
}

export function duration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

/** "in 5 min", "3 h ago": relative to `now` (epoch ms). */
export function relative(iso: string, now: number): string {
  const delta = Date.parse(iso) - now;
  const abs = Math.abs(delta);
  const [value, unit] =
    abs < 60_000
      ? [Math.round(abs / 1_000), 's']
      : abs < 3_600_000
        ? [Math.round(abs / 60_000), 'min']
        : abs < 86_400_000
          ? [Math.round(abs / 3_600_000), 'h']
          : [Math.round(abs / 86_400_000), 'd'];
  if (value === 0) return 'now';
  return delta > 0 ? `in ${value} ${unit}` : `${value} ${unit} ago`;
}

/** Rates such as deliveries per second: two decimals below 10, whole numbers above. */
export function rate(value: number | null): string {
  if (value === null) return '—';
  return value < 10 ? value.toFixed(2) : Math.round(value).toString();
}

/** `datetime-local` input value (local time, minutes) ⇄ ISO 8601 instant. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const time = new Date(value).getTime();
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

export function isoToLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
