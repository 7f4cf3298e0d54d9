// Partner API (seed 001): /api/v1/partner/webHooks with PartnerWebHook objects (camelCase, epoch-ms
// timestamps), full-replace PUT, soft DELETE (the object stays readable with `deleted: true`), a
// paginated SearchResult list, and Spring-style error bodies whose `errors[].field` reads
// `webHookUrls[1]`. `companyId` is the tenant; `shopId` an application externalId, created on
// first use.
import { z } from 'zod';
import { builtinEventNames } from '../../../events/catalog.ts';
import type { Scope } from '../../../auth/scope.ts';
import { underPath } from '../../../http.ts';
import { countWebhooks, getWebhook, listWebhooks, type WebhookView } from '../../../webhooks/read.ts';
import { createWebhook, deleteWebhook, updateWebhook } from '../../../webhooks/service.ts';
import { applicationRef, ensureApplicationRef, findApplicationRef, webhookPublicId, webhookRowId } from '../refs.ts';
import { inputPath, operation, REASON, type Dialect, type FieldPath, type RestDeps, type RestError } from '../rest.ts';

const BASE = '/api/v1/partner/webHooks';

/** The eleven event types the Partner API names: the built-in catalog's Partner API types. */
const PARTNER_WEBHOOK_TYPES = builtinEventNames('Partner API') as [string, ...string[]];

