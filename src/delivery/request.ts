// Builds the exact HTTP request for one delivery (wire contract, DESIGN.md section 4): the body
// (Reward envelope or rendered bodyTemplate), Standard Webhooks headers signed with every valid
// secret, then the webhook's own headers with placeholders filled.
import { readFileSync } from 'node:fs';
import { encodeId } from '../ids.ts';
import { signatureHeader } from './sign.ts';
import { renderHeaderValue, renderJsonBody, renderUrl, type TemplateContext } from './template.ts';

// From package.json itself: npm_package_version exists only under `npm run`/`npm start`, and a
// hard-coded fallback would go stale with the first release when started as `node src/main.ts`.
export const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
export const USER_AGENT = `Hookgate/${VERSION}`;

export interface BuiltRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The headers as recorded on the attempt: signatures and credentials redacted. */
  redactedHeaders: Record<string, string>;
}

/** Header names whose values are credentials in practice; never stored in attempt records. */
const SENSITIVE = /authorization|token|secret|password|passwd|api[-_]?key|cookie|signature|credential|session/i;

function redactSignature(value: string): string {
  return value.split(' ').map(() => 'v1,<redacted>').join(' ');
}

/** What a request is built from: a claimed delivery (DeliveryForSend), or a draft webhook with an
 * example event (the console's preview), so that both show the same wire format. */
export interface RequestSource {
  url: string;
  event: { id: string; type: string; createdAt: Date; data: unknown; application: { id: string; name: string } | null };
  webhook: { id: string; name: string | null; bodyTemplate: string | null; headers: ReadonlyArray<{ name: string; value: string }> };
}

export function templateContext(d: RequestSource): TemplateContext {
  return {
    event: { id: encodeId('Event', d.event.id), type: d.event.type, time: d.event.createdAt.toISOString() },
    webhook: { id: encodeId('Webhook', d.webhook.id), name: d.webhook.name },
    application: d.event.application ? { id: encodeId('Application', d.event.application.id), name: d.event.application.name } : null,
    data: d.event.data,
  };
}

export function buildRequest(d: RequestSource, secrets: readonly string[], opts: { now: Date; bearerToken: string | null }): BuiltRequest {
  const ctx = templateContext(d);
  const body = d.webhook.bodyTemplate
    ? renderJsonBody(d.webhook.bodyTemplate, ctx)
    : JSON.stringify({ id: ctx.event.id, type: ctx.event.type, time: ctx.event.time, data: d.event.data });
  const timestamp = Math.floor(opts.now.getTime() / 1000);
  const signature = signatureHeader({ msgId: ctx.event.id, timestamp, body, secrets });
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    'webhook-id': ctx.event.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signature,
  };
  // Built alongside rather than by testing every header name again: the built-in ones are known.
  const redactedHeaders: Record<string, string> = { ...headers, 'webhook-signature': redactSignature(signature) };
  if (opts.bearerToken) {
    headers.authorization = `Bearer ${opts.bearerToken}`;
    redactedHeaders.authorization = '<redacted>';
  }
  for (const h of d.webhook.headers) {
    const name = h.name.toLowerCase();
    const value = renderHeaderValue(h.value, ctx);
    headers[name] = value;
    redactedHeaders[name] = name === 'webhook-signature' ? redactSignature(value) : SENSITIVE.test(name) ? '<redacted>' : value;
  }
  // The URL template was validated at save time; render it last so a template error names the URL.
  const url = d.url.includes('{{') ? renderUrl(d.url, ctx) : d.url;
  return { url, headers, body, redactedHeaders };
}
