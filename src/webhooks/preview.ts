// A webhook draft checked and rendered before it is saved (the console's create wizard and edit
// form): the same rule functions createWebhook runs, each problem at the same path, and the
// request the draft would send for an event type's example, built by the delivery code itself.
import type { JsonLimits } from '../input.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { FieldErrors, type FieldError } from '../errors.ts';
import { encodeId } from '../ids.ts';
import type { OutboundAllowList } from '../delivery/outbound.ts';
import { buildRequest } from '../delivery/request.ts';
import { generateSecret } from '../delivery/sign.ts';
import { TemplateError } from '../delivery/template.ts';
import { checkBodyTemplate, checkDescription, checkName, checkUrls, normalizeHeaders, type HeaderInput } from './rules.ts';
import { isNameTaken, nameTakenMessage } from './service.ts';

export interface WebhookDraft {
  name?: string | null;
  description?: string | null;
  urls?: readonly string[] | null;
  headers?: readonly HeaderInput[] | null;
  bodyTemplate?: string | null;
  /** Row id; only whether one is set matters (it supplies the Authorization header). */
  oauthCredentialId?: string | null;
  /** The catalog type whose example the preview renders. */
  eventType?: string | null;
  /** Row id of the webhook being edited: its own name is not a clash. */
  exceptWebhookId?: string | null;
}

export interface WebhookPreview {
  fieldErrors: FieldError[];
  /** Every placeholder the event type's example offers: the fixed ones, then each data path. */
  placeholders: string[];
  /** The first URL's request for the example, signatures and credentials redacted; null while the
   * draft cannot render (no URL yet, or a field above is invalid). */
  request: { url: string; headers: Array<{ name: string; value: string }>; body: string } | null;
}

const FIXED_PLACEHOLDERS = ['event.id', 'event.type', 'event.time', 'webhook.id', 'webhook.name', 'application.id', 'application.name', 'data'];
const MAX_DATA_PLACEHOLDERS = 200;

/** `data.a`, `data.a.b`, `data.items.0.sku`: every path into the example, breadth-limited. */
export function dataPlaceholders(example: unknown): string[] {
  const out: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (out.length >= MAX_DATA_PLACEHOLDERS) return;
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (!/^[A-Za-z0-9_-]+$/.test(k)) continue;
        const p = `${path}.${k}`;
        out.push(p);
        walk(v, p);
      }
    }
  };
  walk(example, 'data');
  return out;
}

export async function previewWebhook(deps: { prisma: PrismaClient; allowList: OutboundAllowList; config: { api: JsonLimits } }, tenantId: string, draft: WebhookDraft): Promise<WebhookPreview> {
  const errors = new FieldErrors();
  checkName(errors, ['input', 'name'], draft.name, false);
  checkDescription(errors, ['input', 'description'], draft.description);
  const urls = draft.urls ?? [];
  if (urls.length > 0) checkUrls(errors, ['input', 'urls'], urls, deps.allowList);
  const headers = normalizeHeaders(errors, ['input', 'headers'], draft.headers ?? [], { hasOAuth: Boolean(draft.oauthCredentialId) });
  checkBodyTemplate(errors, ['input', 'bodyTemplate'], draft.bodyTemplate, deps.config.api);
  if (draft.name && !errors.list.some((e) => e.path[1] === 'name') && (await isNameTaken(deps.prisma, tenantId, draft.name, draft.exceptWebhookId ?? null))) {
    errors.add(['input', 'name'], nameTakenMessage(draft.name));
  }

  const type = draft.eventType
    ? await deps.prisma.eventType.findFirst({ where: { name: draft.eventType, OR: [{ tenantId: null }, { tenantId }] }, select: { name: true, example: true } })
    : null;
  if (draft.eventType && !type) errors.add(['input', 'eventType'], `Unknown event type "${draft.eventType}"`);
  const example = (type?.example ?? {}) as Record<string, unknown>;
  const placeholders = [...FIXED_PLACEHOLDERS, ...dataPlaceholders(example)];

  let request: WebhookPreview['request'] = null;
  if (type && urls[0] && errors.empty) {
    try {
      const built = buildRequest(
        {
          url: urls[0],
          event: { id: encodeId('Event', '00000000-0000-7000-8000-000000000000'), type: type.name, createdAt: new Date(), data: example, application: null },
          webhook: {
            id: encodeId('Webhook', draft.exceptWebhookId ?? '00000000-0000-7000-8000-000000000000'),
            name: draft.name ?? null,
            bodyTemplate: draft.bodyTemplate ?? null,
            headers,
          },
        },
        [generateSecret()],
        { now: new Date(), bearerToken: draft.oauthCredentialId ? 'preview' : null },
      );
      request = { url: built.url, headers: Object.entries(built.redactedHeaders).map(([name, value]) => ({ name, value })), body: built.body };
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      // Every part was validated above; what is left is a value of the example the position cannot take.
      errors.add(draft.bodyTemplate ? ['input', 'bodyTemplate'] : ['input', 'urls', '0'], err.message);
    }
  }
  return { fieldErrors: errors.list, placeholders, request };
}
