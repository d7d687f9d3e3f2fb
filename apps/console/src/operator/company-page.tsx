import { type FormEvent, useState } from 'react';
import {
  type ApiKey,
  type Company,
  type CreatedApiKey,
  type CreatedPortalLink,
  type Page,
  type PortalLink,
} from '../api/types';
import {
  Badge,
  Breadcrumb,
  ConfirmButton,
  CopyButton,
  ErrorNotice,
  Loading,
  PageTitle,
  SecretReveal,
  Time,
  useAction,
} from '../ui/components';
import { DataTable } from '../ui/data-table';
import { NumberChoiceField, TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { useOperator } from './operator-context';

const LINK_LIFETIMES = [
  { value: 900, label: '15 minutes' },
  { value: 3_600, label: '1 hour' },
  { value: 28_800, label: '8 hours' },
  { value: 86_400, label: '24 hours' },
];

/** One company: its API keys and portal links. */
export function CompanyPage({ id }: { id: string }) {
  const client = useOperator();
  const company = useResource(() => client.get<Company>(`/v1/companies/${id}`), `company ${id}`);
  return (
    <>
      <Breadcrumb href="/companies">Companies</Breadcrumb>
      <PageTitle>{company.data ? company.data.name : id}</PageTitle>
      <ErrorNotice error={company.error} />
      {company.data ? (
        <>
          <p className="lead">
            Company id <code>{company.data.id}</code>, created <Time iso={company.data.createdAt} />
            .
          </p>
          <ApiKeys company={id} />
          <PortalLinks company={id} />
        </>
      ) : company.error ? null : (
        <Loading what="the company" />
      )}
    </>
  );
}

function ApiKeys({ company }: { company: string }) {
  const client = useOperator();
  const keys = useResource(
    () => client.get<Page<ApiKey>>(`/v1/companies/${company}/api-keys`, { limit: 100 }),
    `keys ${company}`,
  );
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedApiKey | undefined>();
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setCreated(
        await client.post<CreatedApiKey>(`/v1/companies/${company}/api-keys`, {
          name: name.trim(),
        }),
      );
      setName('');
      keys.reload();
    });
  };
  const revoke = (keyId: string) =>
    action.run(async () => {
      await client.delete(`/v1/companies/${company}/api-keys/${keyId}`);
      keys.reload();
    });
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <form className="inline-form" onSubmit={submit}>
        <TextField
          id="key-name"
          label="Name of the new key"
          required
          placeholder="backend"
          value={name}
          onChange={setName}
        />
        <button type="submit" disabled={action.busy}>
          Create API key
        </button>
      </form>
      <ErrorNotice error={action.error} />
      {created ? (
        <SecretReveal label={`API key “${created.name}”`} secret={created.key}>
          <p>Shown only now: Hookstream keeps only its SHA-256.</p>
        </SecretReveal>
      ) : null}
      <ErrorNotice error={keys.error} />
      {keys.data ? (
        keys.data.data.length === 0 ? (
          <p className="muted">No API keys yet.</p>
        ) : (
          <DataTable label="API keys" columns={['Name', 'Key', 'Created', 'Last used', 'State']}>
            {keys.data.data.map((key) => (
              <tr key={key.id}>
                <td>{key.name}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>
                  <Time iso={key.createdAt} />
                </td>
                <td>
                  <Time iso={key.lastUsedAt} />
                </td>
                <td>
                  {key.revokedAt ? (
                    <Badge tone="neutral">revoked</Badge>
                  ) : (
                    <ConfirmButton
                      label="Revoke"
                      confirmLabel={`Revoke ${key.name}`}
                      question="It stops working at once."
                      onConfirm={() => void revoke(key.id)}
                    />
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )
      ) : null}
    </section>
  );
}

const LINK_TONE = { active: 'good', expired: 'neutral', revoked: 'neutral' } as const;

function PortalLinks({ company }: { company: string }) {
  const client = useOperator();
  const links = useResource(
    () => client.get<Page<PortalLink>>('/v1/portal-links', { company, limit: 100 }),
    `links ${company}`,
  );
  const [lifetime, setLifetime] = useState(3_600);
  const [readOnly, setReadOnly] = useState(false);
  const [created, setCreated] = useState<CreatedPortalLink | undefined>();
  const action = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      setCreated(
        await client.post<CreatedPortalLink>('/v1/portal-links', {
          company,
          expiresInSeconds: lifetime,
          readOnly,
        }),
      );
      links.reload();
    });
  };
  const revoke = (linkId: string) =>
    action.run(async () => {
      await client.delete(`/v1/portal-links/${linkId}`);
      links.reload();
    });
  return (
    <section className="card" aria-labelledby="links-title">
      <h2 id="links-title">Portal links</h2>
      <p>
        A link opens this company&apos;s webhook portal, for this company only, until it expires.
      </p>
      <form className="inline-form" onSubmit={submit}>
        <NumberChoiceField
          id="link-lifetime"
          label="Works for"
          options={LINK_LIFETIMES}
          value={lifetime}
          onChange={setLifetime}
        />
        <label className="check">
          <input
            type="checkbox"
            checked={readOnly}
            onChange={(event) => setReadOnly(event.target.checked)}
          />
          Read-only
        </label>
        <button type="submit" disabled={action.busy}>
          Create portal link
        </button>
      </form>
      <ErrorNotice error={action.error} />
      {created ? (
        <div className="notice notice-secret" role="status">
          <p>
            <strong>Portal link</strong> (until <Time iso={created.expiresAt} />
            {created.readOnly ? ', read-only' : ''}) — shown only now:
          </p>
          <div className="secret-row">
            <input className="secret" readOnly value={created.url} aria-label="Portal link" />
            <CopyButton text={created.url} />
            <a
              className="button button-secondary"
              href={created.url}
              target="_blank"
              rel="noreferrer"
            >
              Open
            </a>
          </div>
        </div>
      ) : null}
      <ErrorNotice error={links.error} />
      {links.data && links.data.data.length > 0 ? (
        <DataTable label="Portal links" columns={['Link', 'Made by', 'Expires', 'State']}>
          {[...links.data.data].reverse().map((link) => (
            <tr key={link.id}>
              <td>
                <code>{link.id}</code>
                {link.readOnly ? <span className="muted small"> read-only</span> : null}
              </td>
              <td>{link.createdBy}</td>
              <td>
                <Time iso={link.expiresAt} />
              </td>
              <td>
                <Badge tone={LINK_TONE[link.status]}>{link.status}</Badge>{' '}
                {link.status === 'active' ? (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Revoke link"
                    question="Its sessions end at once."
                    onConfirm={() => void revoke(link.id)}
                  />
                ) : null}
              </td>
            </tr>
          ))}
        </DataTable>
      ) : null}
    </section>
  );
}
