// K42 platform API (seed 000): POST-only RPC under /dsp.v1/publisher.webhook/<action>, snake_case
// fields, `publisher_id` naming an application by its externalId (created on first use), errors
// wrapped as {"error": {code, message, data, trace_id}} like K42's Publisher API.
import { z } from 'zod';
import { underPath } from '../../../http.ts';
import type { Scope } from '../../../auth/scope.ts';
import { createWebhook, deleteWebhook, rotateWebhookSecret, updateWebhook } from '../../../webhooks/service.ts';
import { getWebhook, listWebhooks, type WebhookView } from '../../../webhooks/read.ts';
import { applicationRef, cursorAfter, cursorPage, ensureApplicationRef, findApplicationRef, webhookPublicId, webhookRowId } from '../refs.ts';
import { inputPath, operation, type Dialect, type FieldPath, type RestDeps, type RestError } from '../rest.ts';

const PREFIX = '/dsp.v1/publisher.webhook';

const CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'authentication_error',
  403: 'authorization_error',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  500: 'internal_error',
};

export function k42Dialect({ services }: RestDeps): Dialect {
  const schemas = z.registry<{ id: string; description?: string }>();
  const { prisma } = services;

  const Webhook = z
    .object({
      webhook_id: z.string().describe('Hookgate webhook id (wh_…), the same in every API'),
      publisher_id: z.string().nullable().describe('The publisher (application externalId); null for a webhook of no publisher'),
      callback_url: z.string(),
      events: z.array(z.string()),
      is_active: z.boolean(),
      secret_fingerprint: z.string().describe('whsec_**** and the last four characters of the signing secret'),
      created_at: z.string().describe('ISO 8601'),
      updated_at: z.string().describe('ISO 8601'),
    })
    .register(schemas, { id: 'K42Webhook' });
  const WebhookWithSecret = Webhook.extend({
    secret: z.string().describe('The signing secret (Standard Webhooks whsec_…): returned only here'),
  }).register(schemas, { id: 'K42WebhookWithSecret' });
  const WebhookList = z
    .object({
      data: z.array(Webhook),
      page: z.object({ page_size: z.number().int(), cursor: z.string().nullable(), more: z.boolean() }),
    })
    .register(schemas, { id: 'K42WebhookList' });
  const Deleted = z.object({ webhook_id: z.string(), deleted: z.literal(true) }).register(schemas, { id: 'K42Deleted' });
  const ErrorBody = z
    .object({
      error: z.object({
        code: z.enum(Object.values(CODES) as [string, ...string[]]),
        message: z.string(),
        data: z
          .object({
            fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
            resource: z.string().optional(),
          })
          .optional(),
        trace_id: z.string(),
      }),
    })
    .register(schemas, { id: 'K42Error' });

  const events = z.array(z.string(), { error: 'events must be a list of event types' });
  const webhookId = z.string({ error: 'webhook_id is required' });
  const CreateBody = z
    .object({
      publisher_id: z.string({ error: 'publisher_id is required' }),
      callback_url: z.string({ error: 'callback_url is required' }),
      events: events.describe('At least one event type'),
      secret: z.string().optional().describe('Your own signing secret (whsec_ + base64 of 24-64 bytes); generated when omitted'),
    })
    .register(schemas, { id: 'K42CreateRequest' });
  const ListBody = z
    .object({
      publisher_id: z.string().optional().describe('Only this publisher\'s webhooks (all of the tenant\'s when omitted)'),
      page_size: z.number().int().min(1).max(services.config.api.maxPageSize).optional(),
      cursor: z.string().optional().describe('The `page.cursor` of the previous page'),
    })
    .register(schemas, { id: 'K42ListRequest' });
  const GetBody = z.object({ webhook_id: webhookId }).register(schemas, { id: 'K42GetRequest' });
  const UpdateBody = z
    .object({
      webhook_id: webhookId,
      publisher_id: z.string().optional(),
      callback_url: z.string().optional(),
      events: events.optional(),
      is_active: z.boolean().optional(),
    })
    .register(schemas, { id: 'K42UpdateRequest' });
  const RotateBody = z
    .object({
      webhook_id: webhookId,
      secret: z.string().optional().describe('The new secret; generated when omitted'),
      overlap_seconds: z.number().int().optional().describe('How long the previous secret stays valid (default 86400)'),
    })
    .register(schemas, { id: 'K42RotateSecretRequest' });

  const view = (w: WebhookView): z.output<typeof Webhook> => ({
    webhook_id: webhookPublicId(w.id),
    publisher_id: applicationRef(w.application),
    callback_url: w.urls[0] ?? '',
    events: w.events,
    is_active: w.isActive,
    secret_fingerprint: w.secretFingerprint,
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  });
  const load = (scope: Scope, id: string) => getWebhook(prisma, scope, id);

  return {
    name: 'k42',
    title: 'K42 platform API',
    description: 'POST-only RPC; every request and response body is JSON.',
    owns: underPath('/dsp.v1'),
    schemas,
    errorSchema: ErrorBody,
    renderError: (e: RestError, { traceId }) => {
      const data = e.fields.length > 0 ? { fields: e.fields } : e.resource ? { resource: e.resource } : undefined;
      return { error: { code: CODES[e.status] ?? 'internal_error', message: e.message, ...(data ? { data } : {}), trace_id: traceId } };
    },
    fieldPath: (corePath): FieldPath => {
      const [head, ...rest] = inputPath(corePath);
      if (head === 'url' || head === 'urls') return ['callback_url'];
      // The application a publisher_id makes on first use takes it as externalId and name.
      if (head === 'applicationId' || head === 'externalId' || head === 'name') return ['publisher_id'];
      if (head === 'isActive') return ['is_active'];
      if (head === 'overlapSeconds') return ['overlap_seconds'];
      return head === undefined ? [] : [head, ...rest];
    },
    operations: [
      operation({
        method: 'POST',
        path: `${PREFIX}/create`,
        operationId: 'k42CreateWebhook',
        summary: 'Register a webhook for a publisher (created on first use); the secret is returned only here',
        write: true,
        body: CreateBody,
        ok: { status: 200, description: 'The webhook and its signing secret', schema: WebhookWithSecret },
        errors: [400, 404, 409],
        handle: async ({ tenant, body }) => {
          const app = await ensureApplicationRef(prisma, tenant, body.publisher_id);
          const { webhook, signingSecret } = await createWebhook(services, tenant, {
            applicationId: app.id,
            url: body.callback_url,
            events: body.events,
            secret: body.secret,
          });
          return { status: 200, body: { ...view(await load(tenant, webhook.id)), secret: signingSecret } };
        },
      }),
      operation({
        method: 'POST',
        path: `${PREFIX}/list`,
        operationId: 'k42ListWebhooks',
        summary: "A publisher's webhooks (never with the secret), in creation order, a page at a time",
        write: false,
        body: ListBody,
        ok: { status: 200, description: 'One page of webhooks', schema: WebhookList },
        errors: [400],
        handle: async ({ tenant, body }) => {
          const pageSize = body.page_size ?? services.config.api.maxPageSize;
          const app = body.publisher_id === undefined ? undefined : await findApplicationRef(prisma, tenant, body.publisher_id);
          if (app === null) return { status: 200, body: { data: [], page: { page_size: pageSize, cursor: null, more: false } } };
          const afterId = cursorAfter(body.cursor, 'Use the page.cursor of a previous page');
          const rows = await listWebhooks(prisma, tenant, { applicationId: app?.id }, { take: pageSize + 1, afterId });
          const { page, more, next } = cursorPage(rows, pageSize);
          return { status: 200, body: { data: page.map(view), page: { page_size: pageSize, cursor: next, more } } };
        },
      }),
      operation({
        method: 'POST',
        path: `${PREFIX}/get`,
        operationId: 'k42GetWebhook',
        summary: 'One webhook by id (never with the secret)',
        write: false,
        body: GetBody,
        ok: { status: 200, description: 'The webhook', schema: Webhook },
        errors: [400, 404],
        handle: async ({ tenant, body }) => ({ status: 200, body: view(await load(tenant, webhookRowId(body.webhook_id))) }),
      }),
      operation({
        method: 'POST',
        path: `${PREFIX}/update`,
        operationId: 'k42UpdateWebhook',
        summary: 'Change the callback URL, events, publisher or active flag; omitted fields keep their value',
        write: true,
        body: UpdateBody,
        ok: { status: 200, description: 'The updated webhook', schema: Webhook },
        errors: [400, 404, 409],
        handle: async ({ tenant, body }) => {
          const id = webhookRowId(body.webhook_id);
          const app = body.publisher_id === undefined ? undefined : await ensureApplicationRef(prisma, tenant, body.publisher_id);
          await updateWebhook(services, tenant, id, {
            applicationId: app?.id,
            url: body.callback_url,
            events: body.events,
            isActive: body.is_active,
          });
          return { status: 200, body: view(await load(tenant, id)) };
        },
      }),
      operation({
        method: 'POST',
        path: `${PREFIX}/delete`,
        operationId: 'k42DeleteWebhook',
        summary: 'Delete a webhook: it receives nothing more and no longer appears in list or get',
        write: true,
        body: GetBody,
        ok: { status: 200, description: 'The webhook was deleted', schema: Deleted },
        errors: [400, 404],
        handle: async ({ tenant, body }) => {
          const webhook = await deleteWebhook(services, tenant, webhookRowId(body.webhook_id));
          return { status: 200, body: { webhook_id: webhookPublicId(webhook.id), deleted: true } };
        },
      }),
      operation({
        method: 'POST',
        path: `${PREFIX}/rotate_secret`,
        operationId: 'k42RotateSecret',
        summary: 'A new signing secret (returned only here); the previous one stays valid for overlap_seconds',
        write: true,
        body: RotateBody,
        ok: { status: 200, description: 'The webhook and its new signing secret', schema: WebhookWithSecret },
        errors: [400, 404],
        handle: async ({ tenant, body }) => {
          const id = webhookRowId(body.webhook_id);
          const { signingSecret } = await rotateWebhookSecret(services, tenant, id, { secret: body.secret, overlapSeconds: body.overlap_seconds });
          return { status: 200, body: { ...view(await load(tenant, id)), secret: signingSecret } };
        },
      }),
    ],
  };
}
