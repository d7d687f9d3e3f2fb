import { Test } from '@nestjs/testing';
import { register as globalRegistry } from 'prom-client';
import { HookstreamMetrics, MetricsController, MetricsModule, statusClass } from '@app/metrics';

const METRIC_NAMES = [
  'hookstream_delivery_attempts_total',
  'hookstream_delivery_attempt_duration_seconds',
  'hookstream_delivery_end_to_end_seconds',
  'hookstream_retries_scheduled_total',
  'hookstream_messages_exhausted_total',
  'hookstream_webhooks_disabled_total',
  'hookstream_fanout_events_total',
  'hookstream_invalid_events_total',
  'hookstream_fanout_messages_total',
  'hookstream_consumer_lag',
];

describe('MetricsModule', () => {
  let metrics: HookstreamMetrics;
  let controller: MetricsController;

  beforeEach(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [MetricsModule] }).compile();
    metrics = moduleRef.get(HookstreamMetrics);
    controller = moduleRef.get(MetricsController);
  });

  it('exposes every Hookstream metric and the default Node metrics', async () => {
    const text = await controller.scrape();
    for (const name of METRIC_NAMES) expect(text).toContain(`# TYPE ${name} `);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('exports the bounded label values at 0 before anything happens, so that increase() sees the first', async () => {
    const text = await controller.scrape();
    for (const reason of ['gone', 'exhausted']) {
      expect(text).toContain(`hookstream_webhooks_disabled_total{reason="${reason}"} 0`);
    }
    for (const outcome of ['routed', 'no_match', 'invalid']) {
      expect(text).toContain(`hookstream_fanout_events_total{outcome="${outcome}"} 0`);
    }
    for (const reason of ['not_json', 'null_value', 'too_large', 'schema']) {
      expect(text).toContain(`hookstream_invalid_events_total{reason="${reason}"} 0`);
    }
    for (const outcome of ['success', 'failure', 'timeout', 'error']) {
      expect(text).toContain(
        `hookstream_delivery_attempt_duration_seconds_count{outcome="${outcome}"} 0`,
      );
    }
  });

  it('shows increments with their labels', async () => {
    metrics.deliveryAttempts.inc({
      event_type: 'user.create',
      outcome: 'success',
      status_class: statusClass(204),
      attempt: '1',
    });
    metrics.deliveryAttemptDuration.observe({ outcome: 'success' }, 0.042);
    metrics.deliveryEndToEnd.observe(1.5);
    metrics.retriesScheduled.inc({ tier: '2' });
    metrics.messagesExhausted.inc();
    metrics.webhooksDisabled.inc({ reason: 'gone' });
    metrics.fanoutEvents.inc({ outcome: 'routed' }, 3);
    metrics.invalidEvents.inc({ reason: 'schema' });
    metrics.fanoutMessages.inc(7);
    metrics.consumerLag.set({ topic: 'hookstream.events' }, 12);

    const text = await controller.scrape();
    expect(text).toContain(
      'hookstream_delivery_attempts_total{event_type="user.create",outcome="success",status_class="2xx",attempt="1"} 1',
    );
    expect(text).toContain(
      'hookstream_delivery_attempt_duration_seconds_bucket{le="0.05",outcome="success"} 1',
    );
    expect(text).toContain('hookstream_delivery_end_to_end_seconds_count 1');
    expect(text).toContain('hookstream_delivery_end_to_end_seconds_bucket{le="86400"} 1');
    expect(text).toContain('hookstream_retries_scheduled_total{tier="2"} 1');
    expect(text).toContain('hookstream_messages_exhausted_total 1');
    expect(text).toContain('hookstream_webhooks_disabled_total{reason="gone"} 1');
    expect(text).toContain('hookstream_fanout_events_total{outcome="routed"} 3');
    expect(text).toContain('hookstream_invalid_events_total{reason="schema"} 1');
    expect(text).toContain('hookstream_fanout_messages_total 7');
    expect(text).toContain('hookstream_consumer_lag{topic="hookstream.events"} 12');
  });

  it('keeps each app on its own registry, off the global one', async () => {
    const other = new HookstreamMetrics();
    metrics.messagesExhausted.inc(5);
    expect(await other.render()).toContain('hookstream_messages_exhausted_total 0');
    expect(await globalRegistry.metrics()).not.toContain('hookstream_');
  });
});

describe('statusClass', () => {
  it.each([
    [200, '2xx'],
    [204, '2xx'],
    [301, '3xx'],
    [410, '4xx'],
    [429, '4xx'],
    [503, '5xx'],
    [null, 'none'],
    [undefined, 'none'],
    [0, 'none'],
    [99, 'none'],
    [600, 'none'],
  ])('%p → %s', (status, expected) => {
    expect(statusClass(status)).toBe(expected);
  });
});
