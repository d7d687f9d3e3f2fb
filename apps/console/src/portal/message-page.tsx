import { Link } from 'wouter';
import { type Attempt, type Message } from '../api/types';
import { duration } from '../lib/format';
import {
  Badge,
  Breadcrumb,
  ErrorNotice,
  Pending,
  PageTitle,
  StatusBadge,
  ScrollRegion,
  Time,
  useAction,
} from '../ui/components';
import { DataTable } from '../ui/data-table';
import { useResource } from '../ui/use-resource';
import { usePortal } from './portal-context';

const OUTCOME_TONE: Record<Attempt['outcome'], 'good' | 'bad' | 'warn'> = {
  success: 'good',
  failure: 'bad',
  timeout: 'warn',
  error: 'bad',
};

/** One message: what the receiver got, and every attempt; followed live while pending. */
export function MessagePage({ id }: { id: string }) {
  const { client, session } = usePortal();
  const message = useResource(
    () => client.get<Message>(`/v1/messages/${id}`),
    `message ${id}`,
    2_000,
  );
  const redeliver = useAction();

  if (!message.data) {
    return <Pending title="Message" error={message.error} what="the message" />;
  }
  const current = message.data;
  return (
    <>
      <Breadcrumb href="/messages">Messages</Breadcrumb>
      <PageTitle
        actions={
          session.readOnly ? null : (
            <button
              type="button"
              disabled={redeliver.busy}
              onClick={() =>
                void redeliver.run(async () => {
                  await client.post(`/v1/messages/${id}/redeliver`);
                  message.reload();
                })
              }
            >
              Redeliver
            </button>
          )
        }
      >
        <code>{current.event}</code> <StatusBadge status={current.status} />
      </PageTitle>
      <ErrorNotice error={redeliver.error} title="Not redelivered" />
      <section className="card" aria-labelledby="message-title">
        <h2 id="message-title" className="visually-hidden">
          Message
        </h2>
        <dl className="details">
          <dt>Message id</dt>
          <dd>
            <code>{current.id}</code> <span className="muted small">(the webhook-id header)</span>
          </dd>
          <dt>Event id</dt>
          <dd>
            <code>{current.eventId ?? '—'}</code>
          </dd>
          <dt>Endpoint</dt>
          <dd>
            <Link href={`/webhooks/${current.webhookId}`}>{current.webhookId}</Link>
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={current.createdAt} />
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Attempts</h2>
        {current.attempts.length === 0 ? (
          <p className="muted" role="status">
            No attempt yet.
          </p>
        ) : (
          <DataTable
            label="Attempts"
            className="attempts"
            columns={['#', 'Time', 'Status code', 'Duration', 'Outcome', 'Error', 'Response body']}
          >
            {current.attempts.map((attempt, index) => (
              <tr key={index}>
                <td>
                  {attempt.attempt}
                  {/* Attempts come series by series: a 1 after others starts a redelivery. */}
                  {index > 0 && attempt.attempt === 1 ? (
                    <div className="muted small">redelivery</div>
                  ) : null}
                </td>
                <td>
                  <Time iso={attempt.at} />
                </td>
                <td>{attempt.statusCode ?? '—'}</td>
                <td>{duration(attempt.durationMs)}</td>
                <td>
                  <Badge tone={OUTCOME_TONE[attempt.outcome]}>{attempt.outcome}</Badge>
                  {attempt.nextAttemptAt && index === current.attempts.length - 1 ? (
                    <div className="muted small">
                      retry <Time iso={attempt.nextAttemptAt} relative />
                    </div>
                  ) : null}
                </td>
                <td className="small">{attempt.error ?? '—'}</td>
                <td>
                  {attempt.responseBody ? (
                    <details>
                      <summary>Show</summary>
                      <pre className="code">{attempt.responseBody}</pre>
                    </details>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section className="card" aria-labelledby="payload-title">
        <h2 id="payload-title">Payload</h2>
        {current.payload ? (
          <ScrollRegion label="Payload JSON">
            <pre className="code">{JSON.stringify(current.payload, null, 2)}</pre>
          </ScrollRegion>
        ) : (
          <p className="muted">Not in the log yet.</p>
        )}
      </section>
    </>
  );
}
