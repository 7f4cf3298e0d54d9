// A webhook: its settings (edit in place; the event group stays read-only), enable/disable, soft
// delete, secret rotation with overlap, send test, replay a window, and its deliveries, which
// update live as attempts are made.
import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import {
  CatalogQuery,
  DeleteWebhookMutation,
  OAuthCredentialsQuery,
  ReplayEventsMutation,
  RetryDeliveryMutation,
  RotateSecretMutation,
  SendTestMutation,
  UpdateWebhookMutation,
  WebhookQuery,
} from '../api/documents.ts';
import { fieldsOf, splitResult, useQuery } from '../api/hooks.ts';
import type { ConsoleAttemptFragment, ConsoleWebhookDetailFragment, ConsoleWebhookQuery } from '../gql/graphql.ts';
import { AttemptOutcome, LiveAttemptList, useLiveAttempts } from '../components/Live.tsx';
import {
  BodyTemplateEditor,
  EventPicker,
  formErrors,
  HeadersEditor,
  OAuthPicker,
  previewType,
  RequestPreview,
  sentHeaders,
  UrlsEditor,
  useDraftCheck,
  type Draft,
} from '../components/WebhookForm.tsx';
import {
  Badge,
  ConfirmButton,
  Empty,
  hrefWith,
  LiveBadge,
  Loading,
  Notice,
  PageHeader,
  SecretOnce,
  SelectField,
  StatusBadge,
  TextArea,
  TextField,
  Time,
} from '../components/ui.tsx';
import { webhookState } from './Webhooks.tsx';

const DELIVERY_PAGE = 20;

