// One event: its payload and its deliveries (one per subscribed webhook and URL), live.
import { useRoute } from 'preact-iso';
import { EventQuery } from '../api/documents.ts';
import { useQuery } from '../api/hooks.ts';
import { LiveAttemptList, useLiveAttempts } from '../components/Live.tsx';
import { Badge, Empty, formatTime, JsonView, LiveBadge, Loading, Notice, PageHeader } from '../components/ui.tsx';
import { DeliveryTable } from './Webhook.tsx';

export function EventPage() {
  const { params } = useRoute();
  const id = params.id!;
  const q = useQuery(EventQuery, { id });
  const live = useLiveAttempts({ eventId: id }, () => void q.reload());
  if (q.loading && !q.data) return <Loading what="the event" />;
  if (q.error) return <Notice kind="error" title="The event could not be loaded.">{q.error}</Notice>;
  const e = q.data?.event;
  if (!e) return <Empty title="There is no event with this id." />;
  return (
    <>
      <PageHeader title={e.type} back={{ href: '/events', label: 'Events' }}>
        {e.isTest && <Badge tone="info">test</Badge>}
      </PageHeader>
      <dl class="summary">
        <dt>Id</dt>
        <dd class="mono">{e.id}</dd>
        <dt>Time</dt>
        <dd>{formatTime(e.time)}</dd>
        {e.application && (
          <>
            <dt>Application</dt>
            <dd>{e.application.name}</dd>
          </>
        )}
        {e.idempotencyKey && (
          <>
            <dt>Idempotency key</dt>
            <dd class="mono">{e.idempotencyKey}</dd>
          </>
        )}
      </dl>
      <h2>Data</h2>
      <JsonView value={e.data} />
      <div class="section-head">
        <h2>Deliveries ({e.deliveries.totalCount})</h2>
        <LiveBadge state={live.state} />
      </div>
      <DeliveryTable deliveries={e.deliveries.edges.map((x) => x.node)} onRetried={() => void q.reload()} showWebhook />
      <h3>Attempts as they happen</h3>
      <LiveAttemptList attempts={live.attempts} />
    </>
  );
}
