// The parts of a webhook form shared by the create wizard and the edit form: the draft, its
// conversion to API input, and the editors (events, URLs, OAuth credential, headers, body
// template with placeholders and live preview). The rules themselves stay on the server: the
// draft is checked as the user types through the `webhookPreview` query, which runs the same
// rule functions as createWebhook, and its field errors land on the fields they name.
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { request } from '../api/client.ts';
import { WebhookPreviewQuery } from '../api/documents.ts';
import { fieldErrorMap } from '../api/hooks.ts';
import type { ConsoleCatalogQuery, ConsoleWebhookPreviewQuery, WebhookHeaderInput } from '../gql/graphql.ts';
import { OAuthCredentialForm } from './OAuthCredentialForm.tsx';
import { Field, Notice, SelectField } from './ui.tsx';

export type EventTypeNode = ConsoleCatalogQuery['eventTypes']['edges'][number]['node'];

export interface Draft {
  name: string;
  description: string;
  mode: 'types' | 'group';
  eventGroup: string;
  events: string[];
  urls: string[];
  headers: WebhookHeaderInput[];
  oauthCredentialId: string;
  applicationId: string;
  bodyTemplate: string;
}

export const emptyDraft = (): Draft => ({
  name: '',
  description: '',
  mode: 'types',
  eventGroup: '',
  events: [],
  urls: [''],
  // Kognitiv: "On create, a single empty key/value pair is displayed."
  headers: [{ name: '', value: '' }],
  oauthCredentialId: '',
  applicationId: '',
  bodyTemplate: '',
});

/** Header rows that are entirely empty are not part of the webhook. Returns the rows sent and,
 * for each, its row index in the form (server paths name the sent index). */
export function sentHeaders(draft: Draft): { headers: WebhookHeaderInput[]; rows: number[] } {
  const headers: WebhookHeaderInput[] = [];
  const rows: number[] = [];
  draft.headers.forEach((h, i) => {
    if (h.name.trim() === '' && h.value.trim() === '') return;
    headers.push(h);
    rows.push(i);
  });
  return { headers, rows };
}

/** Field errors keyed by form field: `headers.<sent index>.x` becomes `headers.<row>.x`. */
export function formErrors(fieldErrors: Array<{ path: readonly string[]; message: string }> | undefined, rows: number[]): Record<string, string> {
  const map = fieldErrorMap(fieldErrors);
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(map)) {
    const m = /^headers\.(\d+)(\..*)?$/.exec(key);
    out[m ? `headers.${rows[Number(m[1])] ?? m[1]}${m[2] ?? ''}` : key] = message;
  }
  return out;
}

export function groupsOf(types: EventTypeNode[]): string[] {
  return [...new Set(types.map((t) => t.group).filter((g): g is string => Boolean(g)))].sort();
}

/** The event type whose example the preview renders: the first chosen one, or the group's first. */
export function previewType(draft: Draft, types: EventTypeNode[]): string | null {
  if (draft.mode === 'group') return types.find((t) => t.group === draft.eventGroup)?.name ?? null;
  return draft.events[0] ?? null;
}

export type Preview = ConsoleWebhookPreviewQuery['webhookPreview'];

/** Checks the draft on the server as it changes (debounced); returns its field errors and preview. */
export function useDraftCheck(draft: Draft, types: EventTypeNode[], exceptWebhookId?: string) {
  const [preview, setPreview] = useState<Preview | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [checkedKey, setCheckedKey] = useState('');
  const seq = useRef(0);
  const eventType = previewType(draft, types);
  const { headers, rows } = sentHeaders(draft);
  const key = JSON.stringify([draft.name, draft.description, draft.urls, headers, draft.bodyTemplate, eventType, draft.oauthCredentialId]);
  useEffect(() => {
    const mine = ++seq.current;
    const t = setTimeout(async () => {
      try {
        const data = await request(WebhookPreviewQuery, {
          input: {
            name: draft.name === '' ? null : draft.name,
            description: draft.description === '' ? null : draft.description,
            urls: draft.urls.filter((u) => u !== ''),
            headers,
            bodyTemplate: draft.bodyTemplate === '' ? null : draft.bodyTemplate,
            eventType,
            oauthCredentialId: draft.oauthCredentialId || null,
            exceptWebhookId: exceptWebhookId ?? null,
          },
        });
        if (mine !== seq.current) return;
        setPreview(data.webhookPreview);
        setErrors(formErrors(data.webhookPreview.fieldErrors, rows));
        setCheckedKey(key);
      } catch {
        // The preview is a help; a failed check leaves the last one shown and submit still checks.
      }
    }, 250);
    return () => clearTimeout(t);
  }, [key]);
  // `fresh`: the errors are about the draft as it is now (not a check still under way).
  return { preview, errors, fresh: checkedKey === key };
}