export function WebhookPage() {
  const { params } = useRoute();
  const { query, route, path } = useLocation();
  const id = params.id!;
  const status = (['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED'] as const).find((s) => s === query.status) ?? null;
  const hook = useQuery(WebhookQuery, { id, first: DELIVERY_PAGE, after: query.after ?? null, status });
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const [testAttempt, setTestAttempt] = useState<ConsoleAttemptFragment | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const onAttempt = (a: ConsoleAttemptFragment) => {
    // Update the delivery row in place; a delivery not on this page means a new one: reload.
    let known = false;
    hook.setData((d) => {
      if (!d.webhook) return d;
      const edges = d.webhook.deliveries.edges.map((e) => {
        if (e.node.id !== a.delivery.id) return e;
        known = true;
        return { ...e, node: { ...e.node, status: a.delivery.status, attemptCount: a.delivery.attemptCount, nextAttemptAt: a.delivery.nextAttemptAt ?? null } };
      });
      return { ...d, webhook: { ...d.webhook, deliveries: { ...d.webhook.deliveries, edges } } };
    });
    if (!known && !query.after) void hook.reload();
  };
  const live = useLiveAttempts({ webhookId: id }, onAttempt);

  if (hook.loading && !hook.data) return <Loading what="the webhook" />;
  if (hook.error) return <Notice kind="error" title="The webhook could not be loaded.">{hook.error}</Notice>;
  const w = hook.data?.webhook;
  if (!w) {
    return (
      <>
        <PageHeader title="Webhook not found" back={{ href: '/webhooks', label: 'Webhooks' }} />
        <Empty title="There is no webhook with this id (or it belongs to someone else)." />
      </>
    );
  }
  const deleted = Boolean(w.deletedAt);

  const act = async (label: string, fn: () => Promise<void>) => {
    setBusy(label);
    setNotice(null);
    try {
      await fn();
    } catch (err) {
      setNotice({ kind: 'error', text: (err as Error).message });
    } finally {
      setBusy(null);
    }
  };

  const setActive = (isActive: boolean) =>
    act('active', async () => {
      const data = await request(UpdateWebhookMutation, { input: { id, isActive } });
      const r = splitResult(data.updateWebhook, 'UpdateWebhookPayload');
      if (!r.ok) return setNotice({ kind: 'error', text: r.error.message });
      setNotice({ kind: 'success', text: isActive ? 'Webhook enabled.' : 'Webhook disabled: pending retries are cancelled.' });
      await hook.reload();
    });

  const sendTest = () =>
    act('test', async () => {
      const data = await request(SendTestMutation, { input: { id } });
      const r = splitResult(data.sendTestWebhook, 'SendTestWebhookPayload');
      if (!r.ok) return setNotice({ kind: 'error', text: r.error.message });
      setTestAttempt(r.ok.attempt);
      hook.setData((d) => (d.webhook ? { ...d, webhook: { ...d.webhook, lastTestAt: r.ok.webhook.lastTestAt ?? null, lastTestStatus: r.ok.webhook.lastTestStatus ?? null } } : d));
    });

  const remove = () =>
    act('delete', async () => {
      const data = await request(DeleteWebhookMutation, { input: { id } });
      const r = splitResult(data.deleteWebhook, 'DeleteWebhookPayload');
      if (!r.ok) return setNotice({ kind: 'error', text: r.error.message });
      setNotice({ kind: 'success', text: 'Webhook deleted. It receives nothing from now on; its history stays.' });
      await hook.reload();
    });

  const editing = query.edit === '1' && !deleted;

  return (
    <>
      <PageHeader title={w.name ?? w.url} back={{ href: '/webhooks', label: 'Webhooks' }}>
        {webhookState(w)}
      </PageHeader>
      {notice && <Notice kind={notice.kind} title={notice.text} />}
      {secret && <SecretOnce secret={secret} title="New signing secret" onDone={() => setSecret(null)} />}
      {!deleted && !editing && (
        <div class="toolbar">
          <a class="button secondary" href={hrefWith(path, { ...query, edit: '1' })}>
            Edit
          </a>
          {w.isActive ? (
            <button type="button" class="secondary" disabled={busy !== null} onClick={() => setActive(false)}>
              Disable
            </button>
          ) : (
            <button type="button" class="secondary" disabled={busy !== null} onClick={() => setActive(true)}>
              Enable
            </button>
          )}
          <button type="button" disabled={busy !== null} onClick={sendTest}>
            {busy === 'test' ? 'Sending…' : 'Send test'}
          </button>
          <RotateSecret id={id} onRotated={(s) => (setSecret(s), void hook.reload())} />
          <ConfirmButton
            label="Delete"
            danger
            question={`Delete ${w.name ?? 'this webhook'}?`}
            detail={<p>It stops receiving events at once and its pending retries are cancelled. Its deliveries and attempts stay visible.</p>}
            confirmLabel="Delete webhook"
            onConfirm={remove}
          />
        </div>
      )}
      {!w.isActive && w.disabledReason && <Notice kind="warning" title="Disabled">{w.disabledReason}</Notice>}
      {testAttempt && (
        <Notice kind={testAttempt.outcome === 'SUCCEEDED' ? 'success' : 'error'} title="Test sent">
          <span data-testid="test-result">
            <AttemptOutcome a={testAttempt} /> in {testAttempt.durationMs} ms{testAttempt.errorMessage ? `: ${testAttempt.errorMessage}` : ''} ·{' '}
            <a href={`/deliveries/${testAttempt.delivery.id}?attempt=${testAttempt.id}`}>attempt detail</a>
          </span>
        </Notice>
      )}
      {editing ? (
        <EditWebhook webhook={w} onDone={(saved) => (route(hrefWith(path, { ...query, edit: undefined })), saved && void hook.reload())} />
      ) : (
        <WebhookSummary webhook={w} />
      )}
      <section aria-labelledby="deliveries-title">
        <div class="section-head">
          <h2 id="deliveries-title">Deliveries</h2>
          <LiveBadge state={live.state} />
        </div>
        <SelectField
          label="Delivery status"
          name="status"
          value={status ?? ''}
          onValue={(v) => route(hrefWith(path, { ...query, status: v, after: undefined }))}
          options={[{ value: '', label: 'Any status' }, ...['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED'].map((s) => ({ value: s, label: s.toLowerCase() }))]}
        />
        <DeliveryTable deliveries={w.deliveries.edges.map((e) => e.node)} onRetried={() => void hook.reload()} />
        {w.deliveries.pageInfo.hasNextPage && w.deliveries.pageInfo.endCursor && (
          <nav class="pager" aria-label="Pages">
            {query.after ? <a href={hrefWith(path, { ...query, after: undefined })}>← Newest</a> : <span />}
            <a href={hrefWith(path, { ...query, after: w.deliveries.pageInfo.endCursor })}>Older →</a>
          </nav>
        )}
        <h3>Attempts as they happen</h3>
        <LiveAttemptList attempts={live.attempts} />
      </section>
      {!deleted && <ReplayWindow id={id} />}
    </>
  );
}