export function partnerDialect({ services }: RestDeps): Dialect {
  const schemas = z.registry<{ id: string; description?: string }>();
  const { prisma } = services;
  const maxPage = services.config.api.maxPageSize;

  const WebHook = z
    .object({
      id: z.string().describe('Hookgate webhook id (wh_…), the same in every API'),
      companyId: z.string().describe('The company: the tenant (the token\'s `sub`)'),
      shopId: z.string().nullable().describe('The shop (application externalId); null for a webhook of no shop'),
      created: z.number().int().describe('Created timestamp (epoch ms)'),
      modified: z.number().int().describe('Last modified timestamp (epoch ms)'),
      deleted: z.boolean().describe('Whether the record is deleted (soft delete)'),
      updated: z.boolean().describe('Whether the record has been modified since it was created'),
      url: z.string().describe('The first of webHookUrls'),
      webHookType: z.string().nullable().describe(`The subscribed event type: one of ${PARTNER_WEBHOOK_TYPES.join(', ')} (a webhook made through another API may name another catalog type)`),
      webHookUrls: z.array(z.string()),
    })
    .register(schemas, { id: 'PartnerWebHook' });
  const SearchResult = z
    .object({
      values: z.array(WebHook).describe('This page, in creation order'),
      skip: z.number().int().describe('Records skipped (the `start` asked for)'),
      limit: z.number().int().describe('Page size used'),
      total: z.number().int().describe('Records matching the filters, on every page together'),
    })
    .register(schemas, { id: 'PartnerWebHookSearchResult' });
  const ErrorBody = z
    .object({
      timestamp: z.string().describe('ISO 8601'),
      status: z.number().int(),
      error: z.string().describe('The HTTP reason phrase'),
      message: z.string(),
      path: z.string(),
      errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Invalid fields, e.g. webHookUrls[1]'),
    })
    .register(schemas, { id: 'PartnerError' });

  const webHookType = z.enum(PARTNER_WEBHOOK_TYPES, { error: `webHookType must be one of ${PARTNER_WEBHOOK_TYPES.join(', ')}` });
  const webHookUrls = z.array(z.string(), { error: 'webHookUrls must be a list of URLs' });
  const CreateBody = z
    .object({
      url: z.string().optional().describe('When given, must be the first of webHookUrls'),
      shopId: z.string().optional().describe('Shop identifier; a new one is created on first use'),
      webHookUrls: webHookUrls.describe('1 to 10 HTTPS URLs; every event goes to each'),
      webHookType: webHookType.optional().describe('The event type to receive (required by Hookgate: at least one event)'),
    })
    .register(schemas, { id: 'PartnerWebHookCreateRequest' });
  const ReplaceBody = z
    .object({
      id: z.string().optional().describe('Read-only: ignored (the path names the webhook)'),
      companyId: z.string().optional().describe('Read-only: ignored'),
      shopId: z.string().nullable().optional().describe('Omitted or null: the webhook belongs to no shop'),
      created: z.number().optional().describe('Read-only: ignored'),
      modified: z.number().optional().describe('Read-only: ignored'),
      deleted: z.boolean().optional().describe('Read-only: ignored (use DELETE)'),
      updated: z.boolean().optional().describe('Read-only: ignored'),
      url: z.string().optional(),
      webHookType: webHookType.nullable().optional(),
      webHookUrls: webHookUrls.optional(),
    })
    .register(schemas, { id: 'PartnerWebHookReplaceRequest' });
  const ListQuery = z.object({
    start: z.coerce.number({ error: 'start must be a number' }).int().min(0).optional().describe('Number of records to skip (default 0)'),
    limit: z.coerce.number({ error: 'limit must be a number' }).int().min(1).max(maxPage).optional().describe(`Maximum records to return (default 20, at most ${maxPage})`),
    shopId: z.string().optional().describe('Only this shop\'s webhooks'),
    type: z.string().optional().describe('Only webhooks subscribed to this event type'),
  });

  const view = (w: WebhookView, scope: Scope): z.output<typeof WebHook> => ({
    id: webhookPublicId(w.id),
    companyId: scope.tenantId,
    shopId: applicationRef(w.application),
    created: w.createdAt.getTime(),
    modified: w.updatedAt.getTime(),
    deleted: w.deletedAt !== null,
    // Prisma writes one timestamp to both on create; every later write moves updatedAt.
    updated: w.updatedAt.getTime() > w.createdAt.getTime(),
    url: w.urls[0] ?? '',
    webHookType: w.events[0] ?? null,
    webHookUrls: w.urls,
  });
  const load = async (scope: Scope, id: string) => view(await getWebhook(prisma, scope, id, { includeDeleted: true }), scope);

  return {
    name: 'partner',
    title: 'Partner API',
    description: 'PARTNER WebHooks: company (tenant) and shop scoped registrations with several target URLs.',
    owns: underPath(BASE),
    schemas,
    errorSchema: ErrorBody,
    renderError: (e: RestError, { path }) => ({
      timestamp: new Date().toISOString(),
      status: e.status,
      error: REASON[e.status] ?? 'Error',
      message: e.message,
      path,
      ...(e.fields.length > 0 ? { errors: e.fields } : {}),
    }),
    fieldPath: (corePath): FieldPath => {
      const [head, ...rest] = inputPath(corePath);
      if (head === 'urls') return ['webHookUrls', ...rest];
      if (head === 'events') return ['webHookType'];
      // The application a shopId makes on first use takes it as externalId and name.
      if (head === 'applicationId' || head === 'externalId' || head === 'name') return ['shopId'];
      return head === undefined ? [] : [head, ...rest];
    },
    operations: [
      operation({
        method: 'POST',
        path: BASE,
        operationId: 'partnerCreateWebHook',
        summary: 'Create PARTNER WebHooks',
        write: true,
        body: CreateBody,
        ok: { status: 200, description: 'The new PartnerWebHook', schema: WebHook },
        errors: [400, 404, 409],
        handle: async ({ tenant, body }) => {
          const app = body.shopId === undefined ? null : await ensureApplicationRef(prisma, tenant, body.shopId);
          const { webhook } = await createWebhook(services, tenant, {
            applicationId: app?.id ?? null,
            url: body.url,
            urls: body.webHookUrls,
            events: body.webHookType ? [body.webHookType] : [],
          });
          return { status: 200, body: await load(tenant, webhook.id) };
        },
      }),
      operation({
        method: 'PUT',
        path: `${BASE}/{webHookId}`,
        operationId: 'partnerUpdateWebHook',
        summary: 'Update PARTNER WebHooks: the full object replaces the registration (shopId, url, webHookUrls, webHookType)',
        write: true,
        body: ReplaceBody,
        ok: { status: 200, description: 'The updated PartnerWebHook', schema: WebHook },
        errors: [400, 404, 409],
        handle: async ({ tenant, params, body }) => {
          const id = webhookRowId(params.webHookId!);
          const app = body.shopId ? await ensureApplicationRef(prisma, tenant, body.shopId) : null;
          // Full replace: what the object leaves out is cleared, so the core's rules for a new
          // registration (URLs, at least one event) apply to it as a whole.
          await updateWebhook(services, tenant, id, {
            applicationId: app?.id ?? null,
            url: body.url,
            urls: body.webHookUrls ?? [],
            events: body.webHookType ? [body.webHookType] : [],
          });
          return { status: 200, body: await load(tenant, id) };
        },
      }),
      operation({
        method: 'GET',
        path: `${BASE}/{webHookId}`,
        operationId: 'partnerGetWebHook',
        summary: 'Get PARTNER WebHooks By Id (deleted ones too, with deleted: true)',
        write: false,
        ok: { status: 200, description: 'The PartnerWebHook', schema: WebHook },
        errors: [404],
        handle: async ({ tenant, params }) => ({ status: 200, body: await load(tenant, webhookRowId(params.webHookId!)) }),
      }),
      operation({
        method: 'GET',
        path: BASE,
        operationId: 'partnerListWebHooks',
        summary: 'Get PARTNER WebHooks list: a SearchResult page of live webhooks, optionally of one shop and event type',
        write: false,
        query: ListQuery,
        ok: { status: 200, description: 'A SearchResult of PartnerWebHook objects', schema: SearchResult },
        errors: [400],
        handle: async ({ tenant, query }) => {
          const skip = query.start ?? 0;
          const limit = query.limit ?? DEFAULT_LIMIT;
          const app = query.shopId === undefined ? undefined : await findApplicationRef(prisma, tenant, query.shopId);
          if (app === null) return { status: 200, body: { values: [], skip, limit, total: 0 } };
          const filter = { applicationId: app?.id, event: query.type };
          const [rows, total] = await Promise.all([
            listWebhooks(prisma, tenant, filter, { take: limit, skip }),
            countWebhooks(prisma, tenant, filter),
          ]);
          return { status: 200, body: { values: rows.map((w) => view(w, tenant)), skip, limit, total } };
        },
      }),
      operation({
        method: 'DELETE',
        path: `${BASE}/{webHookId}`,
        operationId: 'partnerDeleteWebHook',
        summary: 'Delete partner webhook by id: soft, the object stays readable with deleted: true',
        write: true,
        ok: { status: 200, description: 'The deleted PartnerWebHook (deleted: true)', schema: WebHook },
        errors: [404],
        handle: async ({ tenant, params }) => {
          const webhook = await deleteWebhook(services, tenant, webhookRowId(params.webHookId!));
          return { status: 200, body: await load(tenant, webhook.id) };
        },
      }),
    ],
  };
}

const DEFAULT_LIMIT = 20;
