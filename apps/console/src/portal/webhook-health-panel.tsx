import { Link } from 'wouter';
import { ApiFailure, type ApiClient } from '../api/client';
import { type MessageSummary, type Page, type WebhookStats } from '../api/types';
import { duration, percent } from '../lib/format';
import { healthFromMessages, healthFromStats, type WebhookHealth } from '../lib/webhook-health';
import { ErrorNotice, Loading, StatusBadge, Time } from '../ui/components';
import { useResource } from '../ui/use-resource';

const PERIOD_MS = 86_400_000;
const REFRESH_MS = 10_000;

/**
 * The webhook's last 24 hours from GET /v1/webhooks/:id/stats; where the API has no such route
 * (it answers 404 not_found for the route, the webhook itself being there), from the newest
 * page of its message log instead.
 */
async function loadHealth(client: ApiClient, webhookId: string): Promise<WebhookHealth> {
  const until = new Date();
  const since = new Date(until.getTime() - PERIOD_MS);
  try {
    const stats = await client.get<WebhookStats>(`/v1/webhooks/${webhookId}/stats`, {
      since: since.toISOString(),
      until: until.toISOString(),
    });
    return healthFromStats(stats);
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 404) throw error;
    const page = await client.get<Page<MessageSummary>>('/v1/messages', {
      webhookId,
      since: since.toISOString(),
      limit: 100,
    });
    return healthFromMessages(page.data, page.nextCursor !== null);
  }
}

export function WebhookHealthPanel({
  client,
  webhookId,
}: {
  client: ApiClient;
  webhookId: string;
}) {
  const health = useResource(
    () => loadHealth(client, webhookId),
    `health ${webhookId}`,
    REFRESH_MS,
  );
  const failures = useResource(
    () =>
      client.get<Page<MessageSummary>>('/v1/messages', { webhookId, status: 'failed', limit: 5 }),
    `failures ${webhookId}`,
    REFRESH_MS,
  );
  const data = health.data;
  return (
    <section className="card" aria-labelledby="health-title">
      <h2 id="health-title">Health, last 24 hours</h2>
      <ErrorNotice error={health.error} />
      {!data ? (
        health.error ? null : (
          <Loading what="health" />
        )
      ) : (
        <>
          <dl className="stats">
            <div>
              <dt>Success rate</dt>
              <dd className={rateTone(data.successRate)}>{percent(data.successRate)}</dd>
            </div>
            <div>
              <dt>{data.sampleUnit === 'attempts' ? 'Attempts' : 'Finished messages'}</dt>
              <dd>
                {data.sample}
                {data.partial ? '+' : ''}
              </dd>
            </div>
            <div>
              <dt>Failed</dt>
              <dd>{data.failures}</dd>
            </div>
            <div>
              <dt>Pending</dt>
              <dd>{data.pending ?? '—'}</dd>
            </div>
            {data.source === 'stats' ? (
              <div>
                <dt>Response time p50 / p95</dt>
                <dd>
                  {duration(data.p50Ms)} / {duration(data.p95Ms)}
                </dd>
              </div>
            ) : null}
            <div>
              <dt>Last success</dt>
              <dd>
                <Time iso={data.lastSuccessAt} relative />
              </dd>
            </div>
            <div>
              <dt>Last failure</dt>
              <dd>
                <Time iso={data.lastFailureAt} relative />
              </dd>
            </div>
          </dl>
          {data.source === 'log' ? (
            <p className="muted small">
              From the message log: the share of delivered among finished messages
              {data.partial ? ' (the newest 100)' : ''}.
            </p>
          ) : null}
        </>
      )}
      <h3>Recent failures</h3>
      <ErrorNotice error={failures.error} />
      {failures.data ? (
        failures.data.data.length === 0 ? (
          <p className="muted">No failed messages.</p>
        ) : (
          <ul className="failures">
            {failures.data.data.map((message) => (
              <li key={message.id}>
                <StatusBadge status={message.status} /> <code>{message.event}</code>{' '}
                <Time iso={message.updatedAt} />{' '}
                <Link href={`/messages/${message.id}`}>View attempts</Link>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

function rateTone(rate: number | null): string {
  if (rate === null) return '';
  return rate >= 0.99 ? 'good' : rate >= 0.9 ? 'warn' : 'bad';
}