function WebhookSummary(props: { webhook: ConsoleWebhookDetailFragment }) {
  const w = props.webhook;
  return (
    <dl class="summary">
      <dt>Id</dt>
      <dd class="mono">{w.id}</dd>
      {w.description && (
        <>
          <dt>Description</dt>
          <dd>{w.description}</dd>
        </>
      )}
      <dt>{w.urls.length > 1 ? 'URLs' : 'URL'}</dt>
      <dd class="mono">{w.urls.join('\n')}</dd>
      <dt>{w.eventGroup ? 'Event group' : 'Event types'}</dt>
      <dd>{w.eventGroup ?? w.events.join(', ')}</dd>
      <dt>Method</dt>
      <dd>{w.method}</dd>
      {w.application && (
        <>
          <dt>Application</dt>
          <dd>{w.application.name}</dd>
        </>
      )}
      <dt>OAuth 2.0 credential</dt>
      <dd>{w.oauthCredential?.name ?? 'None'}</dd>
      <dt>Headers</dt>
      <dd class="mono">{w.headers.length ? w.headers.map((h) => `${h.name}: ${h.value}`).join('\n') : 'None'}</dd>
      <dt>Body</dt>
      <dd class="mono">{w.bodyTemplate ?? 'Standard envelope {id, type, time, data}'}</dd>
      <dt>Signing secret</dt>
      <dd class="mono" data-testid="secret-fingerprint">
        {w.secretFingerprint}
      </dd>
      <dt>Last test</dt>
      <dd data-testid="last-test">
        {w.lastTestStatus ? (
          <>
            <Badge tone={w.lastTestStatus === 'SUCCEEDED' ? 'ok' : 'bad'}>{w.lastTestStatus.toLowerCase()}</Badge> <Time iso={w.lastTestAt} />
          </>
        ) : (
          'Never tested'
        )}
      </dd>
      <dt>Retry schedule</dt>
      <dd class="mono">{w.retrySchedule ?? 'global default'}</dd>
      {w.rateLimitPerSecond !== null && w.rateLimitPerSecond !== undefined && (
        <>
          <dt>Rate limit</dt>
          <dd>{w.rateLimitPerSecond} per second</dd>
        </>
      )}
      <dt>Created</dt>
      <dd>
        <Time iso={w.createdAt} />
      </dd>
      {w.deletedAt && (
        <>
          <dt>Deleted</dt>
          <dd>
            <Time iso={w.deletedAt} />
          </dd>
        </>
      )}
    </dl>
  );
}

function draftOf(w: ConsoleWebhookDetailFragment): Draft {
  return {
    name: w.name ?? '',
    description: w.description ?? '',
    mode: w.eventGroup ? 'group' : 'types',
    eventGroup: w.eventGroup ?? '',
    events: w.events,
    urls: w.urls.length ? w.urls : [''],
    headers: w.headers.length ? w.headers.map((h) => ({ name: h.name, value: h.value })) : [{ name: '', value: '' }],
    oauthCredentialId: w.oauthCredential?.id ?? '',
    applicationId: w.application?.id ?? '',
    bodyTemplate: w.bodyTemplate ?? '',
  };
}

