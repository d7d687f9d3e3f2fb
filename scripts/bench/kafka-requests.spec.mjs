// @ts-check
import { describe, expect, it } from '@jest/globals';
import { describeRequests, parseKafkaRequests, requestsPerDelivery } from './kafka-requests.mjs';

const METRICS = `# HELP hookstream_kafka_requests_total Requests sent to Kafka brokers by client kind and API
# TYPE hookstream_kafka_requests_total counter
hookstream_kafka_requests_total{client="consumer",api="Fetch"} 120
hookstream_kafka_requests_total{api="Produce",client="producer"} 40
hookstream_kafka_requests_total{client="admin",api="Fetch"} 5
hookstream_kafka_requests_total{client="consumer",api="OffsetCommit"} 30
hookstream_delivery_attempts_total{event_type="a",outcome="success"} 999
`;

describe('parseKafkaRequests', () => {
  it('sums each API over the clients, whatever the label order, and ignores other series', () => {
    expect(parseKafkaRequests(METRICS)).toEqual({ Fetch: 125, Produce: 40, OffsetCommit: 30 });
  });

  it('reads nothing from an app without the series', () => {
    expect(parseKafkaRequests('process_cpu_seconds_total 1\n')).toEqual({});
  });
});

describe('requestsPerDelivery', () => {
  it('divides what each API grew by the deliveries, largest first, and adds them up', () => {
    const before = { Fetch: 100, Produce: 40, Heartbeat: 7 };
    const after = { Fetch: 300, Produce: 90, Heartbeat: 7, OffsetCommit: 25 };
    expect(requestsPerDelivery(before, after, 100)).toEqual({
      total: 2.75,
      byApi: [
        ['Fetch', 2],
        ['Produce', 0.5],
        ['OffsetCommit', 0.25],
      ],
    });
  });
});

describe('describeRequests', () => {
  it('words the largest APIs with two decimals', () => {
    expect(
      describeRequests(
        [
          ['Fetch', 2],
          ['Produce', 0.5],
          ['OffsetCommit', 0.25],
        ],
        2,
      ),
    ).toBe('Fetch 2.00, Produce 0.50');
  });
});
