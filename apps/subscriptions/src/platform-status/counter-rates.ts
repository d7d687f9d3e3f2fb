/** Counter totals by key (such as attempts by outcome), read at one moment from one process. */
export interface CounterReading {
  at: number;
  /** Tells processes apart (process_start_time_seconds): a new one starts its counters at 0. */
  processStart: number;
  totals: Map<string, number>;
}

export interface CounterRates {
  perSecond: Record<string, number>;
  windowSeconds: number;
}

/**
 * Per-second rates of counters from readings taken whenever the status is asked for: the
 * increase between the oldest reading of the window and the newest, over the time between
 * them. Readings from another process (a restart, or another replica behind the same URL)
 * start the window again, since counters are per process.
 */
export class CounterRateTracker {
  private readings: CounterReading[] = [];

  constructor(
    private readonly windowMs = 60_000,
    /** Readings closer than this to the oldest give no rate yet (too noisy). */
    private readonly minSpanMs = 1_000,
  ) {}

  record(reading: CounterReading): CounterRates | undefined {
    const newest = this.readings[this.readings.length - 1];
    if (newest && newest.processStart !== reading.processStart) this.readings = [];
    this.readings.push(reading);
    this.readings = this.readings.filter((entry) => reading.at - entry.at <= this.windowMs);
    // The reading just pushed is in the window, so there is always an oldest.
    const [oldest = reading] = this.readings;
    const spanMs = reading.at - oldest.at;
    if (spanMs < this.minSpanMs) return undefined;
    const perSecond: Record<string, number> = {};
    for (const [key, total] of reading.totals) {
      const increase = Math.max(0, total - (oldest.totals.get(key) ?? 0));
      perSecond[key] = increase / (spanMs / 1_000);
    }
    return { perSecond, windowSeconds: spanMs / 1_000 };
  }
}
