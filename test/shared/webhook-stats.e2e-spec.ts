import { type AttemptOutcome, type AttemptRecord, type MessageStatus } from '@app/contract';
import { type Producer } from 'kafkajs';
import { type ApiClient, newTenant } from '../support/api-client';
import { type ErrorJson, type WebhookStatsJson } from '../support/api-types';
import { eventually } from '../support/eventually';
import { useHarness } from '../support/harness';
import { connectedProducer } from '../support/kafka';

const MINUTE = 60_000;

interface PastAttempt {
  minutesAgo: number;
  durationMs: number;
  outcome: AttemptOutcome;
  status: MessageStatus;
  error?: string;
}

/** percentile_disc: the smallest value with at least that share of the values at or below it. */
function percentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const value = sorted[Math.ceil(share * sorted.length) - 1];
  if (value === undefined) throw new Error('percentile of no values');
  return value;
}

/**
 * GET /v1/webhooks/:id/stats over a known history: attempt results written to
 * hookstream.attempts with chosen outcomes, durations and times (relative to now), projected
 * into the log by the real projector.
 */
describe('endpoint stats', () => {
  const harness = useHarness();
  let producer: Producer;
  let client: ApiClient;
  let company: string;
  let webhookId: string;
  const now = Date.now();
  const history: PastAttempt[] = [
    { minutesAgo: 50, durationMs: 40, outcome: 'success', status: 'delivered' },
    { minutesAgo: 45, durationMs: 10, outcome: 'success', status: 'delivered' },
    { minutesAgo: 40, durationMs: 90, outcome: 'failure', status: 'failed' },
    { minutesAgo: 35, durationMs: 20, outcome: 'success', status: 'delivered' },
    { minutesAgo: 30, durationMs: 100, outcome: 'timeout', status: 'pending' },
    { minutesAgo: 25, durationMs: 30, outcome: 'success', status: 'delivered' },
    { minutesAgo: 20, durationMs: 70, outcome: 'error', status: 'failed' },
    { minutesAgo: 15, durationMs: 50, outcome: 'success', status: 'delivered' },
    { minutesAgo: 10, durationMs: 80, outcome: 'success', status: 'delivered' },
    { minutesAgo: 5, durationMs: 60, outcome: 'success', status: 'delivered' },
  ];
  /** Not attempts of the endpoint: two days old, and a job skipped because it was disabled. */
  const outside: PastAttempt[] = [
    { minutesAgo: 2 * 24 * 60, durationMs: 999, outcome: 'failure', status: 'failed' },
    {
      minutesAgo: 3,
      durationMs: 0,
      outcome: 'error',
      status: 'failed',
      error: 'webhook_disabled',
    },
  ];
  const atOf = (attempt: PastAttempt) => new Date(now - attempt.minutesAgo * MINUTE);

  beforeAll(async () => {
    producer = await connectedProducer();
    ({ client, company } = await newTenant(harness.admin, 'stats'));
    webhookId = (
      await client.post<{ id: string }>('/v1/webhooks', { url: `${harness.receiver.url}/stats` })
    ).body.id;
    const records = [...history, ...outside].map((attempt, index): AttemptRecord => {
      const at = atOf(attempt);
      return {
        messageId: `msg_stats_${company}_${index}`,
        webhookId,
        company,
        event: 'user.create',
        series: 0,
        attempt: 1,
        at: at.toISOString(),
        statusCode:
          attempt.outcome === 'success' ? 200 : attempt.outcome === 'failure' ? 500 : null,
        durationMs: attempt.durationMs,
        outcome: attempt.outcome,
        error: attempt.error ?? (attempt.outcome === 'success' ? null : attempt.outcome),
        responseBody: null,
        nextAttemptAt: attempt.status === 'pending' ? new Date(now + MINUTE).toISOString() : null,
        status: attempt.status,
        endReason:
          attempt.status === 'pending'
            ? null
            : attempt.status === 'delivered'
              ? 'delivered'
              : 'exhausted',
        seriesStartedAt: at.toISOString(),
        messageCreatedAt: new Date(at.getTime() - 1_000).toISOString(),
      };
    });
    await producer.send({
      topic: 'hookstream.attempts',
      messages: records.map((record) => ({ key: record.messageId, value: JSON.stringify(record) })),
    });
  });

  afterAll(async () => {
    await producer?.disconnect();
  });

  const stats = (query = '') =>
    client.get<WebhookStatsJson>(`/v1/webhooks/${webhookId}/stats${query}`);

  it('counts the last 24 hours by default: attempts, rate, percentiles, open messages, last times', async () => {
    const answer = await eventually(async () => {
      const found = await stats();
      return found.status === 200 && found.body.attempts === history.length ? found : undefined;
    });
    const successes = history.filter((attempt) => attempt.outcome === 'success');
    const failures = history.filter((attempt) => attempt.outcome !== 'success');
    const durations = history.map((attempt) => attempt.durationMs);
    const latest = (attempts: PastAttempt[]) =>
      atOf(attempts.reduce((a, b) => (a.minutesAgo < b.minutesAgo ? a : b))).toISOString();
    expect(answer.body).toEqual({
      since: expect.any(String),
      until: expect.any(String),
      attempts: history.length,
      successes: successes.length,
      failures: failures.length,
      successRate: successes.length / history.length,
      durationMs: { p50: percentile(durations, 0.5), p95: percentile(durations, 0.95) },
      // The message skipped as webhook_disabled failed too, within the window.
      messages: {
        pending: history.filter((attempt) => attempt.status === 'pending').length,
        failed: history.filter((attempt) => attempt.status === 'failed').length + 1,
      },
      lastSuccessAt: latest(successes),
      lastFailureAt: latest(failures),
    });
    const window = Date.parse(answer.body.until) - Date.parse(answer.body.since);
    expect(window).toBe(24 * 60 * MINUTE);
    expect(Math.abs(Date.parse(answer.body.until) - Date.now())).toBeLessThan(MINUTE);
  });

  it('takes since and until, including since and excluding until', async () => {
    const since = atOf(history[2]!).toISOString(); // 40 minutes ago
    const until = atOf(history[7]!).toISOString(); // 15 minutes ago
    const inside = history.slice(2, 7);
    const answer = await stats(`?since=${since}&until=${until}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      since,
      until,
      attempts: inside.length,
      successes: inside.filter((attempt) => attempt.outcome === 'success').length,
      durationMs: {
        p50: percentile(
          inside.map((attempt) => attempt.durationMs),
          0.5,
        ),
        p95: percentile(
          inside.map((attempt) => attempt.durationMs),
          0.95,
        ),
      },
    });
    const old = await stats(
      `?since=${new Date(now - 3 * 24 * 60 * MINUTE).toISOString()}&until=${new Date(now - 24 * 60 * MINUTE).toISOString()}`,
    );
    expect(old.body).toMatchObject({ attempts: 1, successes: 0, failures: 1, successRate: 0 });
  });

  it('answers nulls for an endpoint without attempts', async () => {
    const quiet = await client.post<{ id: string }>('/v1/webhooks', {
      url: `${harness.receiver.url}/quiet`,
    });
    const answer = await client.get<WebhookStatsJson>(`/v1/webhooks/${quiet.body.id}/stats`);
    expect(answer.body).toMatchObject({
      attempts: 0,
      successes: 0,
      failures: 0,
      successRate: null,
      durationMs: { p50: null, p95: null },
      messages: { pending: 0, failed: 0 },
      lastSuccessAt: null,
      lastFailureAt: null,
    });
  });

  it('validates since and until, and answers 404 for another company’s or an unknown webhook', async () => {
    for (const query of [
      '?since=yesterday',
      '?until=2026-13-01T00:00:00Z',
      `?since=${new Date(now).toISOString()}&until=${new Date(now - MINUTE).toISOString()}`,
      `?until=${new Date(now).toISOString()}&since=${new Date(now).toISOString()}`,
      '?window=1d',
    ]) {
      const answer = await client.get<ErrorJson>(`/v1/webhooks/${webhookId}/stats${query}`);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({
        query,
        status: 400,
        code: 'validation_failed',
      });
    }
    const other = await newTenant(harness.admin, 'stats-other');
    const theirs = await other.client.get<ErrorJson>(`/v1/webhooks/${webhookId}/stats`);
    expect({ status: theirs.status, code: theirs.body.code }).toEqual({
      status: 404,
      code: 'not_found',
    });
    const unknown = await client.get<ErrorJson>('/v1/webhooks/wh_01JDUNKNOWN000000000000000/stats');
    expect(unknown.status).toBe(404);
  });
});
