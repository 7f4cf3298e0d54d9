// The unified Webhook: its type, queries and mutations. Every field of the five seed models has a
// home here (see docs/ARCHITECTURE.md for the mapping).
import type { Prisma } from '../generated/prisma/client.ts';
import {
  createWebhook,
  deleteWebhook,
  fingerprint,
  rotateWebhookSecret,
  updateWebhook,
  type CreateWebhookInput,
} from '../webhooks/service.ts';
import { ownedWebhooks, type Scope } from '../auth/scope.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { nodeConnection } from './connection.ts';
import { containsNul, NO_NUL_CHARACTERS } from './validation.ts';
import { NIL_UUID, parseId } from '../ids.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { formatSchedule } from '../delivery/retry.ts';
import { webhookWhere as coreWebhookWhere } from '../webhooks/read.ts';
import { SHAPED_RESOLVE, type ShapedResolve } from './shaped.ts';
import { WEBHOOK_PAGE, webhookPage } from './webhookPage.ts';
import type { Context } from './context.ts';

export const HttpMethod = builder.enumType('HttpMethod', { values: ['POST'] as const });

export const DeliveryOrdering = builder.enumType('DeliveryOrdering', {
  description: 'How the deliveries of a webhook to each of its URLs are sent (README "Ordered delivery").',
  values: {
    UNORDERED: { description: 'In parallel, as fast as workers and the receiver allow (the default).' },
    FIFO: {
      description:
        'Per URL, one at a time across all workers, in publish order. A delivery waiting for a retry holds the ones behind it; when it fails for good the next one goes.',
    },
  } as const,
});

builder.prismaObject('WebhookHeader', {
  // Select mode (also Delivery, Application): only the columns a query asks for are read.
  select: { id: true },
  description: 'A custom request header (Kognitiv). Values may contain {{placeholders}} filled at delivery.',
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.exposeString('value'),
  }),
});

