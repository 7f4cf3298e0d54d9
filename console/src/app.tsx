// The console shell: session (token) handling, navigation and routes. Every page has its own URL;
// filters and pages live in the query string, so back/forward and reloads keep them.
import { LocationProvider, Route, Router, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { onAuthFailure, setToken } from './api/client.ts';
import { ApplicationsQuery } from './api/documents.ts';
import { useQuery } from './api/hooks.ts';
import { resetLive } from './api/live.ts';
import { forgetSession, initialSession, keepSession, type Session } from './auth.ts';
import { SessionContext } from './session.ts';
import { TokenPrompt } from './pages/TokenPrompt.tsx';
import { WebhooksPage } from './pages/Webhooks.tsx';
import { CreateWebhookPage } from './pages/CreateWebhook.tsx';
import { WebhookPage } from './pages/Webhook.tsx';
import { DeliveryPage } from './pages/Delivery.tsx';
import { EventsPage } from './pages/Events.tsx';
import { EventPage } from './pages/Event.tsx';
import { PublishEventPage } from './pages/PublishEvent.tsx';
import { EventTypesPage } from './pages/EventTypes.tsx';
import { ApplicationsPage } from './pages/Applications.tsx';
import { OAuthCredentialsPage } from './pages/OAuthCredentials.tsx';
import { HealthPage } from './pages/Health.tsx';
import { NotFoundPage } from './pages/NotFound.tsx';

function adopt(session: Session | null): void {
  setToken(session?.token ?? null);
  resetLive();
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => {
    const s = initialSession();
    adopt(s);
    return s;
  });
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    onAuthFailure(() => {
      forgetSession();
      adopt(null);
      setSession(null);
      setExpired(true);
    });
  }, []);

  if (!session) {
    return (
      <TokenPrompt
        expired={expired}
        onToken={(s) => {
          keepSession(s);
          adopt(s);
          setExpired(false);
          setSession(s);
        }}
      />
    );
  }

  const signOut = () => {
    forgetSession();
    adopt(null);
    setExpired(false);
    setSession(null);
  };

  return (
    <SessionContext.Provider value={session}>
      <LocationProvider>
        <Shell session={session} onSignOut={signOut} />
      </LocationProvider>
    </SessionContext.Provider>
  );
}

const ADMIN_NAV = [
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/events', label: 'Events' },
  { href: '/event-types', label: 'Event types' },
  { href: '/applications', label: 'Applications' },
  { href: '/oauth-credentials', label: 'OAuth credentials' },
  { href: '/health', label: 'Health' },
];

const PORTAL_NAV = [
  { href: '/webhooks', label: 'Webhooks' },
  { href: '/events', label: 'Events' },
  { href: '/health', label: 'Health' },
];

function Shell(props: { session: Session; onSignOut: () => void }) {
  const { path } = useLocation();
  const portal = props.session.app !== null;
  // A portal token sees exactly its own application: show its name, not the raw claim.
  const app = useQuery(ApplicationsQuery, {}, { skip: !portal });
  const appName = app.data?.applications.edges[0]?.node.name ?? props.session.app;
  const nav = portal ? PORTAL_NAV : ADMIN_NAV;
  return (
    <div class={portal ? 'shell portal' : 'shell'}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/webhooks">
          <span class="logo" aria-hidden="true">
            H
          </span>
          {portal ? 'Webhooks' : 'Hookgate'}
        </a>
        <nav aria-label="Main">
          <ul>
            {nav.map((n) => (
              <li key={n.href}>
                <a href={n.href} aria-current={path === n.href || path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="who-name" title={props.session.source === 'development' ? 'Development token (loopback only)' : undefined}>
            {portal ? appName : (props.session.tenant ?? 'tenant')}
            {props.session.source === 'development' && ' · dev'}
          </span>
          {!portal && (
            <button type="button" class="link" onClick={props.onSignOut}>
              Change token
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Router>
          <Route path="/" component={WebhooksPage} />
          <Route path="/webhooks" component={WebhooksPage} />
          <Route path="/webhooks/new" component={CreateWebhookPage} />
          <Route path="/webhooks/:id" component={WebhookPage} />
          <Route path="/deliveries/:id" component={DeliveryPage} />
          <Route path="/events" component={EventsPage} />
          <Route path="/events/new" component={PublishEventPage} />
          <Route path="/events/:id" component={EventPage} />
          <Route path="/event-types" component={EventTypesPage} />
          <Route path="/applications" component={ApplicationsPage} />
          <Route path="/oauth-credentials" component={OAuthCredentialsPage} />
          <Route path="/health" component={HealthPage} />
          <Route default component={NotFoundPage} />
        </Router>
      </main>
    </div>
  );
}
