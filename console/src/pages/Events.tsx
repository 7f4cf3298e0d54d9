// Recent events, newest first, filtered by type; links to each event and to publishing one.
import { useLocation } from 'preact-iso';
import { CatalogQuery, EventsQuery } from '../api/documents.ts';
import { useQuery } from '../api/hooks.ts';
import { Badge, Empty, hrefWith, Loading, Notice, PageHeader, Pager, SelectField, Time } from '../components/ui.tsx';
import { usePortal } from '../session.ts';

const PAGE_SIZE = 25;

export function EventsPage() {
  const { query, route, path } = useLocation();
  const paging = query.before ? { last: PAGE_SIZE, before: query.before } : { first: PAGE_SIZE, after: query.after ?? null };
  const events = useQuery(EventsQuery, { ...paging, type: query.type || null });
  const catalog = useQuery(CatalogQuery, {});
  // Publishing speaks for the platform: a portal token may not (the API refuses it too).
  const portal = usePortal();
  return (
    <>
      <PageHeader title="Events">
        {!portal && (
          <a class="button" href={hrefWith('/events/new', { type: query.type })}>
            Publish event
          </a>
        )}
      </PageHeader>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Event type"
          name="type"
          value={query.type ?? ''}
          onValue={(type) => route(hrefWith(path, { type }))}
          options={[{ value: '', label: 'Any event type' }, ...(catalog.data?.eventTypes.edges ?? []).map((e) => ({ value: e.node.name, label: e.node.name }))]}
        />
      </form>
      {events.error && <Notice kind="error" title="The events could not be loaded.">{events.error}</Notice>}
      {events.loading && !events.data && <Loading what="events" />}
      {events.data &&
        (events.data.events.edges.length === 0 ? (
          <Empty title={query.type ? `No ${query.type} events yet.` : 'No events yet.'}>
            {!portal && (
              <a class="button" href="/events/new">
                Publish an event
              </a>
            )}
          </Empty>
        ) : (
          <table class="list">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Id</th>
                <th scope="col">Deliveries</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {events.data.events.edges.map(({ node: e }) => (
                <tr key={e.id}>
                  <td data-label="Type">
                    <a href={`/events/${e.id}`}>{e.type}</a> {e.isTest && <Badge tone="info">test</Badge>}
                    {e.application && <div class="sub">{e.application.name}</div>}
                  </td>
                  <td data-label="Id" class="mono">
                    {e.id}
                  </td>
                  <td data-label="Deliveries">{e.deliveries.totalCount}</td>
                  <td data-label="Time">
                    <Time iso={e.time} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      {events.data && <Pager pageInfo={events.data.events.pageInfo} paged={Boolean(query.after || query.before)} href={(c) => hrefWith(path, { ...query, ...c })} />}
    </>
  );
}
