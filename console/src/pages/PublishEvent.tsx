// Publish an event: pick a type, edit its data (prefilled with the type's example), send.
import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { ApplicationsQuery, CatalogQuery, PublishEventMutation } from '../api/documents.ts';
import { fieldErrorMap, fieldsOf, splitResult, useQuery } from '../api/hooks.ts';
import { JsonEditor, parseJsonObject } from '../components/JsonEditor.tsx';
import { Loading, Notice, PageHeader, SelectField, TextField } from '../components/ui.tsx';
import { usePortal } from '../session.ts';

export function PublishEventPage() {
  const { query, route } = useLocation();
  const portal = usePortal();
  const catalog = useQuery(CatalogQuery, {});
  const apps = useQuery(ApplicationsQuery, {}, { skip: portal });
  const types = (catalog.data?.eventTypes.edges ?? []).map((e) => e.node);
  const type = query.type && types.some((t) => t.name === query.type) ? query.type : (types[0]?.name ?? '');
  const [data, setData] = useState('{}');
  const [applicationId, setApplicationId] = useState('');
  const [idempotencyKey, setIdempotencyKey] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<{ id: string; deliveryCount: number; duplicate: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  // A new type brings its example (the user's edits to the previous one are not carried over).
  useEffect(() => {
    const example = types.find((t) => t.name === type)?.example;
    setData(JSON.stringify(example ?? {}, null, 2));
    setErrors({});
  }, [type, catalog.data]);

  if (catalog.loading && !catalog.data) return <Loading what="the event catalog" />;

  const submit = async () => {
    const parsed = parseJsonObject(data);
    if (!parsed.value) return;
    setBusy(true);
    setFailure(null);
    setResult(null);
    try {
      const res = await request(PublishEventMutation, {
        input: { type, data: parsed.value, applicationId: applicationId || null, idempotencyKey: idempotencyKey || null },
      });
      const r = splitResult(res.publishEvent, 'PublishEventPayload');
      if (r.ok) setResult({ id: r.ok.event.id, deliveryCount: r.ok.deliveryCount, duplicate: r.ok.duplicate });
      else {
        setErrors(fieldErrorMap(fieldsOf(r.error)));
        setFailure(r.error.message);
      }
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title="Publish an event" back={{ href: '/events', label: 'Events' }} />
      {failure && <Notice kind="error" title="The event was not published.">{failure}</Notice>}
      {result && (
        <Notice kind="success" title={result.duplicate ? 'Already published with this idempotency key.' : 'Event published.'}>
          <span data-testid="publish-result">
            <a href={`/events/${result.id}`}>{result.id}</a>: {result.deliveryCount} {result.deliveryCount === 1 ? 'delivery' : 'deliveries'} queued.
          </span>
        </Notice>
      )}
      {types.length === 0 ? (
        <Notice kind="info" title="The catalog is empty.">
          <a href="/event-types">Add an event type</a> first.
        </Notice>
      ) : (
        <form
          class="publish"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <SelectField
            label="Event type"
            name="type"
            value={type}
            onValue={(t) => route(`/events/new?type=${encodeURIComponent(t)}`, true)}
            options={types.map((t) => ({ value: t.name, label: t.name }))}
            error={errors.type}
            hint={types.find((t) => t.name === type)?.description ?? undefined}
          />
          <JsonEditor label="Data (JSON object)" value={data} onValue={setData} error={errors.data} />
          {!portal && (
            <SelectField
              label="Application (optional)"
              name="applicationId"
              value={applicationId}
              onValue={setApplicationId}
              options={[{ value: '', label: 'None: every subscribed webhook' }, ...(apps.data?.applications.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))]}
              error={errors.applicationId}
              hint="With an application, only its webhooks and webhooks of no application receive the event."
            />
          )}
          <TextField label="Idempotency key (optional)" name="idempotencyKey" value={idempotencyKey} onValue={setIdempotencyKey} error={errors.idempotencyKey} />
          <div class="actions">
            <button type="submit" disabled={busy || parseJsonObject(data).value === null}>
              {busy ? 'Publishing…' : 'Publish'}
            </button>
          </div>
        </form>
      )}
    </>
  );
}
