// Kadosei (seed 003): webhooks under /api/v1/applications/{applicationId}/webhooks, owned by an
// application that must exist and belong to the caller (404 otherwise); camelCase with ISO 8601
// times; `signingSecret` only at creation; a test send answering 502 / 504 when the receiver
// fails or times out; errors as {"error", "message", "code", "details": [{"field", "message"}]}.
import { z } from 'zod';
import { sendTestWebhook } from '../../../delivery/manual.ts';
import { NotFoundError } from '../../../errors.ts';
import { builtinEventNames } from '../../../events/catalog.ts';
import type { Scope } from '../../../auth/scope.ts';
import { underPath } from '../../../http.ts';
import { getWebhook, listWebhooks, type WebhookView } from '../../../webhooks/read.ts';
import { createWebhook, deleteWebhook, updateWebhook } from '../../../webhooks/service.ts';
import { cursorAfter, cursorPage, findApplicationRef, webhookPublicId, webhookRowId } from '../refs.ts';
import { HttpError, inputPath, iso, operation, REASON, type Dialect, type FieldPath, type RestDeps, type RestError } from '../rest.ts';

const BASE = '/api/v1/applications/{applicationId}/webhooks';

/** Kadosei's own wording for its documented statuses. */
const MESSAGES: Record<number, string> = {
  400: 'The request contains invalid parameters or malformed data',
  401: 'Authentication required. Please provide a valid API token',
  403: "You don't have permission to access this resource",
  502: 'A downstream dependency responded with an error or could not be reached.',
  504: 'A downstream dependency did not respond in time.',
};

