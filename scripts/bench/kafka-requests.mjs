// @ts-check
// What a scenario cost the broker in requests: each app's hookstream_kafka_requests_total
// (every request its kafkajs clients sent, by API) before and after, per delivery.

/** @typedef {Record<string, number>} RequestCounts API name → requests sent so far */

const SERIES = /^hookstream_kafka_requests_total\{([^}]*)\} (\S+)$/gm;

/**
 * An app's Kafka requests by API (summed over producer, consumer and admin), from its /metrics.
 * @param {string} text the Prometheus exposition of one app
 * @returns {RequestCounts}
 */
export function parseKafkaRequests(text) {
  /** @type {RequestCounts} */
  const counts = {};
  for (const [, labels = '', value = '0'] of text.matchAll(SERIES)) {
    const api = /(?:^|,)api="([^"]+)"/.exec(labels)?.[1];
    if (api) counts[api] = (counts[api] ?? 0) + Number(value);
  }
  return counts;
}

/**
 * Requests per delivery by API between two readings, largest first, with their total.
 * @param {RequestCounts} before
 * @param {RequestCounts} after
 * @param {number} deliveries
 * @returns {{ total: number, byApi: Array<[string, number]> }}
 */
export function requestsPerDelivery(before, after, deliveries) {
  /** @type {Array<[string, number]>} */
  const byApi = Object.entries(after)
    .map(
      ([api, count]) =>
        /** @type {[string, number]} */ ([api, (count - (before[api] ?? 0)) / deliveries]),
    )
    .filter(([, perDelivery]) => perDelivery > 0)
    .sort((a, b) => b[1] - a[1]);
  return { total: byApi.reduce((sum, [, perDelivery]) => sum + perDelivery, 0), byApi };
}

/**
 * `Fetch 0.42, Produce 0.31, OffsetCommit 0.20`: the largest `top` APIs of a reading.
 * @param {Array<[string, number]>} byApi
 * @param {number} [top]
 */
export function describeRequests(byApi, top = 4) {
  return byApi
    .slice(0, top)
    .map(([api, perDelivery]) => `${api} ${perDelivery.toFixed(2)}`)
    .join(', ');
}
