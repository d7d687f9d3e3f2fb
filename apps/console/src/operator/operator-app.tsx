import { type FormEvent, useMemo, useState } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { ApiClient } from '../api/client';
import { type Company, type Page } from '../api/types';
import { ErrorNotice, PageTitle, useAction } from '../ui/components';
import { TextField } from '../ui/fields';
import { Layout } from '../ui/layout';
import { CompaniesPage } from './companies-page';
import { CompanyPage } from './company-page';
import { EventTypesPage } from './event-types-page';
import { OperatorContext } from './operator-context';
import { StatusPage } from './status-page';

/**
 * The operator console. The admin token is typed in and kept in this page's memory only (never
 * in storage): reloading the page asks for it again.
 */
export function OperatorApp() {
  const [token, setToken] = useState<string | undefined>();
  const [signedOut, setSignedOut] = useState<string | undefined>();
  const client = useMemo(
    () =>
      token
        ? new ApiClient(token, () => {
            setToken(undefined);
            setSignedOut('The admin token was refused. Sign in again.');
          })
        : undefined,
    [token],
  );
  if (!client) {
    return (
      <SignIn
        notice={signedOut}
        onSignedIn={(accepted) => {
          setSignedOut(undefined);
          setToken(accepted);
        }}
      />
    );
  }
  return (
    <OperatorContext.Provider value={client}>
      <OperatorLayout onSignOut={() => setToken(undefined)}>
        <Switch>
          <Route path="/companies" component={CompaniesPage} />
          <Route path="/companies/:id">{(params) => <CompanyPage id={params.id} />}</Route>
          <Route path="/event-types" component={EventTypesPage} />
          <Route path="/status" component={StatusPage} />
          <Route>
            <Redirect to="/companies" replace />
          </Route>
        </Switch>
      </OperatorLayout>
    </OperatorContext.Provider>
  );
}

function SignIn({ notice, onSignedIn }: { notice?: string; onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const check = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const candidate = token.trim();
    void check.run(async () => {
      // Any admin route tells whether the token is the admin token.
      await new ApiClient(candidate).get<Page<Company>>('/v1/companies', { limit: 1 });
      onSignedIn(candidate);
    });
  };
  return (
    <main id="main" className="centered">
      <form className="card sign-in" onSubmit={submit}>
        <PageTitle>Operator console</PageTitle>
        <p>Sign in with the admin token (ADMIN_TOKEN). It stays in this tab&apos;s memory only.</p>
        {notice ? (
          <p className="notice notice-warn" role="status">
            {notice}
          </p>
        ) : null}
        <TextField
          id="admin-token"
          label="Admin token"
          type="password"
          autoComplete="off"
          required
          value={token}
          onChange={setToken}
        />
        <ErrorNotice error={check.error} title="Not signed in" />
        <button type="submit" disabled={check.busy || !token.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}

function OperatorLayout({
  onSignOut,
  children,
}: {
  onSignOut: () => void;
  children: React.ReactNode;
}) {
  return (
    <Layout
      brand={
        <>
          Hookstream <span className="muted">· operator</span>
        </>
      }
      navLabel="Operator console"
      links={[
        { href: '/companies', label: 'Companies' },
        { href: '/event-types', label: 'Event types' },
        { href: '/status', label: 'Platform status' },
      ]}
      aside={
        <button type="button" className="button-secondary" onClick={onSignOut}>
          Sign out
        </button>
      }
    >
      {children}
    </Layout>
  );
}
