import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type CreatedWebhook, type EventType, type Webhook } from '../api/types';
import { ErrorNotice, PageTitle, Pending, SecretReveal, useAction } from '../ui/components';
import { TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { EventFilterPicker } from './event-filter-picker';
import { usePortal } from './portal-context';

/** Adds an endpoint (showing its secret once) or changes one (`id`). */
export function WebhookFormPage({ id }: { id?: string }) {
  const { client } = usePortal();
  const catalog = useResource(
    () => client.get<{ data: EventType[] }>('/v1/event-types'),
    'event-types',
  );
  const existing = useResource(
    () => (id ? client.get<Webhook>(`/v1/webhooks/${id}`) : Promise.resolve(undefined)),
    `webhook ${id ?? 'new'}`,
  );
  const title = id ? 'Edit endpoint' : 'Add an endpoint';
  if ((id && !existing.data) || !catalog.data) {
    return (
      <Pending
        title={title}
        error={existing.error ?? catalog.error}
        what={id ? 'the endpoint' : 'event types'}
      />
    );
  }
  return (
    <WebhookForm
      key={id ?? 'new'}
      title={title}
      existing={existing.data}
      catalog={catalog.data.data}
    />
  );
}

function WebhookForm({
  title,
  existing,
  catalog,
}: {
  title: string;
  existing: Webhook | undefined;
  catalog: EventType[];
}) {
  const { client } = usePortal();
  const [, navigate] = useLocation();
  const [url, setUrl] = useState(existing?.url ?? '');
  const [description, setDescription] = useState(existing?.description ?? '');
  const [events, setEvents] = useState<string[]>(existing?.events ?? ['*']);
  const [created, setCreated] = useState<CreatedWebhook | undefined>();
  const save = useAction();
  const id = existing?.id;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save.run(async () => {
      if (id) {
        await client.patch<Webhook>(`/v1/webhooks/${id}`, { url, description, events });
        navigate(`/webhooks/${id}`);
      } else {
        setCreated(await client.post<CreatedWebhook>('/v1/webhooks', { url, description, events }));
      }
    });
  };

  if (created) {
    return (
      <>
        <PageTitle>Endpoint added</PageTitle>
        <SecretReveal label="Signing secret" secret={created.secret}>
          <p>
            Verify every webhook with this secret (any Standard Webhooks library does). It is shown
            only now: copy it into your receiver&apos;s configuration before you leave this page.
          </p>
        </SecretReveal>
        <p>
          <Link className="button" href={`/webhooks/${created.id}`}>
            Go to the endpoint
          </Link>
        </p>
      </>
    );
  }
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <form className="form card" onSubmit={submit}>
        <TextField
          id="webhook-url"
          label="Endpoint URL"
          hint="Hookstream POSTs each event here as JSON."
          type="url"
          required
          inputMode="url"
          autoComplete="url"
          placeholder="https://example.com/webhooks"
          value={url}
          onChange={setUrl}
        />
        <TextField
          id="webhook-description"
          label="Description (optional)"
          maxLength={1000}
          value={description}
          onChange={setDescription}
        />
        <EventFilterPicker catalog={catalog} value={events} onChange={setEvents} />
        <ErrorNotice error={save.error} title={id ? 'Not saved' : 'Not added'} />
        <div className="actions">
          <button type="submit" disabled={save.busy || events.length === 0}>
            {id ? 'Save changes' : 'Add endpoint'}
          </button>
          <Link className="button button-secondary" href={id ? `/webhooks/${id}` : '/webhooks'}>
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
