import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type SentTestEvent, type Webhook } from '../api/types';
import { isoToLocalInput, localInputToIso } from '../lib/format';
import {
  Breadcrumb,
  ConfirmButton,
  ErrorNotice,
  Pending,
  PageTitle,
  SecretReveal,
  Time,
  useAction,
} from '../ui/components';
import { NumberChoiceField, TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { usePortal } from './portal-context';
import { WebhookHealthPanel } from './webhook-health-panel';
import { WebhookState } from './webhook-state';
import { EventList } from './webhooks-page';

const GRACE_PERIODS = [
  { value: 0, label: 'none: stop the old secret now' },
  { value: 3_600, label: '1 hour' },
  { value: 86_400, label: '24 hours' },
  { value: 604_800, label: '7 days' },
];

export function WebhookPage({ id }: { id: string }) {
  const { client, session } = usePortal();
  const [, navigate] = useLocation();
  const webhook = useResource(() => client.get<Webhook>(`/v1/webhooks/${id}`), `webhook ${id}`);
  const action = useAction();
  const [sent, setSent] = useState<SentTestEvent | undefined>();
  const [rotated, setRotated] = useState<{ secret: string; oldUntil: string | null } | undefined>();
  const [grace, setGrace] = useState(86_400);
  const [since, setSince] = useState(() =>
    isoToLocalInput(new Date(Date.now() - 86_400_000).toISOString()),
  );
  const [recovered, setRecovered] = useState<number | undefined>();

  if (!webhook.data) {
    return <Pending title="Endpoint" error={webhook.error} what="the endpoint" />;
  }
  const current = webhook.data;
  const writable = !session.readOnly;

  const setEnabled = (enabled: boolean) =>
    action.run(async () => {
      await client.patch<Webhook>(`/v1/webhooks/${id}`, { enabled });
      webhook.reload();
    });
  const sendTest = () =>
    action.run(async () =>
      setSent(await client.post<SentTestEvent>(`/v1/webhooks/${id}/test-event`)),
    );
  const rotate = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const { secret } = await client.post<{ secret: string }>(`/v1/webhooks/${id}/rotate-secret`, {
        gracePeriodSeconds: grace,
      });
      setRotated({
        secret,
        oldUntil: grace > 0 ? new Date(Date.now() + grace * 1_000).toISOString() : null,
      });
    });
  };
  const recover = (event: FormEvent) => {
    event.preventDefault();
    const iso = localInputToIso(since);
    if (!iso) return;
    void action.run(async () => {
      const { count } = await client.post<{ count: number }>(`/v1/webhooks/${id}/recover`, {
        since: iso,
      });
      setRecovered(count);
    });
  };
  const remove = () =>
    action.run(async () => {
      await client.delete(`/v1/webhooks/${id}`);
      navigate('/webhooks');
    });

  return (
    <>
      <Breadcrumb href="/webhooks">Endpoints</Breadcrumb>
      <PageTitle
        actions={
          writable ? (
            <>
              <Link className="button button-secondary" href={`/webhooks/${id}/edit`}>
                Edit
              </Link>
              {current.enabled ? (
                <button
                  type="button"
                  className="button-secondary"
                  disabled={action.busy}
                  onClick={() => void setEnabled(false)}
                >
                  Disable
                </button>
              ) : (
                <button type="button" disabled={action.busy} onClick={() => void setEnabled(true)}>
                  Enable
                </button>
              )}
              <ConfirmButton
                label="Delete"
                confirmLabel="Delete endpoint"
                question="Delete this endpoint? It stops receiving events."
                disabled={action.busy}
                onConfirm={() => void remove()}
              />
            </>
          ) : null
        }
      >
        <span className="url">{current.url}</span>
      </PageTitle>
      <ErrorNotice error={action.error} />
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title" className="visually-hidden">
          Details
        </h2>
        <dl className="details">
          <dt>State</dt>
          <dd>
            <WebhookState webhook={current} />
          </dd>
          {current.description ? (
            <>
              <dt>Description</dt>
              <dd>{current.description}</dd>
            </>
          ) : null}
          <dt>Events</dt>
          <dd>
            <EventList events={current.events} />
          </dd>
          <dt>Id</dt>
          <dd>
            <code>{current.id}</code>
          </dd>
          <dt>Created</dt>
          <dd>
            <Time iso={current.createdAt} />
          </dd>
        </dl>
        <p>
          <Link href={`/messages?webhookId=${id}`}>Messages sent to this endpoint →</Link>
        </p>
      </section>

      {writable ? (
        <section className="card" aria-labelledby="test-title">
          <h2 id="test-title">Send a test event</h2>
          <p>
            Sends a <code>hookstream.test</code> event to this endpoint only, signed and logged like
            any other.
          </p>
          <button
            type="button"
            disabled={action.busy || !current.enabled}
            onClick={() => void sendTest()}
          >
            Send test event
          </button>
          {!current.enabled ? (
            <p className="muted small">Enable the endpoint to send one.</p>
          ) : null}
          {sent ? (
            <p role="status" className="notice notice-good">
              Test event sent as message <code>{sent.messageId}</code>.{' '}
              <Link href={`/messages/${sent.messageId}`}>Follow its delivery</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <WebhookHealthPanel client={client} webhookId={id} />

      {writable ? (
        <section className="card" aria-labelledby="secret-title">
          <h2 id="secret-title">Signing secret</h2>
          <p>
            The secret is shown only when it is made. Rotate it to get a new one; the old one keeps
            signing during the grace period, so receivers can switch without missing a webhook.
          </p>
          <form className="inline-form" onSubmit={rotate}>
            <NumberChoiceField
              id="grace"
              label="Old secret keeps signing for"
              options={GRACE_PERIODS}
              value={grace}
              onChange={setGrace}
            />
            <button type="submit" disabled={action.busy}>
              Rotate secret
            </button>
          </form>
          {rotated ? (
            <SecretReveal label="New signing secret" secret={rotated.secret}>
              <p>
                Shown only now.{' '}
                {rotated.oldUntil ? (
                  <>
                    The previous secret keeps signing until <Time iso={rotated.oldUntil} />.
                  </>
                ) : (
                  'The previous secret no longer signs.'
                )}
              </p>
            </SecretReveal>
          ) : null}
        </section>
      ) : null}

      {writable ? (
        <section className="card" aria-labelledby="recover-title">
          <h2 id="recover-title">Recover failed messages</h2>
          <p>Sends again every message to this endpoint that failed since the time you choose.</p>
          <form className="inline-form" onSubmit={recover}>
            <TextField
              id="recover-since"
              label="Failed since"
              type="datetime-local"
              required
              value={since}
              onChange={setSince}
            />
            <button type="submit" disabled={action.busy || !current.enabled}>
              Recover
            </button>
          </form>
          {recovered !== undefined ? (
            <p role="status" className="notice notice-good">
              {recovered === 0
                ? 'No failed messages in that time.'
                : `${recovered} failed message${recovered === 1 ? '' : 's'} sent again.`}
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
