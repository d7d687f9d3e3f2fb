import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Link, Route, Router, Switch } from 'wouter';
import { OperatorApp } from './operator/operator-app';
import { PortalApp } from './portal/portal-app';
import { PageTitle } from './ui/components';
import './styles.css';

/** Everything lives under /console: the portal at /console/portal, the operator console beside. */
function Console() {
  return (
    <Router base="/console">
      <Switch>
        <Route path="/portal" nest>
          <PortalApp />
        </Route>
        <Route path="/operator" nest>
          <OperatorApp />
        </Route>
        <Route>
          <Landing />
        </Route>
      </Switch>
    </Router>
  );
}

function Landing() {
  return (
    <main id="main" className="centered">
      <section className="card landing">
        <PageTitle>Hookstream</PageTitle>
        <p>Self-hosted webhook delivery.</p>
        <div className="choices">
          <Link className="choice" href="/operator">
            <strong>Operator console</strong>
            <span>
              Companies, API keys, portal links, event types and the platform&apos;s state. Sign in
              with the admin token.
            </span>
          </Link>
          <div className="choice">
            <strong>Webhook portal</strong>
            <span>
              For one company&apos;s endpoints and deliveries: it opens from a portal link.
            </span>
          </div>
        </div>
      </section>
    </main>
  );
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <Console />
    </StrictMode>,
  );
}
