import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@app/config';
import { ReadinessRegistry } from '@app/health';
import { HookstreamMetrics } from '@app/metrics';
import { type SubscriptionsConfig } from '../subscriptions.config';
import { CounterRateTracker } from './counter-rates';
import {
  type AppName,
  type AppStatusJson,
  ATTEMPT_OUTCOMES,
  type PlatformStatusJson,
} from './platform-status.schemas';
import { parsePrometheusText, type Sample, sumBy } from './prometheus-text';

/** How long one app may take to answer its health and metrics endpoints. */
const PROBE_TIMEOUT_MS = 2_000;

interface Probe {
  status: AppStatusJson;
  samples: Sample[];
}

/**
 * The operator's view of the platform, gathered from the apps' own /health/ready and /metrics
 * (the other apps at FANOUT_URL and DELIVERY_URL; this one in-process): readiness, consumer lag,
 * deliveries per second by outcome (from successive readings of the delivery app's counters)
 * and dead letters.
 */
@Injectable()
export class PlatformStatusService {
  private readonly attemptRates = new CounterRateTracker();

  constructor(
    @Inject(APP_CONFIG) private readonly config: SubscriptionsConfig,
    private readonly readiness: ReadinessRegistry,
    private readonly metrics: HookstreamMetrics,
  ) {}

  async status(): Promise<PlatformStatusJson> {
    const [subscriptions, fanout, delivery] = await Promise.all([
      this.probeSelf(),
      probe('fanout', this.config.platform.fanoutUrl),
      probe('delivery', this.config.platform.deliveryUrl),
    ]);
    const probes = [subscriptions, fanout, delivery];
    const consumerLag = probes.flatMap(({ status, samples }) =>
      [...sumBy(samples, 'hookstream_consumer_lag', 'topic')]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([topic, lag]) => ({ app: status.name, topic, lag })),
    );
    return {
      checkedAt: new Date().toISOString(),
      apps: probes.map(({ status }) => status),
      consumerLag,
      deliveries: this.deliveries(delivery),
      deadLettered: delivery.status.reachable
        ? total(delivery.samples, 'hookstream_messages_exhausted_total')
        : null,
    };
  }

  private deliveries(delivery: Probe): PlatformStatusJson['deliveries'] {
    if (!delivery.status.reachable) return { perSecond: null, windowSeconds: null, total: null };
    const totals = sumBy(delivery.samples, 'hookstream_delivery_attempts_total', 'outcome');
    const byOutcome = (numbers: (outcome: string) => number) =>
      Object.fromEntries(ATTEMPT_OUTCOMES.map((outcome) => [outcome, numbers(outcome)])) as Record<
        (typeof ATTEMPT_OUTCOMES)[number],
        number
      >;
    const rates = this.attemptRates.record({
      at: Date.now(),
      processStart: total(delivery.samples, 'process_start_time_seconds'),
      totals,
    });
    return {
      perSecond: rates ? byOutcome((outcome) => rates.perSecond[outcome] ?? 0) : null,
      windowSeconds: rates?.windowSeconds ?? null,
      total: byOutcome((outcome) => totals.get(outcome) ?? 0),
    };
  }

  private async probeSelf(): Promise<Probe> {
    const { ready, checks } = await this.readiness.report();
    return {
      status: {
        name: 'subscriptions',
        url: 'this process',
        reachable: true,
        ready,
        checks,
        error: null,
      },
      samples: parsePrometheusText(await this.metrics.render()),
    };
  }
}

async function probe(name: AppName, url: string): Promise<Probe> {
  try {
    const [health, metrics] = await Promise.all([
      fetchWithin(`${url}/health/ready`),
      fetchWithin(`${url}/metrics`),
    ]);
    // /health/ready answers 503 with its checks when not ready; anything else is not an app.
    const body = (await health.json()) as { status?: unknown; checks?: unknown };
    if (!metrics.ok) throw new Error(`/metrics answered ${metrics.status}`);
    const checks = isChecks(body.checks) ? body.checks : {};
    return {
      status: {
        name,
        url,
        reachable: true,
        ready: health.status === 200 && body.status === 'ready',
        checks,
        error: null,
      },
      samples: parsePrometheusText(await metrics.text()),
    };
  } catch (error) {
    return {
      status: { name, url, reachable: false, ready: false, checks: {}, error: describe(error) },
      samples: [],
    };
  }
}

function fetchWithin(url: string): Promise<Response> {
  return fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS), redirect: 'error' });
}

function isChecks(value: unknown): value is Record<string, boolean> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((check) => typeof check === 'boolean')
  );
}

function total(samples: Sample[], name: string): number {
  return samples.filter((sample) => sample.name === name).reduce((sum, s) => sum + s.value, 0);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : error.message;
    return error.name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS} ms` : reason;
  }
  return String(error);
}
