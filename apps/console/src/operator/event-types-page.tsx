import { type FormEvent, useState } from 'react';
import { type EventType } from '../api/types';
import { Badge, ErrorNotice, Loading, PageTitle, useAction } from '../ui/components';
import { DataTable } from '../ui/data-table';
import { TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { useOperator } from './operator-context';

/** The catalog UIs offer (it documents; webhooks may subscribe to other types too). */
export function EventTypesPage() {
  const client = useOperator();
  const types = useResource(
    () => client.get<{ data: EventType[] }>('/v1/event-types'),
    'event-types',
  );
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      await client.post<EventType>('/v1/event-types', {
        name: name.trim(),
        description: description.trim(),
      });
      setName('');
      setDescription('');
      types.reload();
    });
  };
  const setDeprecated = (type: EventType, deprecated: boolean) =>
    action.run(async () => {
      await client.patch<EventType>(`/v1/event-types/${type.name}`, { deprecated });
      types.reload();
    });
  return (
    <>
      <PageTitle>Event types</PageTitle>
      <p className="lead">
        The types the portal offers. Producers may emit others, and webhooks may subscribe to them;
        deprecated types are still delivered but no longer offered.
      </p>
      <form className="card inline-form" onSubmit={submit} aria-labelledby="new-type">
        <h2 id="new-type">New event type</h2>
        <TextField
          id="type-name"
          label="Name"
          required
          placeholder="invoice.paid"
          value={name}
          onChange={setName}
        />
        <TextField
          id="type-description"
          label="Description"
          grow
          required
          placeholder="When an invoice is paid"
          value={description}
          onChange={setDescription}
        />
        <button type="submit" disabled={action.busy}>
          Add event type
        </button>
      </form>
      <ErrorNotice error={action.error} />
      <ErrorNotice error={types.error} />
      {!types.data ? (
        <Loading what="event types" />
      ) : (
        <DataTable label="Event types" columns={['Name', 'Description', 'State']}>
          {types.data.data.map((type) => (
            <tr key={type.name}>
              <td>
                <code>{type.name}</code>
              </td>
              <td>{type.description}</td>
              <td>
                {type.deprecated ? (
                  <Badge tone="warn">deprecated</Badge>
                ) : (
                  <Badge tone="good">offered</Badge>
                )}{' '}
                <button
                  type="button"
                  className="button-link"
                  disabled={action.busy}
                  aria-label={`${type.deprecated ? 'Offer' : 'Deprecate'} ${type.name}`}
                  onClick={() => void setDeprecated(type, !type.deprecated)}
                >
                  {type.deprecated ? 'Offer again' : 'Deprecate'}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
