// One delivery: its event, webhook, status and every attempt; ?attempt=<id> opens that attempt's
// detail (request headers as sent, redacted; status; response excerpt; error kind). Live.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { DeliveryQuery, RetryDeliveryMutation } from '../api/documents.ts';
import { splitResult, useQuery } from '../api/hooks.ts';
import type { ConsoleDeliveryDetailQuery } from '../gql/graphql.ts';
import { AttemptOutcome, useLiveAttempts } from '../components/Live.tsx';
import { Badge, Empty, formatTime, hrefWith, JsonView, LiveBadge, Loading, Notice, PageHeader, StatusBadge, Time } from '../components/ui.tsx';

type Attempt = NonNullable<ConsoleDeliveryDetailQuery['delivery']>['attempts']['edges'][number]['node'];

export function DeliveryPage() {
  const { params } = useRoute();
  const { query, path } = useLocation();
  const id = params.id!;
  const q = useQuery(DeliveryQuery, { id });
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const live = useLiveAttempts({ eventId: q.data?.delivery?.event.id }, (a) => {
    if (a.delivery.id === id) void q.reload();
  });

  if (q.loading && !q.data) return <Loading what="the delivery" />;
  if (q.error) return <Notice kind="error" title="The delivery could not be loaded.">{q.error}</Notice>;
  const d = q.data?.delivery;
  if (!d) return <Empty title="There is no delivery with this id." />;
  const attempts = d.attempts.edges.map((e) => e.node);
  const selected = attempts.find((a) => a.id === query.attempt) ?? null;

  const retry = async () => {
    setNotice(null);
    try {
      const data = await request(RetryDeliveryMutation, { input: { id } });
      const r = splitResult(data.retryDelivery, 'RetryDeliveryPayload');
      setNotice(r.ok ? { kind: 'success', text: 'Retried: the new attempt is listed below.' } : { kind: 'error', text: r.error.message });
      await q.reload();
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    }
  };

  return (
    <>
      <PageHeader title={`Delivery of ${d.event.type}`} back={{ href: `/webhooks/${d.webhook.id}`, label: d.webhook.name ?? 'Webhook' }}>
        <StatusBadge status={d.status} />
        <LiveBadge state={live.state} />
      </PageHeader>
      {notice && <Notice kind={notice.kind} title={notice.text} />}
      <dl class="summary">
        <dt>Id</dt>
        <dd class="mono">{d.id}</dd>
        <dt>Event</dt>
        <dd>
          <a href={`/events/${d.event.id}`}>{d.event.id}</a> {d.event.isTest && <Badge tone="info">test</Badge>}
        </dd>
        <dt>Webhook</dt>
        <dd>
          <a href={`/webhooks/${d.webhook.id}`}>{d.webhook.name ?? d.webhook.id}</a>
        </dd>
        <dt>URL</dt>
        <dd class="mono">{d.url}</dd>
        <dt>Attempts</dt>
        <dd>{d.attemptCount}</dd>
        {d.nextAttemptAt && (
          <>
            <dt>Next attempt</dt>
            <dd>
              <Time iso={d.nextAttemptAt} />
            </dd>
          </>
        )}
        {d.lastError && (
          <>
            <dt>Last error</dt>
            <dd>{d.lastError}</dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{formatTime(d.createdAt)}</dd>
        {d.completedAt && (
          <>
            <dt>Completed</dt>
            <dd>{formatTime(d.completedAt)}</dd>
          </>
        )}
      </dl>
      {(d.status === 'FAILED' || d.status === 'CANCELLED') && (
        <div class="toolbar">
          <button type="button" onClick={retry}>
            Retry now
          </button>
        </div>
      )}
      <h2>Attempts</h2>
      {attempts.length === 0 ? (
        <Empty title="No attempt yet." />
      ) : (
        <table class="list" data-testid="attempts">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Outcome</th>
              <th scope="col">Trigger</th>
              <th scope="col">Duration</th>
              <th scope="col">Started</th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} aria-selected={a.id === selected?.id}>
                <td data-label="#">
                  <a href={hrefWith(path, { attempt: a.id })} aria-label={`Attempt ${a.number} detail`}>
                    {a.number}
                  </a>
                </td>
                <td data-label="Outcome">
                  <AttemptOutcome a={a} />
                </td>
                <td data-label="Trigger">{a.trigger.toLowerCase()}</td>
                <td data-label="Duration">{a.durationMs} ms</td>
                <td data-label="Started">
                  <Time iso={a.startedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected && <AttemptDetail a={selected} />}
    </>
  );
}

function AttemptDetail(props: { a: Attempt }) {
  const { a } = props;
  return (
    <section class="attempt-detail" aria-labelledby="attempt-title" data-testid="attempt-detail">
      <h2 id="attempt-title">Attempt {a.number}</h2>
      <dl class="summary">
        <dt>Outcome</dt>
        <dd>
          <AttemptOutcome a={a} />
        </dd>
        {a.errorKind && (
          <>
            <dt>Error kind</dt>
            <dd class="mono">{a.errorKind}</dd>
          </>
        )}
        {a.errorMessage && (
          <>
            <dt>Error</dt>
            <dd>{a.errorMessage}</dd>
          </>
        )}
        <dt>URL</dt>
        <dd class="mono">{a.url}</dd>
        <dt>Started</dt>
        <dd>{formatTime(a.startedAt)}</dd>
        <dt>Duration</dt>
        <dd>{a.durationMs} ms</dd>
      </dl>
      <h3>Request headers (as sent; signatures and credentials redacted)</h3>
      <JsonView value={a.requestHeaders} />
      {a.responseHeaders && (
        <>
          <h3>Response headers</h3>
          <JsonView value={a.responseHeaders} />
        </>
      )}
      <h3>Response body (excerpt)</h3>
      {a.responseBody ? <pre class="json">{a.responseBody}</pre> : <p class="sub">Empty.</p>}
    </section>
  );
}
