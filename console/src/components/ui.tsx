// Small building blocks every page uses: labelled fields with their error, notices, empty states,
// badges, relative times, Relay pagers, copy buttons and the shown-once secret.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';

export function Field(props: {
  label: string;
  error?: string | undefined;
  hint?: ComponentChildren;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const hintId = props.hint ? `${id}-hint` : '';
  const errorId = props.error ? `${id}-error` : '';
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={`field${props.error ? ' field-invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.children({ id, describedBy, invalid: Boolean(props.error) })}
      {props.hint && (
        <div class="hint" id={hintId}>
          {props.hint}
        </div>
      )}
      {props.error && (
        <div class="error-text" id={errorId} role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

interface InputProps {
  value: string;
  onValue: (v: string) => void;
  type?: 'text' | 'search' | 'url' | 'password' | 'datetime-local' | 'number';
  name?: string;
  placeholder?: string;
  required?: boolean;
  autoComplete?: string;
}

export function TextField(props: { label: string; error?: string | undefined; hint?: ComponentChildren } & InputProps) {
  const { label, error, hint, value, onValue, type, ...rest } = props;
  return (
    <Field label={label} error={error} hint={hint}>
      {({ id, describedBy, invalid }) => (
        <input
          {...rest}
          // Preact's input types are a union keyed by `type`; every type offered here takes text.
          type={(type ?? 'text') as 'text'}
          id={id}
          value={value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onInput={(e) => onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  error?: string | undefined;
  hint?: ComponentChildren;
  rows?: number;
  mono?: boolean;
  name?: string;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <textarea
          id={id}
          name={props.name}
          class={props.mono ? 'mono' : undefined}
          rows={props.rows ?? 4}
          spellcheck={!props.mono}
          value={props.value}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onInput={(e) => props.onValue(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

export function SelectField(props: {
  label: string;
  value: string;
  onValue: (v: string) => void;
  options: Array<{ value: string; label: string }>;
  error?: string | undefined;
  hint?: ComponentChildren;
  name?: string;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {({ id, describedBy, invalid }) => (
        <select
          id={id}
          name={props.name}
          value={props.value}
          disabled={props.disabled}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => props.onValue(e.currentTarget.value)}
        >
          {props.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function Notice(props: { kind: 'error' | 'info' | 'success' | 'warning'; title?: string; children?: ComponentChildren }) {
  return (
    <div class={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.title && <strong>{props.title}</strong>}
      {props.children && <div>{props.children}</div>}
    </div>
  );
}

export function Empty(props: { title: string; children?: ComponentChildren }) {
  return (
    <div class="empty">
      <p class="empty-title">{props.title}</p>
      {props.children}
    </div>
  );
}

export function Loading(props: { what?: string }) {
  return (
    <p class="loading" role="status">
      Loading{props.what ? ` ${props.what}` : ''}…
    </p>
  );
}

export function Badge(props: { tone: 'ok' | 'bad' | 'warn' | 'muted' | 'info'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${props.tone}`} title={props.title}>
      {props.children}
    </span>
  );
}

const STATUS_TONE: Record<string, 'ok' | 'bad' | 'warn' | 'muted' | 'info'> = {
  SUCCEEDED: 'ok',
  FAILED: 'bad',
  PENDING: 'warn',
  CANCELLED: 'muted',
  SKIPPED: 'muted',
};

export function StatusBadge(props: { status: string }) {
  return <Badge tone={STATUS_TONE[props.status] ?? 'info'}>{props.status.toLowerCase()}</Badge>;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '–';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export function relativeTime(iso: string, now = Date.now()): string {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 0) return `in ${formatSpan(-s)}`;
  if (s < 5) return 'just now';
  return `${formatSpan(s)} ago`;
}