export const Webhook = builder.prismaNode('Webhook', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ ...ownedWebhooks(ctx), id }),
  nullable: true,
  fields: (t) => ({
    application: t.relation('application', { nullable: true }),
    name: t.exposeString('name', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    url: t.string({ description: 'The first target URL.', resolve: (w) => w.urls[0] ?? '' }),
    urls: t.exposeStringList('urls'),
    events: t.exposeStringList('events'),
    eventGroup: t.exposeString('eventGroup', { nullable: true, description: 'Fixed at creation (Kognitiv).' }),
    method: t.expose('method', { type: HttpMethod }),
    headers: t.relation('headers', { query: { orderBy: { position: 'asc' } } }),
    bodyTemplate: t.exposeString('bodyTemplate', { nullable: true }),
    oauthCredential: t.relation('oauthCredential', { nullable: true }),
    isActive: t.exposeBoolean('isActive'),
    disabledReason: t.exposeString('disabledReason', { nullable: true }),
    secretFingerprint: t.string({
      description: 'whsec_**** and the last four characters of the current signing secret.',
      select: { secrets: { where: { expiresAt: null }, select: { last4: true }, take: 1 } },
      resolve: (w) => fingerprint(w.secrets[0]?.last4 ?? '????'),
    }),
    retrySchedule: t.string({
      nullable: true,
      description: 'This webhook\'s retry schedule (e.g. "0s,5s,5m"); null when it uses the global one.',
      resolve: (w) => (w.retrySchedule.length > 0 ? formatSchedule(w.retrySchedule) : null),
    }),
    rateLimitPerSecond: t.exposeInt('rateLimitPerSecond', { nullable: true, description: 'Deliveries per second across all workers.' }),
    filter: t.expose('filter', { type: 'JSONObject', nullable: true, description: 'Payload filter (docs/FILTERS.md); null = every event of the subscribed types.' }),
    ordering: t.expose('ordering', { type: DeliveryOrdering }),
    lastTestAt: t.expose('lastTestAt', { type: 'DateTime', nullable: true, description: 'When sendTestWebhook last ran (lastTestStatus is its outcome).' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    deletedAt: t.expose('deletedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const WebhookConnection = nodeConnection(Webhook, 'Webhook');

export const HeaderInput = builder.inputType('WebhookHeaderInput', {
  fields: (t) => ({
    name: t.string(),
    value: t.string({ description: 'May be empty; trimmed before save.' }),
  }),
});

const WebhookFilter = builder.inputType('WebhookFilter', {
  fields: (t) => ({
    applicationId: t.id({ required: false }),
    event: t.string({ required: false, description: 'Webhooks subscribed to this event type.' }),
    isActive: t.boolean({ required: false }),
    includeDeleted: t.boolean({ required: false, defaultValue: false }),
    search: t.string({ required: false, description: 'Case-insensitive match on name, description or URL.' }),
  }),
});

builder.queryFields((t) => ({
  webhook: t.prismaField({
    type: Webhook,
    nullable: true,
    description: 'A webhook by id; soft-deleted webhooks are returned with deletedAt set.',
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) => {
      const id = parseId(args.id, 'Webhook');
      if (!id) return null;
      return ctx.prisma.webhook.findFirst({ ...query, where: { ...ownedWebhooks(ctx), id } });
    },
  }),
  webhooks: t.prismaConnection(
    {
      type: Webhook,
      cursor: 'id',
      ...WEBHOOK_PAGE,
      args: { filter: t.arg({ type: WebhookFilter, required: false }) },
      // One statement returning the page shaped, when the selection is one it covers; otherwise
      // (NOT_SHAPED) the resolver below.
      extensions: {
        [SHAPED_RESOLVE]: ((_root, args, ctx, info) =>
          webhookPage(ctx as Context, args, webhookWhere(ctx as Context, args.filter as Filter), info)) satisfies ShapedResolve,
      },
      totalCount: (_parent, args, ctx) => ctx.prisma.webhook.count({ where: webhookWhere(ctx, args.filter) }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.webhook.findMany({ ...query, where: webhookWhere(ctx, args.filter), orderBy: { id: 'asc' } }),
    },
    WebhookConnection,
  ),
}));

type Filter = {
  applicationId?: string | null;
  event?: string | null;
  isActive?: boolean | null;
  includeDeleted?: boolean | null;
  search?: string | null;
} | null | undefined;

function webhookWhere(scope: Scope, filter: Filter): Prisma.WebhookWhereInput {
  // No stored text contains NUL (PostgreSQL cannot hold it), so such a filter matches nothing.
  if (containsNul(filter)) return { ...ownedWebhooks(scope), id: NIL_UUID };
  return coreWebhookWhere(scope, {
    ...filter,
    // An unknown or malformed id matches nothing rather than failing the query.
    applicationId: filter?.applicationId ? (parseId(filter.applicationId, 'Application') ?? NIL_UUID) : null,
  });
}

const CreateWebhookInputRef = builder.inputType('CreateWebhookInput', {
  fields: (t) => ({
    applicationId: t.id({ required: false, description: 'The owning application (K42 publisher, Partner shop, Kadosei application).' }),
    name: t.string({ required: false, description: 'Unique per tenant among live webhooks, case-sensitive, no leading/trailing spaces.' }),
    description: t.string({ required: false }),
    url: t.string({ required: false, description: 'Shorthand for urls: [url].' }),
    urls: t.stringList({ required: false, description: '1 to 10 HTTPS URLs; every event is delivered to each.' }),
    events: t.stringList({ required: false, description: 'Event types from the catalog; at least one unless eventGroup is set.' }),
    eventGroup: t.string({ required: false, description: 'Subscribe to every type of this group; cannot change later.' }),
    method: t.field({ type: HttpMethod, required: false, defaultValue: 'POST' }),
    headers: t.field({ type: [HeaderInput], required: false }),
    bodyTemplate: t.string({ required: false, description: 'JSON body with {{placeholders}}; default is the event envelope.' }),
    oauthCredentialId: t.id({ required: false }),
    secret: t.string({ required: false, description: 'whsec_ + base64 of 24-64 bytes; generated when omitted.' }),
    isActive: t.boolean({ required: false, defaultValue: true }),
    retrySchedule: t.string({ required: false, description: 'Delays before each attempt, e.g. "0s,5s,5m,30m,2h,5h"; default: the global schedule.' }),
    rateLimitPerSecond: t.int({ required: false, description: 'At most this many deliveries per second, across all workers.' }),
    filter: t.field({ type: 'JSONObject', required: false, description: 'Only events whose type and data match are delivered (docs/FILTERS.md).' }),
    ordering: t.field({ type: DeliveryOrdering, required: false, defaultValue: 'UNORDERED' }),
  }),
});

const UpdateWebhookInputRef = builder.inputType('UpdateWebhookInput', {
  description: 'Partial update: omitted fields keep their value, null clears a nullable field, lists replace.',
  fields: (t) => ({
    id: t.id({ description: 'The webhook to update.' }),
    applicationId: t.id({ required: false }),
    name: t.string({ required: false }),
    description: t.string({ required: false }),
    url: t.string({ required: false }),
    urls: t.stringList({ required: false }),
    events: t.stringList({ required: false }),
    eventGroup: t.string({ required: false, description: 'Accepted only when unchanged: the event group is immutable.' }),
    headers: t.field({ type: [HeaderInput], required: false }),
    bodyTemplate: t.string({ required: false }),
    oauthCredentialId: t.id({ required: false }),
    isActive: t.boolean({ required: false }),
    retrySchedule: t.string({ required: false, description: 'null returns to the global schedule.' }),
    rateLimitPerSecond: t.int({ required: false, description: 'null removes the limit.' }),
    filter: t.field({ type: 'JSONObject', required: false, description: 'null (or {}) removes the filter.' }),
    ordering: t.field({
      type: DeliveryOrdering,
      required: false,
      description: 'To FIFO: deliveries queued before stay unordered, new ones are ordered. To UNORDERED: waiting deliveries go out at once.',
    }),
  }),
});

interface WebhookPayloadShape {
  webhookId: string;
  signingSecret?: string;
}

function payloadType(name: string, withSecret: boolean, description: string) {
  return builder.objectRef<WebhookPayloadShape>(name).implement({
    description,
    fields: (t) => ({
      webhook: t.prismaField({
        type: Webhook,
        resolve: (query, p, _args, ctx) => ctx.prisma.webhook.findUniqueOrThrow({ ...query, where: { id: p.webhookId } }),
      }),
      ...(withSecret
        ? {
            signingSecret: t.string({
              description: 'The signing secret. Shown only here: store it now, no query returns it.',
              resolve: (p) => p.signingSecret ?? '',
            }),
          }
        : {}),
    }),
  });
}

const CreateWebhookPayload = payloadType('CreateWebhookPayload', true, 'The new webhook and its signing secret (shown once).');
const UpdateWebhookPayload = payloadType('UpdateWebhookPayload', false, 'The updated webhook.');
const DeleteWebhookPayload = payloadType('DeleteWebhookPayload', false, 'The soft-deleted webhook (deletedAt set).');
const RotateWebhookSecretPayload = payloadType('RotateWebhookSecretPayload', true, 'The new signing secret (shown once).');

/** Maps GraphQL input (public ids) to domain input (row ids); unknown ids raise NotFoundError. */
export function rowId(value: string | null | undefined, typename: string): string | null | undefined {
  if (value === undefined || value === null) return value;
  const id = parseId(value, typename);
  if (!id) throw new NotFoundError(typename, value);
  return id;
}

const DeleteWebhookInputRef = builder.inputType('DeleteWebhookInput', {
  fields: (t) => ({ id: t.id() }),
});

const RotateWebhookSecretInputRef = builder.inputType('RotateWebhookSecretInput', {
  fields: (t) => ({
    id: t.id(),
    overlapSeconds: t.int({ required: false, description: 'How long the previous secret stays valid (default 86400, max 30 days).' }),
    secret: t.string({ required: false, description: 'A caller-supplied new secret; generated when omitted.' }),
  }),
});

builder.mutationFields((t) => ({
  createWebhook: t.field({
    type: CreateWebhookPayload,
    args: { input: t.arg({ type: CreateWebhookInputRef }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('CreateWebhookResult', ValidationError, NotFoundError, ConflictError),
    resolve: async (_root, { input }, ctx) => {
      const domainInput: CreateWebhookInput = {
        ...input,
        applicationId: rowId(input.applicationId, 'Application'),
        oauthCredentialId: rowId(input.oauthCredentialId, 'OAuthCredential'),
      };
      const { webhook, signingSecret } = await createWebhook(ctx, ctx, domainInput);
      return { webhookId: webhook.id, signingSecret };
    },
  }),
  updateWebhook: t.field({
    type: UpdateWebhookPayload,
    args: { input: t.arg({ type: UpdateWebhookInputRef }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('UpdateWebhookResult', ValidationError, NotFoundError, ConflictError),
    resolve: async (_root, { input: { id, ...input } }, ctx) => {
      const webhook = await updateWebhook(ctx, ctx, rowId(id, 'Webhook')!, {
        ...input,
        applicationId: rowId(input.applicationId, 'Application'),
        oauthCredentialId: rowId(input.oauthCredentialId, 'OAuthCredential'),
      });
      return { webhookId: webhook.id };
    },
  }),
  deleteWebhook: t.field({
    type: DeleteWebhookPayload,
    args: { input: t.arg({ type: DeleteWebhookInputRef }) },
    // Only an id: a malformed one (NUL included) is simply not found.
    errors: mutationErrors('DeleteWebhookResult', NotFoundError),
    resolve: async (_root, { input }, ctx) => {
      const webhook = await deleteWebhook(ctx, ctx, rowId(input.id, 'Webhook')!);
      return { webhookId: webhook.id };
    },
  }),
  rotateWebhookSecret: t.field({
    type: RotateWebhookSecretPayload,
    args: { input: t.arg({ type: RotateWebhookSecretInputRef }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('RotateWebhookSecretResult', ValidationError, NotFoundError),
    resolve: async (_root, { input }, ctx) => {
      const { webhook, signingSecret } = await rotateWebhookSecret(ctx, ctx, rowId(input.id, 'Webhook')!, input);
      return { webhookId: webhook.id, signingSecret };
    },
  }),
}));
