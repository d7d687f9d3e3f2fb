import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { type EventType, type MessageSummary, type Page, type Webhook } from '../api/types';
import { isoToLocalInput, localInputToIso } from '../lib/format';
import {
  ErrorNotice,
  Loading,
  PageTitle,
  Pager,
  StatusBadge,
  Time,
  usePager,
} from '../ui/components';
import { DataTable } from '../ui/data-table';
import { SelectField, TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { usePortal } from './portal-context';

const FILTERS = ['status', 'event', 'webhookId', 'since', 'until'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** The message log, newest first; the filters live in the address, so a view can be shared. */
export function MessagesPage() {
  const { client } = usePortal();
  const search = useSearch();
  const [, navigate] = useLocation();
  const filters = readFilters(search);
  const pager = usePager(search);
  const messages = useResource(
    () =>
      client.get<Page<MessageSummary>>('/v1/messages', {
        ...filters,
        limit: 25,
        cursor: pager.cursor,
      }),
    `messages ${search} ${pager.cursor ?? ''}`,
    // The first page follows deliveries as they happen.
    pager.page === 1 ? 5_000 : undefined,
  );
  const webhooks = useResource(
    () => client.get<Page<Webhook>>('/v1/webhooks', { limit: 100 }),
    'webhooks',
  );
  const catalog = useResource(
    () => client.get<{ data: EventType[] }>('/v1/event-types'),
    'event-types',
  );
  const urlOf = new Map(webhooks.data?.data.map((webhook) => [webhook.id, webhook.url]));

  return (
    <>
      <PageTitle>Messages</PageTitle>
      <FilterForm
        key={search}
        filters={filters}
        webhooks={webhooks.data?.data ?? []}
        eventTypes={catalog.data?.data ?? []}
        onApply={(next) => navigate(`/messages${toSearch(next)}`)}
      />
      <ErrorNotice error={messages.error} />
      {!messages.data ? (
        <Loading what="messages" />
      ) : messages.data.data.length === 0 ? (
        <div className="card empty">
          <h2>No messages</h2>
          <p>
            {search ? 'Nothing matches these filters.' : 'Messages appear here as events are sent.'}
          </p>
        </div>
      ) : (
        <>
          <DataTable
            label="Messages"
            columns={[
              'Created',
              'Event',
              'Endpoint',
              'Status',
              { label: <span className="visually-hidden">Details</span> },
            ]}
          >
            {messages.data.data.map((message) => (
              <tr key={message.id}>
                <td>
                  <Time iso={message.createdAt} />
                </td>
                <td>
                  <code>{message.event}</code>
                </td>
                <td className="url small">{urlOf.get(message.webhookId) ?? message.webhookId}</td>
                <td>
                  <StatusBadge status={message.status} />
                </td>
                <td>
                  <Link href={`/messages/${message.id}`} aria-label={`Message ${message.id}`}>
                    Details
                  </Link>
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager
            pager={pager}
            nextCursor={messages.data.nextCursor}
            labels={['← Newer', 'Older →']}
          />
        </>
      )}
    </>
  );
}

function FilterForm({
  filters,
  webhooks,
  eventTypes,
  onApply,
}: {
  filters: Filters;
  webhooks: Webhook[];
  eventTypes: EventType[];
  onApply: (filters: Filters) => void;
}) {
  const [draft, setDraft] = useState({
    status: filters.status ?? '',
    event: filters.event ?? '',
    webhookId: filters.webhookId ?? '',
    since: filters.since ? isoToLocalInput(filters.since) : '',
    until: filters.until ? isoToLocalInput(filters.until) : '',
  });
  const set = (name: keyof typeof draft) => (value: string) =>
    setDraft({ ...draft, [name]: value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply({
      status: draft.status || undefined,
      event: draft.event.trim() || undefined,
      webhookId: draft.webhookId || undefined,
      since: localInputToIso(draft.since),
      until: localInputToIso(draft.until),
    });
  };
  return (
    <form className="filters card" onSubmit={submit} aria-label="Filter messages">
      <SelectField id="filter-status" label="Status" value={draft.status} onChange={set('status')}>
        <option value="">Any</option>
        <option value="pending">Pending</option>
        <option value="delivered">Delivered</option>
        <option value="failed">Failed</option>
      </SelectField>
      <TextField
        id="filter-event"
        label="Event type"
        list="event-types"
        value={draft.event}
        placeholder="user.create"
        onChange={set('event')}
      >
        <datalist id="event-types">
          {eventTypes.map((type) => (
            <option key={type.name} value={type.name} />
          ))}
        </datalist>
      </TextField>
      <SelectField
        id="filter-webhook"
        label="Endpoint"
        value={draft.webhookId}
        onChange={set('webhookId')}
      >
        <option value="">Any</option>
        {webhooks.map((webhook) => (
          <option key={webhook.id} value={webhook.id}>
            {webhook.url}
          </option>
        ))}
      </SelectField>
      <TextField
        id="filter-since"
        label="From"
        type="datetime-local"
        value={draft.since}
        onChange={set('since')}
      />
      <TextField
        id="filter-until"
        label="Until"
        type="datetime-local"
        value={draft.until}
        onChange={set('until')}
      />
      <div className="actions">
        <button type="submit">Apply filters</button>
        <button type="button" className="button-secondary" onClick={() => onApply({})}>
          Clear
        </button>
      </div>
    </form>
  );
}

function readFilters(search: string): Filters {
  const params = new URLSearchParams(search);
  const filters: Filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function toSearch(filters: Filters): string {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    const value = filters[name];
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