export function EventPicker(props: {
  draft: Draft;
  types: EventTypeNode[];
  onChange: (d: Partial<Draft>) => void;
  errors: Record<string, string>;
  /** The event group cannot change after creation (Kognitiv). */
  groupLocked?: boolean;
}) {
  const { draft, types } = props;
  const groups = groupsOf(types);
  const eventsError = props.errors.events ?? Object.entries(props.errors).find(([k]) => k.startsWith('events.'))?.[1];
  if (props.groupLocked && draft.mode === 'group') {
    return (
      <Field label="Event group" hint="The event group is fixed at creation.">
        {({ id, describedBy }) => <input id={id} value={draft.eventGroup} readOnly aria-describedby={describedBy} />}
      </Field>
    );
  }
  return (
    <>
      {!props.groupLocked && (
        <fieldset class="choice">
          <legend>Subscribe to</legend>
          <label>
            <input type="radio" name="mode" checked={draft.mode === 'group'} onChange={() => props.onChange({ mode: 'group', eventGroup: draft.eventGroup || (groups[0] ?? '') })} />
            An event group (every type in it, including types added later)
          </label>
          <label>
            <input type="radio" name="mode" checked={draft.mode === 'types'} onChange={() => props.onChange({ mode: 'types' })} />
            Chosen event types
          </label>
        </fieldset>
      )}
      {draft.mode === 'group' ? (
        <SelectField
          label="Event group"
          name="eventGroup"
          value={draft.eventGroup}
          onValue={(eventGroup) => props.onChange({ eventGroup })}
          options={groups.map((g) => ({ value: g, label: g }))}
          error={props.errors.eventGroup}
          hint="Cannot be changed after the webhook is created."
        />
      ) : (
        <fieldset class={`events${eventsError ? ' field-invalid' : ''}`} aria-describedby={eventsError ? 'events-error' : undefined}>
          <legend>Event types</legend>
          {types.length === 0 && <p class="sub">The catalog is empty: add event types first.</p>}
          {groups.concat(types.some((t) => !t.group) ? [''] : []).map((g) => (
            <div class="event-group" key={g}>
              <div class="event-group-name">{g || 'Other'}</div>
              {types
                .filter((t) => (t.group ?? '') === g)
                .map((t) => (
                  <label key={t.name} class="check">
                    <input
                      type="checkbox"
                      name="events"
                      value={t.name}
                      checked={draft.events.includes(t.name)}
                      onChange={(e) =>
                        props.onChange({ events: e.currentTarget.checked ? [...draft.events, t.name] : draft.events.filter((x) => x !== t.name) })
                      }
                    />
                    <span class="mono">{t.name}</span>
                    {t.description && <span class="sub"> – {t.description}</span>}
                  </label>
                ))}
            </div>
          ))}
          {eventsError && (
            <div class="error-text" id="events-error" role="alert">
              {eventsError}
            </div>
          )}
        </fieldset>
      )}
    </>
  );
}

export function UrlsEditor(props: { urls: string[]; onChange: (urls: string[]) => void; errors: Record<string, string> }) {
  const { urls } = props;
  return (
    <fieldset class="rows">
      <legend>Webhook URL{urls.length > 1 ? 's' : ''}</legend>
      <p class="hint">HTTPS only. May contain placeholders such as {'{{event.type}}'} in the path or query, filled at delivery.</p>
      {props.errors.urls && (
        <div class="error-text" role="alert">
          {props.errors.urls}
        </div>
      )}
      {urls.map((u, i) => (
        <div class="row" key={i}>
          <Field label={`URL ${i + 1}`} error={props.errors[`urls.${i}`] ?? (i === 0 ? props.errors.url : undefined)}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name={`urls.${i}`}
                type="url"
                inputMode="url"
                placeholder="https://example.com/webhooks"
                value={u}
                aria-invalid={invalid}
                aria-describedby={describedBy}
                onInput={(e) => props.onChange(urls.map((x, j) => (j === i ? e.currentTarget.value : x)))}
              />
            )}
          </Field>
          {urls.length > 1 && (
            <button type="button" class="secondary icon" aria-label={`Remove URL ${i + 1}`} onClick={() => props.onChange(urls.filter((_, j) => j !== i))}>
              ×
            </button>
          )}
        </div>
      ))}
      {urls.length < 10 && (
        <button type="button" class="secondary" onClick={() => props.onChange([...urls, ''])}>
          Add another URL
        </button>
      )}
    </fieldset>
  );
}

