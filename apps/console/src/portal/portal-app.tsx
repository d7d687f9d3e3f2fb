import { useEffect, useMemo, useState } from 'react';
import { Redirect, Route, Switch } from 'wouter';
import { ApiClient, ApiFailure } from '../api/client';
import { type PortalSession } from '../api/types';
import { Badge, Loading, Time } from '../ui/components';
import { Layout } from '../ui/layout';
import { MessagePage } from './message-page';
import { MessagesPage } from './messages-page';
import { PortalContext } from './portal-context';
import {
  forgetSession,
  linkTokenAtLoad,
  openSession,
  type StoredSession,
  storedSession,
  takeLinkToken,
} from './session';
import { WebhookFormPage } from './webhook-form-page';
import { WebhookPage } from './webhook-page';
import { WebhooksPage } from './webhooks-page';

function initialState(): State {
  if (linkTokenAtLoad) return { kind: 'opening' };
  const session = storedSession();
  return session ? { kind: 'open', session } : { kind: 'ended', why: 'none' };
}

type State =
  | { kind: 'opening' }
  | { kind: 'open'; session: StoredSession }
  | { kind: 'ended'; why: 'link' | 'session' | 'none' | 'unreachable' };

/** The portal: opens the session a link carries, then the company's webhooks and messages. */
export function PortalApp() {
  const [state, setState] = useState<State>(initialState);

  useEffect(() => {
    const open = (token: string) => {
      forgetSession();
      openSession(token).then(
        (session) => setState({ kind: 'open', session }),
        (error: unknown) =>
          setState({
            kind: 'ended',
            why: error instanceof ApiFailure && error.status === 0 ? 'unreachable' : 'link',
          }),
      );
    };
    if (linkTokenAtLoad) open(linkTokenAtLoad);
    // Another link opened in this tab changes only the fragment.
    const onHashChange = () => {
      const token = takeLinkToken();
      if (!token) return;
      setState({ kind: 'opening' });
      open(token);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const portal = useMemo(() => {
    if (state.kind !== 'open') return undefined;
    const end = () => {
      forgetSession();
      setState({ kind: 'ended', why: 'session' });
    };
    return { client: new ApiClient(state.session.token, end), session: state.session };
  }, [state]);

  // A session revoked elsewhere ends here as soon as the server says so.
  useEffect(() => {
    if (!portal) return;
    portal.client.get<PortalSession>('/v1/portal-sessions/current').catch(() => undefined);
  }, [portal]);

  if (state.kind === 'opening') {
    return (
      <main id="main" className="centered">
        <Loading what="the portal" />
      </main>
    );
  }
  if (state.kind === 'ended' || !portal) {
    return <PortalEnded why={state.kind === 'ended' ? state.why : 'none'} />;
  }
  return (
    <PortalContext.Provider value={portal}>
      <PortalLayout session={portal.session}>
        <Switch>
          <Route path="/webhooks" component={WebhooksPage} />
          <Route path="/webhooks/new">{() => <WebhookFormPage />}</Route>
          <Route path="/webhooks/:id/edit">{(params) => <WebhookFormPage id={params.id} />}</Route>
          <Route path="/webhooks/:id">{(params) => <WebhookPage id={params.id} />}</Route>
          <Route path="/messages" component={MessagesPage} />
          <Route path="/messages/:id">{(params) => <MessagePage id={params.id} />}</Route>
          <Route>
            <Redirect to="/webhooks" replace />
          </Route>
        </Switch>
      </PortalLayout>
    </PortalContext.Provider>
  );
}

function PortalLayout({
  session,
  children,
}: {
  session: StoredSession;
  children: React.ReactNode;
}) {
  return (
    <Layout
      brand={
        <>
          Webhooks <span className="muted">· {session.company.name}</span>
        </>
      }
      navLabel="Portal"
      links={[
        { href: '/webhooks', label: 'Endpoints' },
        { href: '/messages', label: 'Messages' },
      ]}
      aside={
        <>
          {session.readOnly ? <Badge tone="neutral">read-only</Badge> : null}
          <span className="muted">
            Session ends <Time iso={session.expiresAt} relative />
          </span>
        </>
      }
    >
      {children}
    </Layout>
  );
}

const ENDED: Record<'link' | 'session' | 'none' | 'unreachable', { title: string; text: string }> =
  {
    link: {
      title: 'This portal link has expired or was revoked',
      text: 'Portal links work for a short time only. Go back to the application that sent you here and open the webhook portal again to get a new link.',
    },
    session: {
      title: 'Your portal session has ended',
      text: 'The link that opened it expired or was revoked. Go back to the application that sent you here and open the webhook portal again.',
    },
    none: {
      title: 'Open the portal with a link',
      text: 'The webhook portal opens from a link that the application you use makes for you. Open the portal from there.',
    },
    unreachable: {
      title: 'The portal could not be reached',
      text: 'Check your connection and open the link again.',
    },
  };

export function PortalEnded({ why }: { why: keyof typeof ENDED }) {
  const { title, text } = ENDED[why];
  return (
    <main id="main" className="centered">
      <section className="card ended" aria-labelledby="ended-title">
        <span className="ended-icon" aria-hidden="true">
          ⏱
        </span>
        <h1 id="ended-title">{title}</h1>
        <p>{text}</p>
      </section>
    </main>
  );
}
