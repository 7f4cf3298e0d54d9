// The webhooks list: search and filters in the query string, Relay pages, status at a glance.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { ApplicationsQuery, CatalogQuery, WebhooksQuery } from '../api/documents.ts';
import { useQuery } from '../api/hooks.ts';
import type { ConsoleWebhookSummaryFragment, WebhookFilter } from '../gql/graphql.ts';
import { Badge, Empty, hrefWith, Loading, Notice, PageHeader, Pager, SelectField, TextField, Time } from '../components/ui.tsx';
import { usePortal } from '../session.ts';

const PAGE_SIZE = 20;

const STATUS_OPTIONS = [
  { value: '', label: 'Active and disabled' },
  { value: 'active', label: 'Active' },
  { value: 'disabled', label: 'Disabled' },
  { value: 'deleted', label: 'Including deleted' },
];

function filterOf(q: Record<string, string>): WebhookFilter {
  const f: WebhookFilter = {};
  if (q.q) f.search = q.q;
  if (q.app) f.applicationId = q.app;
  if (q.event) f.event = q.event;
  if (q.status === 'active') f.isActive = true;
  if (q.status === 'disabled') f.isActive = false;
  if (q.status === 'deleted') f.includeDeleted = true;
  return f;
}

export function WebhooksPage() {
  const { query, route, path } = useLocation();
  const portal = usePortal();
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => setSearch(query.q ?? ''), [query.q]);

  // Typing updates the address (replacing the entry: one history step per search, not per key).
  useEffect(() => {
    if (search === (query.q ?? '')) return;
    const t = setTimeout(() => route(hrefWith(path, { ...query, q: search, after: undefined, before: undefined }), true), 250);
    return () => clearTimeout(t);
  }, [search]);

  const paging = query.before ? { last: PAGE_SIZE, before: query.before } : { first: PAGE_SIZE, after: query.after ?? null };
  const list = useQuery(WebhooksQuery, { ...paging, filter: filterOf(query) });
  const catalog = useQuery(CatalogQuery, {});
  const apps = useQuery(ApplicationsQuery, {}, { skip: portal });

  const setFilter = (key: string, value: string) => route(hrefWith(path, { ...query, [key]: value, after: undefined, before: undefined }));
  const filtered = Boolean(query.q || query.app || query.event || query.status);

  return (
    <>
      <PageHeader title="Webhooks">
        <a class="button" href="/webhooks/new">
          Create webhook
        </a>
      </PageHeader>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField label="Search" type="search" name="q" placeholder="Name, description or URL" value={search} onValue={setSearch} />
        {!portal && (
          <SelectField
            label="Application"
            name="app"
            value={query.app ?? ''}
            onValue={(v) => setFilter('app', v)}
            options={[{ value: '', label: 'All applications' }, ...(apps.data?.applications.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))]}
          />
        )}
        <SelectField
          label="Event type"
          name="event"
          value={query.event ?? ''}
          onValue={(v) => setFilter('event', v)}
          options={[{ value: '', label: 'Any event type' }, ...(catalog.data?.eventTypes.edges ?? []).map((e) => ({ value: e.node.name, label: e.node.name }))]}
        />
        <SelectField label="Status" name="status" value={query.status ?? ''} onValue={(v) => setFilter('status', v)} options={STATUS_OPTIONS} />
      </form>
      {list.error && <Notice kind="error" title="The webhooks could not be loaded.">{list.error}</Notice>}
      {list.loading && !list.data && <Loading what="webhooks" />}
      {list.data && (
        <>
          <p class="count" aria-live="polite">
            {list.data.webhooks.totalCount} {list.data.webhooks.totalCount === 1 ? 'webhook' : 'webhooks'}
            {filtered ? ' match' : ''}
          </p>
          {list.data.webhooks.edges.length === 0 ? (
            filtered ? (
              <Empty title="No webhook matches these filters.">
                <a href="/webhooks">Clear the filters</a>
              </Empty>
            ) : (
              <Empty title="No webhooks yet.">
                <p>A webhook sends the events you choose to your URL, signed, with retries.</p>
                <a class="button" href="/webhooks/new">
                  Create the first webhook
                </a>
              </Empty>
            )
          ) : (
            <WebhookTable webhooks={list.data.webhooks.edges.map((e) => e.node)} />
          )}
          <Pager
            pageInfo={list.data.webhooks.pageInfo}
            paged={Boolean(query.after || query.before)}
            href={(c) => hrefWith(path, { ...query, after: c.after, before: c.before })}
          />
        </>
      )}
    </>
  );
}

export function webhookState(w: Pick<ConsoleWebhookSummaryFragment, 'isActive' | 'deletedAt' | 'disabledReason'>) {
  if (w.deletedAt) return <Badge tone="muted">deleted</Badge>;
  if (!w.isActive) return <Badge tone="warn" title={w.disabledReason ?? undefined}>disabled</Badge>;
  return <Badge tone="ok">active</Badge>;
}

/** The share of failed attempts over the last 24 h, at a glance. */
function FailureRate(props: { stats: ConsoleWebhookSummaryFragment['recentAttempts'] }) {
  const { attempts, failed, failureRate } = props.stats;
  if (attempts === 0 || failureRate === null || failureRate === undefined) return <div class="sub">no attempts in 24 h</div>;
  const pct = Math.round(failureRate * 100);
  return (
    <div class={pct > 0 ? 'sub rate-bad' : 'sub'} data-testid="failure-rate" title={`${failed} of ${attempts} attempts failed in the last 24 hours`}>
      {pct}% failed (24 h)
    </div>
  );
}

function WebhookTable(props: { webhooks: ConsoleWebhookSummaryFragment[] }) {
  return (
    <table class="list">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Status</th>
          <th scope="col">Events</th>
          <th scope="col">Last test</th>
        </tr>
      </thead>
      <tbody>
        {props.webhooks.map((w) => (
          <tr key={w.id}>
            <td data-label="Name">
              <a href={`/webhooks/${w.id}`}>{w.name ?? w.url}</a>
              <div class="sub mono">{w.url}</div>
              {w.application && <div class="sub">{w.application.name}</div>}
            </td>
            <td data-label="Status">
              {webhookState(w)}
              {!w.isActive && w.disabledReason && <div class="sub">{w.disabledReason}</div>}
              <FailureRate stats={w.recentAttempts} />
            </td>
            <td data-label="Events">{w.eventGroup ? <span>group {w.eventGroup}</span> : <span>{w.events.join(', ')}</span>}</td>
            <td data-label="Last test">
              {w.lastTestStatus ? (
                <>
                  <Badge tone={w.lastTestStatus === 'SUCCEEDED' ? 'ok' : 'bad'}>{w.lastTestStatus.toLowerCase()}</Badge> <Time iso={w.lastTestAt} />
                </>
              ) : (
                <span class="sub">never</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