export function HeadersEditor(props: { headers: WebhookHeaderInput[]; onChange: (h: WebhookHeaderInput[]) => void; errors: Record<string, string> }) {
  const { headers } = props;
  const set = (i: number, patch: Partial<WebhookHeaderInput>) => props.onChange(headers.map((h, j) => (j === i ? { ...h, ...patch } : h)));
  return (
    <fieldset class="rows">
      <legend>Custom headers</legend>
      <p class="hint">
        Optional key/value pairs, trimmed before save. Keys are unique (case-insensitive); values may contain placeholders.
      </p>
      {props.errors.headers && (
        <div class="error-text" role="alert">
          {props.errors.headers}
        </div>
      )}
      {headers.map((h, i) => (
        <div class="row header-row" key={i}>
          <Field label={`Header ${i + 1} name`} error={props.errors[`headers.${i}.name`]}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name={`headers.${i}.name`}
                placeholder="X-Shop"
                value={h.name}
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={describedBy}
                onInput={(e) => set(i, { name: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field label={`Header ${i + 1} value`} error={props.errors[`headers.${i}.value`]}>
            {({ id, describedBy, invalid }) => (
              <input
                id={id}
                name={`headers.${i}.value`}
                placeholder="{{application.name}}"
                value={h.value}
                autoComplete="off"
                aria-invalid={invalid}
                aria-describedby={describedBy}
                onInput={(e) => set(i, { value: e.currentTarget.value })}
              />
            )}
          </Field>
          <button type="button" class="secondary icon" aria-label={`Remove header ${i + 1}`} onClick={() => props.onChange(headers.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      {headers.length < 20 && (
        <button type="button" class="secondary" onClick={() => props.onChange([...headers, { name: '', value: '' }])}>
          Add a header
        </button>
      )}
    </fieldset>
  );
}

export function OAuthPicker(props: {
  value: string;
  credentials: Array<{ id: string; name: string }>;
  onChange: (id: string) => void;
  onCreated: (c: { id: string; name: string }) => void;
  error?: string | undefined;
}) {
  const [creating, setCreating] = useState(false);
  return (
    <div class="oauth-picker">
      <SelectField
        label="OAuth 2.0 credential"
        name="oauthCredentialId"
        value={props.value}
        onValue={props.onChange}
        options={[{ value: '', label: '<None>' }, ...props.credentials.map((c) => ({ value: c.id, label: c.name }))]}
        error={props.error}
        hint="Client credentials Hookgate uses to fetch a bearer token for each request. One credential can serve many webhooks."
      />
      {creating ? (
        <OAuthCredentialForm
          onCancel={() => setCreating(false)}
          onCreated={(c) => {
            setCreating(false);
            props.onCreated(c);
          }}
        />
      ) : (
        <button type="button" class="secondary" onClick={() => setCreating(true)}>
          New OAuth credential…
        </button>
      )}
    </div>
  );
}

export function BodyTemplateEditor(props: {
  value: string;
  onChange: (v: string) => void;
  error?: string | undefined;
  preview: Preview | null;
  eventType: string | null;
}) {
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const insert = (placeholder: string) => {
    const el = area.current;
    const token = `{{${placeholder}}}`;
    if (!el) return props.onChange(props.value + token);
    const { selectionStart: s, selectionEnd: e } = el;
    props.onChange(props.value.slice(0, s) + token + props.value.slice(e));
    requestAnimationFrame(() => {
      el.focus();
      el.setSelectionRange(s + token.length, s + token.length);
    });
  };
  return (
    <div class="template">
      <div class={`field${props.error ? ' field-invalid' : ''}`}>
        <label for={id}>Body template (optional)</label>
        <textarea
          id={id}
          ref={area}
          name="bodyTemplate"
          class="mono"
          rows={8}
          spellcheck={false}
          placeholder={'{"member": "{{data.memberId}}", "event": "{{event.type}}"}'}
          value={props.value}
          aria-invalid={Boolean(props.error)}
          aria-describedby={`${id}-hint${props.error ? ` ${id}-error` : ''}`}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
        <div class="hint" id={`${id}-hint`}>
          Empty sends the standard envelope {'{id, type, time, data}'}. A JSON body with placeholders; values are JSON-escaped.
        </div>
        {props.error && (
          <div class="error-text" id={`${id}-error`} role="alert">
            {props.error}
          </div>
        )}
      </div>
      {props.preview && props.preview.placeholders.length > 0 && (
        <div class="placeholders">
          <div class="hint">Placeholders{props.eventType ? ` for ${props.eventType}` : ''} (click to insert):</div>
          <ul>
            {props.preview.placeholders.map((p) => (
              <li key={p}>
                <button type="button" class="chip" onClick={() => insert(p)}>
                  {`{{${p}}}`}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

export function RequestPreview(props: { preview: Preview | null; eventType: string | null }) {
  if (!props.eventType) return <Notice kind="info" title="Choose an event type to preview the request." />;
  const req = props.preview?.request;
  if (!req) return <Notice kind="info" title="The preview appears once the URL and template are valid." />;
  return (
    <section class="preview" aria-label="Request preview">
      <h3>Preview: {props.eventType} (its example payload)</h3>
      <pre class="mono" data-testid="request-preview">
        {`POST ${req.url}\n`}
        {req.headers.map((h) => `${h.name}: ${h.value}\n`).join('')}
        {'\n'}
        {prettyJson(req.body)}
      </pre>
    </section>
  );
}

function prettyJson(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
