import { Link } from 'wouter';
import { type Page, type Webhook } from '../api/types';
import { ErrorNotice, Loading, PageTitle, Pager, Time, usePager } from '../ui/components';
import { DataTable } from '../ui/data-table';
import { useResource } from '../ui/use-resource';
import { usePortal } from './portal-context';
import { WebhookState } from './webhook-state';

export function WebhooksPage() {
  const { client, session } = usePortal();
  const pager = usePager('webhooks');
  const webhooks = useResource(
    () => client.get<Page<Webhook>>('/v1/webhooks', { limit: 20, cursor: pager.cursor }),
    `webhooks ${pager.cursor ?? ''}`,
  );
  return (
    <>
      <PageTitle
        actions={
          session.readOnly ? null : (
            <Link className="button" href="/webhooks/new">
              Add endpoint
            </Link>
          )
        }
      >
        Endpoints
      </PageTitle>
      <p className="lead">
        Where {session.company.name} sends webhooks. Each endpoint receives the events it subscribes
        to, signed with its secret.
      </p>
      <ErrorNotice error={webhooks.error} />
      {!webhooks.data ? (
        <Loading what="endpoints" />
      ) : webhooks.data.data.length === 0 && pager.page === 1 ? (
        <div className="card empty">
          <h2>No endpoints yet</h2>
          <p>Add an endpoint to start receiving events.</p>
        </div>
      ) : (
        <>
          <DataTable label="Endpoints" columns={['Endpoint', 'Events', 'State', 'Created']}>
            {webhooks.data.data.map((webhook) => (
              <tr key={webhook.id}>
                <td>
                  <Link href={`/webhooks/${webhook.id}`} className="url">
                    {webhook.url}
                  </Link>
                  {webhook.description ? (
                    <div className="muted small">{webhook.description}</div>
                  ) : null}
                </td>
                <td>
                  <EventList events={webhook.events} />
                </td>
                <td>
                  <WebhookState webhook={webhook} />
                </td>
                <td>
                  <Time iso={webhook.createdAt} />
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager pager={pager} nextCursor={webhooks.data.nextCursor} />
        </>
      )}
    </>
  );
}

export function EventList({ events }: { events: string[] }) {
  return (
    <ul className="chips" aria-label="Subscribed events">
      {events.map((event) => (
        <li key={event} className="chip">
          {event === '*' ? 'all events' : event}
        </li>
      ))}
    </ul>
  );
}