function formatSpan(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  if (s < 86400) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

export function Time(props: { iso: string | null | undefined }) {
  if (!props.iso) return <span>–</span>;
  return (
    <time dateTime={props.iso} title={formatTime(props.iso)}>
      {relativeTime(props.iso)}
    </time>
  );
}

export function Pager(props: {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor?: string | null; endCursor?: string | null };
  /** Whether this page was reached by paging (a first page has no previous one, whatever Relay says). */
  paged: boolean;
  href: (cursor: { after?: string; before?: string }) => string;
}) {
  const { pageInfo } = props;
  const prev = props.paged && pageInfo.startCursor ? props.href({ before: pageInfo.startCursor }) : null;
  const next = pageInfo.hasNextPage && pageInfo.endCursor ? props.href({ after: pageInfo.endCursor }) : null;
  if (!prev && !next) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {prev ? <a href={prev}>← Previous</a> : <span />}
      {next ? <a href={next}>Next →</a> : <span />}
    </nav>
  );
}

export function CopyButton(props: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      // Clipboard access can be refused (insecure origin, iframe policy): select the text instead.
      const el = document.createElement('textarea');
      el.value = props.text;
      document.body.append(el);
      el.select();
      document.execCommand('copy');
      el.remove();
    }
    setCopied(true);
  };
  return (
    <button type="button" class="secondary" onClick={copy}>
      {copied ? 'Copied' : (props.label ?? 'Copy')}
    </button>
  );
}

/** A signing secret, shown once after create or rotate. */
export function SecretOnce(props: { secret: string; title: string; onDone?: () => void; doneLabel?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div class="secret-once" tabIndex={-1} ref={ref} aria-labelledby="secret-title">
      <h2 id="secret-title">{props.title}</h2>
      <p>
        <strong>Copy the signing secret now: it will not be shown again.</strong> Receivers verify every request with it
        (Standard Webhooks signatures).
      </p>
      <div class="secret-row">
        <code class="secret" data-testid="signing-secret">
          {props.secret}
        </code>
        <CopyButton text={props.secret} label="Copy secret" />
      </div>
      {props.onDone && (
        <p>
          <button type="button" onClick={props.onDone}>
            {props.doneLabel ?? 'I have stored it'}
          </button>
        </p>
      )}
    </div>
  );
}

/** A button that asks in a modal dialog before it acts. */
export function ConfirmButton(props: {
  label: string;
  question: string;
  detail?: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  disabled?: boolean;
  onConfirm: () => void | Promise<void>;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  return (
    <>
      <button type="button" class={props.danger ? 'danger' : 'secondary'} disabled={props.disabled} onClick={() => dialog.current?.showModal()}>
        {props.label}
      </button>
      <dialog ref={dialog} aria-labelledby={titleId}>
        <form
          method="dialog"
          onSubmit={(e) => {
            if ((e.submitter as HTMLButtonElement | null)?.value === 'yes') void props.onConfirm();
          }}
        >
          <h2 id={titleId}>{props.question}</h2>
          {props.detail}
          <div class="actions">
            <button value="no" class="secondary">
              Cancel
            </button>
            <button value="yes" class={props.danger ? 'danger' : undefined}>
              {props.confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}

export function PageHeader(props: { title: string; children?: ComponentChildren; back?: { href: string; label: string } }) {
  useEffect(() => {
    document.title = `${props.title} · Hookgate`;
  }, [props.title]);
  return (
    <header class="page-header">
      {props.back && (
        <a class="back" href={props.back.href}>
          ← {props.back.label}
        </a>
      )}
      <div class="page-header-row">
        <h1>{props.title}</h1>
        {props.children && <div class="page-actions">{props.children}</div>}
      </div>
    </header>
  );
}

export function LiveBadge(props: { state: string }) {
  const label = { ws: 'Live (WebSocket)', sse: 'Live (SSE)', connecting: 'Connecting…', offline: 'Live updates paused' }[props.state] ?? props.state;
  return (
    <span class={`live live-${props.state}`} role="status" data-testid="live-state">
      {label}
    </span>
  );
}

export function JsonView(props: { value: unknown }) {
  return <pre class="json">{JSON.stringify(props.value, null, 2)}</pre>;
}

/** Builds `path?query` from entries, dropping empty values. */
export function hrefWith(path: string, query: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}