function EditWebhook(props: { webhook: ConsoleWebhookDetailFragment; onDone: (saved: boolean) => void }) {
  const w = props.webhook;
  const catalog = useQuery(CatalogQuery, {});
  const oauth = useQuery(OAuthCredentialsQuery, {});
  const [draft, setDraft] = useState<Draft>(() => draftOf(w));
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const types = (catalog.data?.eventTypes.edges ?? []).map((e) => e.node);
  const check = useDraftCheck(draft, types, w.id);
  const errors = { ...check.errors, ...submitErrors };
  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setSubmitErrors({});
  };
  const save = async () => {
    setBusy(true);
    setFailure(null);
    const { headers, rows } = sentHeaders(draft);
    try {
      const data = await request(UpdateWebhookMutation, {
        input: {
          id: w.id,
          name: draft.name === '' ? null : draft.name,
          description: draft.description === '' ? null : draft.description,
          ...(w.eventGroup ? {} : { events: draft.events }),
          urls: draft.urls.filter((u) => u !== ''),
          headers,
          bodyTemplate: draft.bodyTemplate === '' ? null : draft.bodyTemplate,
          oauthCredentialId: draft.oauthCredentialId || null,
        },
      });
      const r = splitResult(data.updateWebhook, 'UpdateWebhookPayload');
      if (r.ok) return props.onDone(true);
      setSubmitErrors(formErrors(fieldsOf(r.error), rows));
      setFailure(r.error.message);
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      class="edit"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>Edit webhook</h2>
      {failure && <Notice kind="error" title="The changes were not saved.">{failure}</Notice>}
      <TextField label="Webhook name" name="name" value={draft.name} onValue={(name) => change({ name })} error={errors.name} autoComplete="off" />
      <TextArea label="Description (optional)" name="description" value={draft.description} onValue={(description) => change({ description })} error={errors.description} rows={3} />
      <EventPicker draft={draft} types={types} onChange={change} errors={errors} groupLocked />
      <UrlsEditor urls={draft.urls} onChange={(urls) => change({ urls })} errors={errors} />
      <OAuthPicker
        value={draft.oauthCredentialId}
        credentials={oauth.data?.oauthCredentials.edges.map((e) => e.node) ?? []}
        onChange={(oauthCredentialId) => change({ oauthCredentialId })}
        onCreated={(c) => (change({ oauthCredentialId: c.id }), void oauth.reload())}
        error={errors.oauthCredentialId}
      />
      <HeadersEditor headers={draft.headers} onChange={(headers) => change({ headers })} errors={errors} />
      <BodyTemplateEditor value={draft.bodyTemplate} onChange={(bodyTemplate) => change({ bodyTemplate })} error={errors.bodyTemplate} preview={check.preview} eventType={previewType(draft, types)} />
      <RequestPreview preview={check.preview} eventType={previewType(draft, types)} />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => props.onDone(false)}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

const OVERLAPS = [
  { value: '0', label: 'Immediately (hard cut-over)' },
  { value: '3600', label: 'After 1 hour' },
  { value: '86400', label: 'After 24 hours (default)' },
  { value: '604800', label: 'After 7 days' },
];

function RotateSecret(props: { id: string; onRotated: (secret: string) => void }) {
  const [overlap, setOverlap] = useState('86400');
  const [error, setError] = useState<string | null>(null);
  return (
    <ConfirmButton
      label="Rotate secret"
      question="Rotate the signing secret?"
      detail={
        <>
          <p>A new secret is generated and shown once. During the overlap, requests carry signatures with both secrets.</p>
          <SelectField label="The old secret stops working" name="overlapSeconds" value={overlap} onValue={setOverlap} options={OVERLAPS} />
          {error && <Notice kind="error" title={error} />}
        </>
      }
      confirmLabel="Rotate"
      onConfirm={async () => {
        try {
          const data = await request(RotateSecretMutation, { input: { id: props.id, overlapSeconds: Number(overlap) } });
          const r = splitResult(data.rotateWebhookSecret, 'RotateWebhookSecretPayload');
          if (r.ok) props.onRotated(r.ok.signingSecret);
          else setError(r.error.message);
        } catch (err) {
          setError((err as Error).message);
        }
      }}
    />
  );
}

type DeliveryRow = NonNullable<ConsoleWebhookQuery['webhook']>['deliveries']['edges'][number]['node'];

export function DeliveryTable(props: { deliveries: DeliveryRow[]; onRetried: () => void; showWebhook?: boolean }) {
  const [error, setError] = useState<string | null>(null);
  if (props.deliveries.length === 0) return <Empty title="No deliveries yet." />;
  const retry = async (id: string) => {
    setError(null);
    try {
      const data = await request(RetryDeliveryMutation, { input: { id } });
      const r = splitResult(data.retryDelivery, 'RetryDeliveryPayload');
      if (!r.ok) setError(r.error.message);
      props.onRetried();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <>
      {error && <Notice kind="error" title="Retry failed.">{error}</Notice>}
      <table class="list" data-testid="deliveries">
        <thead>
          <tr>
            <th scope="col">Event</th>
            {props.showWebhook && <th scope="col">Webhook</th>}
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.deliveries.map((d) => (
            <tr key={d.id} data-delivery={d.id} data-status={d.status}>
              <td data-label="Event">
                <a href={`/deliveries/${d.id}`}>{d.event.type}</a>
                {d.event.isTest && <Badge tone="info">test</Badge>}
                <div class="sub mono">{d.url}</div>
              </td>
              {props.showWebhook && (
                <td data-label="Webhook">
                  <a href={`/webhooks/${d.webhook.id}`}>{d.webhook.name ?? d.webhook.id}</a>
                </td>
              )}
              <td data-label="Status">
                <StatusBadge status={d.status} />
                {d.status === 'PENDING' && d.nextAttemptAt && (
                  <div class="sub">
                    next <Time iso={d.nextAttemptAt} />
                  </div>
                )}
              </td>
              <td data-label="Attempts">{d.attemptCount}</td>
              <td data-label="Created">
                <Time iso={d.createdAt} />
              </td>
              <td>
                {(d.status === 'FAILED' || d.status === 'CANCELLED') && (
                  <button type="button" class="secondary small" onClick={() => retry(d.id)} aria-label={`Retry delivery of ${d.event.type}`}>
                    Retry
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ReplayWindow(props: { id: string }) {
  const [since, setSince] = useState(() => toLocalInput(new Date(Date.now() - 3600_000)));
  const [until, setUntil] = useState('');
  const [onlyFailed, setOnlyFailed] = useState(true);
  const [result, setResult] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async () => {
    setResult(null);
    try {
      const data = await request(ReplayEventsMutation, {
        input: {
          webhookId: props.id,
          since: new Date(since).toISOString(),
          until: until ? new Date(until).toISOString() : null,
          onlyFailed,
        },
      });
      const r = splitResult(data.replayEvents, 'ReplayEventsPayload');
      if (r.ok) setResult({ kind: 'success', text: `${r.ok.eventCount} events queued again (${r.ok.deliveryCount} deliveries).` });
      else {
        setErrors(Object.fromEntries((fieldsOf(r.error) ?? []).map((e) => [e.path[e.path.length - 1] ?? '', e.message])));
        setResult({ kind: 'error', text: r.error.message });
      }
    } catch (err) {
      setResult({ kind: 'error', text: (err as Error).message });
    }
  };
  return (
    <section aria-labelledby="replay-title">
      <h2 id="replay-title">Replay a time window</h2>
      <form
        class="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <TextField label="From" type="datetime-local" name="since" value={since} onValue={setSince} error={errors.since} required />
        <TextField label="Until (empty: now)" type="datetime-local" name="until" value={until} onValue={setUntil} error={errors.until} />
        <label class="check">
          <input type="checkbox" checked={onlyFailed} onChange={(e) => setOnlyFailed(e.currentTarget.checked)} /> Only events not yet delivered
        </label>
        <button type="submit" class="secondary">
          Replay
        </button>
      </form>
      {result && <Notice kind={result.kind} title={result.text} />}
    </section>
  );
}

