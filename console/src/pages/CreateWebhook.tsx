// Kognitiv's three-step create flow: 1 name and description, 2 events, URLs, method, OAuth
// credential, headers, body template (with placeholders and a live preview), 3 review and
// submit. The step is in the URL (?step=2), so back/forward move between steps; the draft stays.
import { useLocation } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { ApplicationsQuery, CatalogQuery, CreateWebhookMutation, OAuthCredentialsQuery } from '../api/documents.ts';
import { fieldsOf, splitResult, useQuery } from '../api/hooks.ts';
import {
  BodyTemplateEditor,
  emptyDraft,
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
import { Loading, Notice, PageHeader, SecretOnce, SelectField, TextArea, TextField } from '../components/ui.tsx';
import { usePortal } from '../session.ts';

const STEP_1_FIELDS = ['name', 'description'];

export function CreateWebhookPage() {
  const { query, route } = useLocation();
  const portal = usePortal();
  const step = query.step === '2' ? 2 : query.step === '3' ? 3 : 1;
  const catalog = useQuery(CatalogQuery, {});
  const oauth = useQuery(OAuthCredentialsQuery, {});
  const apps = useQuery(ApplicationsQuery, {}, { skip: portal });
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<{ id: string; name: string | null; secret: string } | null>(null);
  const [extraCredentials, setExtraCredentials] = useState<Array<{ id: string; name: string }>>([]);
  const heading = useRef<HTMLHeadingElement>(null);

  const types = (catalog.data?.eventTypes.edges ?? []).map((e) => e.node).filter((t) => !t.deprecated);
  const check = useDraftCheck(draft, types);
  // Server errors from submit win until the field changes; the live check covers the rest.
  const errors = { ...check.errors, ...submitErrors };
  const change = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    const cleared = { ...submitErrors };
    for (const k of Object.keys(patch)) for (const e of Object.keys(cleared)) if (e === k || e.startsWith(`${k}.`)) delete cleared[e];
    setSubmitErrors(cleared);
  };

  useEffect(() => heading.current?.focus(), [step, created]);

  const goto = (n: number) => route(`/webhooks/new?step=${n}`);
  const credentials = [...(oauth.data?.oauthCredentials.edges.map((e) => e.node) ?? []), ...extraCredentials.filter((c) => !oauth.data?.oauthCredentials.edges.some((e) => e.node.id === c.id))];
  // Continue waits for nothing: a check still under way does not block (submit checks again).
  const nameProblem = draft.name.trim() === '' ? 'A name is required.' : check.fresh || submitErrors.name ? errors.name : undefined;

  const submit = async () => {
    setBusy(true);
    setFailure(null);
    const { headers, rows } = sentHeaders(draft);
    try {
      const data = await request(CreateWebhookMutation, {
        input: {
          name: draft.name,
          description: draft.description === '' ? null : draft.description,
          ...(draft.mode === 'group' ? { eventGroup: draft.eventGroup } : { events: draft.events }),
          urls: draft.urls.filter((u) => u !== ''),
          method: 'POST',
          headers,
          bodyTemplate: draft.bodyTemplate === '' ? null : draft.bodyTemplate,
          oauthCredentialId: draft.oauthCredentialId || null,
          applicationId: draft.applicationId || null,
        },
      });
      const r = splitResult(data.createWebhook, 'CreateWebhookPayload');
      if (r.ok) {
        setCreated({ id: r.ok.webhook.id, name: r.ok.webhook.name ?? null, secret: r.ok.signingSecret });
        return;
      }
      const fieldErrors = formErrors(fieldsOf(r.error), rows);
      setSubmitErrors(fieldErrors);
      setFailure(r.error.message);
      const keys = Object.keys(fieldErrors);
      if (keys.length > 0) goto(keys.some((k) => STEP_1_FIELDS.includes(k.split('.')[0]!)) ? 1 : 2);
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <>
        <PageHeader title="Webhook created" back={{ href: '/webhooks', label: 'Webhooks' }} />
        <SecretOnce secret={created.secret} title={`${created.name ?? 'The webhook'} is ready`} />
        <p class="actions">
          <a class="button" href={`/webhooks/${created.id}`}>
            Open the webhook
          </a>
          <a class="button secondary" href="/webhooks">
            Back to the list
          </a>
        </p>
      </>
    );
  }

  if (catalog.loading && !catalog.data) return <Loading what="the event catalog" />;

  return (
    <>
      <PageHeader title="Create webhook" back={{ href: '/webhooks', label: 'Webhooks' }} />
      <ol class="steps" aria-label="Steps">
        {['Name', 'Delivery', 'Review'].map((label, i) => (
          <li key={label} aria-current={step === i + 1 ? 'step' : undefined} class={step > i + 1 ? 'done' : undefined}>
            <span class="step-number">{i + 1}</span> {label}
          </li>
        ))}
      </ol>
      {catalog.error && <Notice kind="error" title="The event catalog could not be loaded.">{catalog.error}</Notice>}
      {failure && (
        <Notice kind="error" title="The webhook was not created.">
          {failure}
        </Notice>
      )}
      <form
        class="wizard"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (step === 1) {
            if (!nameProblem) goto(2);
          } else if (step === 2) goto(3);
          else void submit();
        }}
      >
        {step === 1 && (
          <section aria-labelledby="step-title">
            <h2 id="step-title" tabIndex={-1} ref={heading}>
              Step 1 of 3: name and description
            </h2>
            <TextField
              label="Webhook name"
              name="name"
              value={draft.name}
              onValue={(name) => change({ name })}
              error={draft.name === '' && !submitErrors.name ? undefined : errors.name}
              required
              autoComplete="off"
              hint={
                <ul class="rules">
                  <li>Required, at most 100 characters.</li>
                  <li>No leading or trailing spaces.</li>
                  <li>Unique among your webhooks (case-sensitive).</li>
                </ul>
              }
            />
            <TextArea label="Description (optional)" name="description" value={draft.description} onValue={(description) => change({ description })} error={errors.description} rows={3} />
            <div class="actions">
              <a class="button secondary" href="/webhooks">
                Cancel
              </a>
              <button type="submit" disabled={Boolean(nameProblem)}>
                Continue
              </button>
            </div>
          </section>
        )}
        {step === 2 && (
          <section aria-labelledby="step-title">
            <h2 id="step-title" tabIndex={-1} ref={heading}>
              Step 2 of 3: what to send, and where
            </h2>
            <EventPicker draft={draft} types={types} onChange={change} errors={errors} />
            <UrlsEditor urls={draft.urls} onChange={(urls) => change({ urls })} errors={errors} />
            <SelectField label="HTTP method" name="method" value="POST" onValue={() => {}} options={[{ value: 'POST', label: 'POST' }]} disabled hint="POST is the only method." />
            {!portal && (
              <SelectField
                label="Application (optional)"
                name="applicationId"
                value={draft.applicationId}
                onValue={(applicationId) => change({ applicationId })}
                options={[{ value: '', label: 'No application' }, ...(apps.data?.applications.edges ?? []).map((e) => ({ value: e.node.id, label: e.node.name }))]}
                error={errors.applicationId}
              />
            )}
            <OAuthPicker
              value={draft.oauthCredentialId}
              credentials={credentials}
              onChange={(oauthCredentialId) => change({ oauthCredentialId })}
              onCreated={(c) => {
                setExtraCredentials((x) => [...x, c]);
                change({ oauthCredentialId: c.id });
                void oauth.reload();
              }}
              error={errors.oauthCredentialId}
            />
            <HeadersEditor headers={draft.headers} onChange={(headers) => change({ headers })} errors={errors} />
            <BodyTemplateEditor value={draft.bodyTemplate} onChange={(bodyTemplate) => change({ bodyTemplate })} error={errors.bodyTemplate} preview={check.preview} eventType={previewType(draft, types)} />
            <RequestPreview preview={check.preview} eventType={previewType(draft, types)} />
            <div class="actions">
              <button type="button" class="secondary" onClick={() => goto(1)}>
                Back
              </button>
              <button type="submit">Continue</button>
            </div>
          </section>
        )}
        {step === 3 && (
          <section aria-labelledby="step-title">
            <h2 id="step-title" tabIndex={-1} ref={heading}>
              Step 3 of 3: review
            </h2>
            <dl class="review">
              <dt>Name</dt>
              <dd>{draft.name}</dd>
              <dt>Description</dt>
              <dd>{draft.description || '–'}</dd>
              <dt>{draft.mode === 'group' ? 'Event group' : 'Event types'}</dt>
              <dd>{draft.mode === 'group' ? draft.eventGroup : draft.events.join(', ') || '–'}</dd>
              <dt>URLs</dt>
              <dd class="mono">{draft.urls.filter(Boolean).join('\n') || '–'}</dd>
              <dt>Method</dt>
              <dd>POST</dd>
              <dt>OAuth 2.0 credential</dt>
              <dd>{credentials.find((c) => c.id === draft.oauthCredentialId)?.name ?? 'None'}</dd>
              <dt>Headers</dt>
              <dd class="mono">{sentHeaders(draft).headers.map((h) => `${h.name.trim()}: ${h.value.trim()}`).join('\n') || 'None'}</dd>
              <dt>Body</dt>
              <dd class="mono">{draft.bodyTemplate || 'Standard envelope {id, type, time, data}'}</dd>
            </dl>
            <div class="actions">
              <button type="button" class="secondary" onClick={() => goto(2)}>
                Back
              </button>
              <button type="submit" disabled={busy}>
                {busy ? 'Creating…' : 'Create webhook'}
              </button>
            </div>
          </section>
        )}
      </form>
    </>
  );
}