export function kadoseiDialect({ services }: RestDeps): Dialect {
  const schemas = z.registry<{ id: string; description?: string }>();
  const { prisma } = services;
  const maxPage = services.config.api.maxPageSize;
  /** What a webhook created with only a URL receives: every Kadosei event type. */
  const defaultEvents = builtinEventNames('Kadosei');

  const Webhook = z
    .object({
      id: z.string().describe('Hookgate webhook id (wh_…), the same in every API'),
      url: z.string(),
      isActive: z.boolean(),
      keyFingerprint: z.string().describe('whsec_**** and the last four characters of the signing secret'),
      subscribedEvents: z.array(z.string()),
      lastTestAt: z.string().nullable().describe('ISO 8601; null before the first test send'),
      lastTestStatus: z.enum(['SUCCEEDED', 'FAILED']).nullable(),
      createdAt: z.string().describe('ISO 8601'),
      updatedAt: z.string().describe('ISO 8601'),
    })
    .register(schemas, { id: 'KadoseiWebhook' });
  const WebhookWithSecret = Webhook.extend({
    signingSecret: z.string().describe('The signing secret (Standard Webhooks whsec_…): returned only here'),
  }).register(schemas, { id: 'KadoseiWebhookWithSecret' });
  const WebhookList = z
    .object({
      data: z.array(Webhook).describe("The application's webhooks, in creation order"),
      hasMore: z.boolean(),
      nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page'),
    })
    .register(schemas, { id: 'KadoseiWebhookList' });
  const ErrorBody = z
    .object({
      error: z.string().describe('"Bad Request", "Unauthorized", "Forbidden", "Not Found", "Conflict"; "Error" for 502 and 504'),
      message: z.string(),
      code: z.number().int().describe('The HTTP status'),
      details: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    })
    .register(schemas, { id: 'KadoseiError' });

  const events = z.array(z.string(), { error: 'subscribedEvents must be a list of event types' });
  const CreateBody = z
    .object({
      url: z.string({ error: 'url is required' }).describe('HTTPS endpoint on the merchant server that receives webhooks.'),
      subscribedEvents: events.optional().describe(`Event types to receive; default ${defaultEvents.join(', ')}`),
      isActive: z.boolean().optional().describe('Default true'),
    })
    .register(schemas, { id: 'KadoseiCreateWebhookRequest' });
  const UpdateBody = z
    .object({
      url: z.string().optional().describe('Replaces the target URL'),
      subscribedEvents: events.optional(),
      isActive: z.boolean().optional(),
    })
    .register(schemas, { id: 'KadoseiUpdateWebhookRequest' });
  const TestBody = z
    .object({ eventType: z.string().optional().describe('The event type of the test event; default the first subscribed one') })
    .register(schemas, { id: 'KadoseiTestWebhookRequest' });
  const ListQuery = z.object({
    limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(maxPage).optional().describe(`Page size (default and at most ${maxPage})`),
    cursor: z.string().optional().describe('The nextCursor of the previous page'),
  });

  const view = (w: WebhookView): z.output<typeof Webhook> => ({
    id: webhookPublicId(w.id),
    url: w.urls[0] ?? '',
    isActive: w.isActive,
    keyFingerprint: w.secretFingerprint,
    subscribedEvents: w.events,
    lastTestAt: iso(w.lastTestAt),
    lastTestStatus: w.lastTestStatus,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  });

  /** The caller's application named in the path; another tenant's is as unknown as none. */
  async function application(scope: Scope, ref: string) {
    const app = await findApplicationRef(prisma, scope, ref);
    if (!app) throw new NotFoundError('Application', ref);
    return app;
  }
  /** A webhook of that application (of another application it is unknown here). */
  async function webhookOf(scope: Scope, params: Record<string, string>) {
    const app = await application(scope, params.applicationId!);
    return getWebhook(prisma, scope, webhookRowId(params.webhookId!), { applicationId: app.id });
  }

  return {
    name: 'kadosei',
    title: 'Kadosei',
    description: 'Application webhooks: every webhook belongs to an application of the authenticated merchant.',
    owns: underPath('/api/v1/applications'),
    schemas,
    errorSchema: ErrorBody,
    renderError: (e: RestError) => {
      // Kadosei's fixed wording where it has one; what exactly is wrong goes in details.
      const message = MESSAGES[e.status] ?? e.message;
      const details = e.fields.length > 0 ? e.fields : message !== e.message ? [{ field: DETAIL_FIELD[e.status] ?? 'request', message: e.message }] : [];
      return {
        error: e.status === 502 || e.status === 504 ? 'Error' : (REASON[e.status] ?? 'Error'),
        message,
        code: e.status,
        ...(details.length > 0 ? { details } : {}),
      };
    },
    fieldPath: (corePath): FieldPath => {
      const [head, ...rest] = inputPath(corePath);
      if (head === 'url' || head === 'urls') return ['url'];
      if (head === 'events') return ['subscribedEvents', ...rest];
      if (head === 'applicationId') return ['applicationId'];
      return head === undefined ? [] : [head, ...rest];
    },
    operations: [
      operation({
        method: 'POST',
        path: BASE,
        operationId: 'kadoseiCreateWebhook',
        summary: 'Create application webhook (the signing secret is returned only here)',
        write: true,
        body: CreateBody,
        ok: { status: 201, description: 'The webhook and its signing secret', schema: WebhookWithSecret },
        errors: [400, 404],
        handle: async ({ tenant, params, body }) => {
          const app = await application(tenant, params.applicationId!);
          const { webhook, signingSecret } = await createWebhook(services, tenant, {
            applicationId: app.id,
            url: body.url,
            events: body.subscribedEvents ?? defaultEvents,
            isActive: body.isActive,
          });
          return { status: 201, body: { ...view(await getWebhook(prisma, tenant, webhook.id)), signingSecret } };
        },
      }),
      operation({
        method: 'GET',
        path: BASE,
        operationId: 'kadoseiListWebhooks',
        summary: "The application's webhooks, a page at a time",
        write: false,
        query: ListQuery,
        ok: { status: 200, description: 'One page of webhooks', schema: WebhookList },
        errors: [400, 404],
        handle: async ({ tenant, params, query }) => {
          const app = await application(tenant, params.applicationId!);
          const afterId = cursorAfter(query.cursor, 'Use the nextCursor of a previous page');
          const limit = query.limit ?? maxPage;
          const rows = await listWebhooks(prisma, tenant, { applicationId: app.id }, { take: limit + 1, afterId });
          const { page, more, next } = cursorPage(rows, limit);
          return { status: 200, body: { data: page.map(view), hasMore: more, nextCursor: next } };
        },
      }),
      operation({
        method: 'GET',
        path: `${BASE}/{webhookId}`,
        operationId: 'kadoseiGetWebhook',
        summary: 'One webhook of the application',
        write: false,
        ok: { status: 200, description: 'The webhook', schema: Webhook },
        errors: [404],
        handle: async ({ tenant, params }) => ({ status: 200, body: view(await webhookOf(tenant, params)) }),
      }),
      operation({
        method: 'PATCH',
        path: `${BASE}/{webhookId}`,
        operationId: 'kadoseiUpdateWebhook',
        summary: 'Change url, isActive or subscribedEvents; omitted fields keep their value',
        write: true,
        body: UpdateBody,
        ok: { status: 200, description: 'The updated webhook', schema: Webhook },
        errors: [400, 404],
        handle: async ({ tenant, params, body }) => {
          const webhook = await webhookOf(tenant, params);
          await updateWebhook(services, tenant, webhook.id, { url: body.url, events: body.subscribedEvents, isActive: body.isActive });
          return { status: 200, body: view(await getWebhook(prisma, tenant, webhook.id)) };
        },
      }),
      operation({
        method: 'DELETE',
        path: `${BASE}/{webhookId}`,
        operationId: 'kadoseiDeleteWebhook',
        summary: 'Delete the webhook: it receives nothing more',
        write: true,
        ok: { status: 204, description: 'Deleted' },
        errors: [404],
        handle: async ({ tenant, params }) => {
          const webhook = await webhookOf(tenant, params);
          await deleteWebhook(services, tenant, webhook.id);
          return { status: 204 };
        },
      }),
      operation({
        method: 'POST',
        path: `${BASE}/{webhookId}/test`,
        operationId: 'kadoseiTestWebhook',
        summary: 'Send a signed test event now and wait for the receiver: 200 when it answers 2xx, 502 when it fails, 504 when it times out',
        write: true,
        body: TestBody,
        ok: { status: 200, description: 'The receiver accepted the test event; lastTestAt and lastTestStatus are updated', schema: Webhook },
        errors: [400, 404, 502, 504],
        handle: async ({ tenant, params, body }) => {
          const webhook = await webhookOf(tenant, params);
          const attempt = await sendTestWebhook(services, tenant, webhook.id, body.eventType);
          if (attempt.outcome !== 'SUCCEEDED') {
            const what = attempt.errorKind === 'HTTP_STATUS' ? `The receiver answered HTTP ${attempt.responseStatus}` : `${attempt.errorKind}: ${attempt.errorMessage ?? ''}`;
            throw new HttpError(attempt.errorKind === 'TIMEOUT' ? 504 : 502, what, [{ path: ['url'], message: what }]);
          }
          return { status: 200, body: view(await getWebhook(prisma, tenant, webhook.id)) };
        },
      }),
    ],
  };
}

/** Where a detail without a field of its own points. */
const DETAIL_FIELD: Record<number, string> = { 401: 'Authorization', 403: 'Authorization' };
