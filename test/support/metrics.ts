/**
 * The value of one series on an app's /metrics (0 when it is not there yet), e.g.
 * `metricValue(url, 'hookstream_retries_scheduled_total{tier="1"}')`. Tests compare values
 * before and after what they do, since the platform may be shared with other files.
 */
export async function metricValue(baseUrl: string, series: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}
