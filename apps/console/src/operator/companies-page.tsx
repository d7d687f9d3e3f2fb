import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type Company, type Page } from '../api/types';
import {
  ErrorNotice,
  Loading,
  PageTitle,
  Pager,
  Time,
  useAction,
  usePager,
} from '../ui/components';
import { DataTable } from '../ui/data-table';
import { TextField } from '../ui/fields';
import { useResource } from '../ui/use-resource';
import { useOperator } from './operator-context';

export function CompaniesPage() {
  const client = useOperator();
  const [, navigate] = useLocation();
  const pager = usePager('companies');
  const companies = useResource(
    () => client.get<Page<Company>>('/v1/companies', { limit: 25, cursor: pager.cursor }),
    `companies ${pager.cursor ?? ''}`,
  );
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const create = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run(async () => {
      const company = await client.post<Company>('/v1/companies', {
        id: id.trim(),
        name: name.trim(),
      });
      navigate(`/companies/${company.id}`);
    });
  };
  return (
    <>
      <PageTitle>Companies</PageTitle>
      <form className="card inline-form" onSubmit={submit} aria-labelledby="new-company">
        <h2 id="new-company">New company</h2>
        <TextField
          id="company-id"
          label="Id"
          hint="Events name their company by it: a-z, 0-9, _ and -."
          required
          pattern="[a-z0-9][a-z0-9_\-]{1,63}"
          placeholder="acme"
          value={id}
          onChange={setId}
        />
        <TextField
          id="company-name"
          label="Name"
          required
          placeholder="Acme Inc"
          value={name}
          onChange={setName}
        />
        <button type="submit" disabled={create.busy}>
          Create company
        </button>
        <ErrorNotice error={create.error} title="Not created" />
      </form>
      <ErrorNotice error={companies.error} />
      {!companies.data ? (
        <Loading what="companies" />
      ) : companies.data.data.length === 0 && pager.page === 1 ? (
        <p className="muted">No companies yet.</p>
      ) : (
        <>
          <DataTable label="Companies" columns={['Id', 'Name', 'Created']}>
            {companies.data.data.map((company) => (
              <tr key={company.id}>
                <td>
                  <Link href={`/companies/${company.id}`}>{company.id}</Link>
                </td>
                <td>{company.name}</td>
                <td>
                  <Time iso={company.createdAt} />
                </td>
              </tr>
            ))}
          </DataTable>
          <Pager pager={pager} nextCursor={companies.data.nextCursor} />
        </>
      )}
    </>
  );
}
