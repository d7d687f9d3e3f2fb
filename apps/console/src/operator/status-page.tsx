import { type AttemptOutcome, type PlatformStatus } from '../api/types';
import { rate } from '../lib/format';
import { Badge, ErrorNotice, Loading, PageTitle, Time } from '../ui/components';
import { DataTable } from '../ui/data-table';
import { useResource } from '../ui/use-resource';
import { useOperator } from './operator-context';

const OUTCOMES: Array<{ outcome: AttemptOutcome; label: string }> = [
  { outcome: 'success', label: 'Succeeded' },
  { outcome: 'failure', label: 'Failed (HTTP)' },
  { outcome: 'timeout', label: 'Timed out' },
  { outcome: 'error', label: 'Errors' },
];

/** The platform now, refreshed every 5 seconds. */
export function StatusPage() {
  const client = useOperator();
  const status = useResource(
    () => client.get<PlatformStatus>('/v1/platform-status'),
    'platform-status',
    5_000,
  );
  const data = status.data;
  return (
    <>
      <PageTitle>Platform status</PageTitle>
      <ErrorNotice error={status.error} />
      {!data ? (
        <Loading what="the platform status" />
      ) : (
        <>
          <p className="muted small" aria-live="polite">
            Checked <Time iso={data.checkedAt} />; refreshed every 5 s.
          </p>
          <section aria-labelledby="apps-title">
            <h2 id="apps-title">Apps</h2>
            <ul className="app-cards">
              {data.apps.map((app) => (
                <li key={app.name} className="card">
                  <h3>{app.name}</h3>
                  {app.ready ? (
                    <Badge tone="good">ready</Badge>
                  ) : app.reachable ? (
                    <Badge tone="warn">not ready</Badge>
                  ) : (
                    <Badge tone="bad">unreachable</Badge>
                  )}
                  <p className="muted small url">{app.url}</p>
                  {app.error ? <p className="small">{app.error}</p> : null}
                  <ul className="checks">
                    {Object.entries(app.checks).map(([name, ok]) => (
                      <li key={name}>
                        <span aria-hidden="true">{ok ? '✓' : '✗'}</span> {name}
                        <span className="visually-hidden">{ok ? ' passes' : ' fails'}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </section>
          <section className="card" aria-labelledby="deliveries-title">
            <h2 id="deliveries-title">Deliveries per second</h2>
            <dl className="stats">
              {OUTCOMES.map(({ outcome, label }) => (
                <div key={outcome}>
                  <dt>{label}</dt>
                  <dd>{rate(data.deliveries.perSecond?.[outcome] ?? null)}</dd>
                </div>
              ))}
              <div>
                <dt>Dead-lettered</dt>
                <dd className={data.deadLettered ? 'bad' : ''}>{data.deadLettered ?? '—'}</dd>
              </div>
            </dl>
            <p className="muted small">
              {data.deliveries.windowSeconds === null
                ? 'Measuring: rates appear with the next refresh.'
                : `Over the last ${Math.round(data.deliveries.windowSeconds)} s.`}{' '}
              {data.deliveries.total
                ? `Since the delivery app started: ${data.deliveries.total.success} succeeded, ${
                    data.deliveries.total.failure +
                    data.deliveries.total.timeout +
                    data.deliveries.total.error
                  } failed; dead letters counted since then too.`
                : null}
            </p>
          </section>
          <section className="card" aria-labelledby="lag-title">
            <h2 id="lag-title">Consumer lag</h2>
            {data.consumerLag.length === 0 ? (
              <p className="muted">No lag reported yet.</p>
            ) : (
              <DataTable
                label="Consumer lag"
                columns={['App', 'Topic', { label: 'Records behind', className: 'number' }]}
              >
                {data.consumerLag.map((entry) => (
                  <tr key={`${entry.app} ${entry.topic}`}>
                    <td>{entry.app}</td>
                    <td>
                      <code>{entry.topic}</code>
                    </td>
                    <td className="number">{entry.lag}</td>
                  </tr>
                ))}
              </DataTable>
            )}
          </section>
        </>
      )}
    </>
  );
}
