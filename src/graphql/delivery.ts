// Events, deliveries and attempts: their types, queries, the mutations that create them
// (publishEvent, sendTestWebhook, retryDelivery, replayEvents) and the live attempt stream.
import { publishEvent, publishEvents, type Published } from '../events/publish.ts';
import { replayEvents, retryDelivery, sendTestWebhook } from '../delivery/manual.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { SEND_ERROR_KINDS, type SendErrorKind } from '../delivery/send.ts';
import { NIL_UUID, parseId } from '../ids.ts';
import type { AttemptMessage } from '../pubsub/index.ts';
import { ownedAttempts, ownedDeliveries, ownedEvents, ownedWebhooks, ownsAttempt, type Scope } from '../auth/scope.ts';
import { GraphQLError } from 'graphql';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { nodeConnection } from './connection.ts';
import { NO_NUL_CHARACTERS } from './validation.ts';
import { rowId, Webhook } from './webhook.ts';

const DeliveryStatus = builder.enumType('DeliveryStatus', { values: ['PENDING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'SKIPPED'] as const });
// One enum for "did it work": an attempt's outcome, and Webhook.lastTestStatus (the outcome of the
// last test attempt).
const AttemptOutcome = builder.enumType('AttemptOutcome', { values: ['SUCCEEDED', 'FAILED'] as const });
const AttemptErrorKind = builder.enumType('AttemptErrorKind', {
  description: 'Why an attempt failed.',
  values: Object.fromEntries(Object.entries(SEND_ERROR_KINDS).map(([kind, description]) => [kind, { description }])) as {
    [K in SendErrorKind]: { description: string };
  },
});
const AttemptTrigger = builder.enumType('AttemptTrigger', { values: ['SCHEDULED', 'MANUAL', 'TEST'] as const });

export const Event = builder.prismaNode('Event', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ ...ownedEvents(ctx), id }),
  nullable: true,
  fields: (t) => ({
    type: t.exposeString('type'),
    data: t.expose('data', { type: 'JSONObject' }),
    time: t.expose('createdAt', { type: 'DateTime', description: 'When the event was accepted (the envelope time).' }),
    application: t.relation('application', { nullable: true }),
    idempotencyKey: t.exposeString('idempotencyKey', { nullable: true }),
    isTest: t.exposeBoolean('isTest'),
  }),
});

const EventConnection = nodeConnection(Event, 'Event');

export const Delivery = builder.prismaNode('Delivery', {
  id: { field: 'id' },
  // Select mode: a page lists a few of a delivery's 15 columns; only those are read. (Not for the
  // Webhook type: rows loaded outside its query plan, such as DeliveryAttempt.webhook's, would
  // then reload every field they are asked for.)
  select: { id: true },
  findUnique: (id, ctx) => ({ ...ownedDeliveries(ctx), id }),
  nullable: true,
  description: 'One event to one URL of one webhook, with its attempts.',
  fields: (t) => ({
    event: t.relation('event'),
    webhook: t.relation('webhook'),
    url: t.exposeString('url'),
    status: t.expose('status', { type: DeliveryStatus }),
    attemptCount: t.exposeInt('attemptCount'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    completedAt: t.expose('completedAt', { type: 'DateTime', nullable: true }),
  }),
});

const DeliveryConnection = nodeConnection(Delivery, 'Delivery');

export const DeliveryAttempt = builder.prismaNode('DeliveryAttempt', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ ...ownedAttempts(ctx), id }),
  nullable: true,
  fields: (t) => ({
    delivery: t.relation('delivery'),
    webhookId: t.globalID({ resolve: (a) => ({ type: 'Webhook', id: a.webhookId }) }),
    eventId: t.globalID({ resolve: (a) => ({ type: 'Event', id: a.eventId }) }),
    // Attempts arrive in lists and live streams: one batched query per request (DataLoader), not
    // one per attempt.
    webhook: t.loadable({
      type: Webhook,
      sort: (w) => w.id,
      load: (ids: string[], ctx) => ctx.prisma.webhook.findMany({ where: { ...ownedWebhooks(ctx), id: { in: ids } } }),
      resolve: (a) => a.webhookId,
    }),
    event: t.loadable({
      type: Event,
      sort: (e) => e.id,
      load: (ids: string[], ctx) => ctx.prisma.event.findMany({ where: { ...ownedEvents(ctx), id: { in: ids } } }),
      resolve: (a) => a.eventId,
    }),
    number: t.exposeInt('number', { description: '1 for the first attempt of the delivery.' }),
    trigger: t.expose('trigger', { type: AttemptTrigger }),
    outcome: t.expose('outcome', { type: AttemptOutcome }),
    url: t.exposeString('url'),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    durationMs: t.exposeInt('durationMs'),
    requestHeaders: t.expose('requestHeaders', { type: 'JSONObject', description: 'As sent, with signatures and credentials redacted.' }),
    responseStatus: t.exposeInt('responseStatus', { nullable: true }),
    responseHeaders: t.expose('responseHeaders', { type: 'JSONObject', nullable: true }),
    responseBody: t.exposeString('responseBody', { nullable: true, description: 'The first bytes of the response (capped).' }),
    errorKind: t.field({
      type: AttemptErrorKind,
      nullable: true,
      // Only the deliverer writes the column, always a SendErrorKind.
      resolve: (a) => a.errorKind as SendErrorKind | null,
    }),
    errorMessage: t.exposeString('errorMessage', { nullable: true }),
  }),
});

const DeliveryAttemptConnection = nodeConnection(DeliveryAttempt, 'DeliveryAttempt');

// Connection fields are added after the node types: inside their own `fields` they would make the
// types' inference circular.
builder.prismaObjectField('Event', 'deliveries', (t) =>
  // An application's event also reaches the tenant's own webhooks: a portal sees only its part.
  t.relatedConnection('deliveries', { cursor: 'id', totalCount: true, query: (_args, ctx) => ({ where: ownedDeliveries(ctx), orderBy: { id: 'asc' } }) }, DeliveryConnection),
);

builder.prismaObjectField('Delivery', 'attempts', (t) =>
  t.relatedConnection('attempts', { cursor: 'id', totalCount: true, query: () => ({ orderBy: { number: 'asc' } }) }, DeliveryAttemptConnection),
);

builder.prismaObjectField('Webhook', 'lastTestStatus', (t) =>
  t.expose('lastTestStatus', { type: AttemptOutcome, nullable: true, description: 'The outcome of the last sendTestWebhook.' }),
);

builder.prismaObjectField('Webhook', 'deliveries', (t) =>
  t.relatedConnection('deliveries', {
    cursor: 'id',
    totalCount: true,
    args: { status: t.arg({ type: DeliveryStatus, required: false }) },
    query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: { id: 'desc' } }),
    description: 'Newest first.',
  }, DeliveryConnection),
);

builder.queryFields((t) => ({
  event: t.prismaField({
    type: Event,
    nullable: true,
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) => {
      const id = parseId(args.id, 'Event');
      return id ? ctx.prisma.event.findFirst({ ...query, where: { ...ownedEvents(ctx), id } }) : null;
    },
  }),
  events: t.prismaConnection(
    {
      type: Event,
      cursor: 'id',
      maxSize: 100,
      args: { type: t.arg.string({ required: false }) },
      description: 'Newest first.',
      totalCount: (_root, args, ctx) => ctx.prisma.event.count({ where: { ...ownedEvents(ctx), ...(args.type ? { type: args.type } : {}) } }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.event.findMany({ ...query, where: { ...ownedEvents(ctx), ...(args.type ? { type: args.type } : {}) }, orderBy: { id: 'desc' } }),
    },
    EventConnection,
  ),
  delivery: t.prismaField({
    type: Delivery,
    nullable: true,
    args: { id: t.arg.id() },
    resolve: (query, _root, args, ctx) => {
      const id = parseId(args.id, 'Delivery');
      return id ? ctx.prisma.delivery.findFirst({ ...query, where: { ...ownedDeliveries(ctx), id } }) : null;
    },
  }),
}));

const PublishEventInput = builder.inputType('PublishEventInput', {
  fields: (t) => ({
    type: t.string({ description: 'An event type from the catalog.' }),
    data: t.field({ type: 'JSONObject', description: 'The payload, a JSON object (default limit 256 KiB).' }),
    applicationId: t.id({ required: false, description: 'Deliver to webhooks of this application and to webhooks of no application.' }),
    idempotencyKey: t.string({ required: false, description: 'The same key within 24 h returns the first event and creates nothing.' }),
  }),
});

// The payload carries the event row the write made (or the duplicate's): answering `event` reads
// nothing more, for one event and for every item of a batch. Its relations, if asked for, are
// loaded by the Prisma plugin's fallback, batched.
type PublishEventShape = Pick<Published, 'event' | 'deliveryCount' | 'skippedCount' | 'duplicate'>;
const PublishEventPayload = builder.objectRef<PublishEventShape>('PublishEventPayload').implement({
  fields: (t) => ({
    event: t.field({ type: Event, resolve: (p) => p.event }),
    deliveryCount: t.exposeInt('deliveryCount', { description: 'Deliveries queued for sending.' }),
    skippedCount: t.exposeInt('skippedCount', { description: 'Deliveries recorded SKIPPED for disabled webhooks (replayEvents sends them once enabled).' }),
    duplicate: t.exposeBoolean('duplicate', { description: 'True when the idempotency key matched an earlier event.' }),
  }),
});

const payloadOf = (p: Published): PublishEventShape => ({
  event: p.event,
  deliveryCount: p.deliveryCount,
  skippedCount: p.skippedCount,
  duplicate: p.duplicate,
});

const PublishEventsInput = builder.inputType('PublishEventsInput', {
  fields: (t) => ({
    events: t.field({ type: [PublishEventInput], description: 'Up to HOOKGATE_PUBLISH_BATCH_MAX (default 100) events, written in one transaction.' }),
  }),
});

const PublishEventsPayload = builder.objectRef<{ results: Array<PublishEventShape | ValidationError | NotFoundError> }>('PublishEventsPayload').implement({
  fields: (t) => ({
    // One result per input item, in input order: the item's payload, or why it was refused (the
    // errors plugin turns each returned error into its union member).
    results: t.field({
      type: [PublishEventPayload],
      description: 'One per input event, in input order.',
      itemErrors: { types: [ValidationError, NotFoundError], directResult: true, union: { name: 'PublishEventsItem' } },
      resolve: (p) => p.results as PublishEventShape[],
    }),
    publishedCount: t.int({ description: 'Items accepted (new events or duplicates).', resolve: (p) => p.results.filter((r) => !(r instanceof Error)).length }),
  }),
});

const SendTestWebhookPayload = builder.objectRef<{ attempt: AttemptMessage }>('SendTestWebhookPayload').implement({
  fields: (t) => ({
    attempt: t.prismaField({
      type: DeliveryAttempt,
      resolve: (query, p, _a, ctx) => ctx.prisma.deliveryAttempt.findUniqueOrThrow({ ...query, where: { id: p.attempt.id } }),
    }),
    webhook: t.prismaField({
      type: Webhook,
      resolve: (query, p, _a, ctx) => ctx.prisma.webhook.findUniqueOrThrow({ ...query, where: { id: p.attempt.webhookId } }),
    }),
  }),
});

const RetryDeliveryPayload = builder.objectRef<{ deliveryId: string }>('RetryDeliveryPayload').implement({
  fields: (t) => ({
    delivery: t.prismaField({ type: Delivery, resolve: (query, p, _a, ctx) => ctx.prisma.delivery.findUniqueOrThrow({ ...query, where: { id: p.deliveryId } }) }),
  }),
});

const ReplayEventsPayload = builder.objectRef<{ eventCount: number; deliveryCount: number }>('ReplayEventsPayload').implement({
  fields: (t) => ({
    eventCount: t.exposeInt('eventCount'),
    deliveryCount: t.exposeInt('deliveryCount'),
  }),
});

const SendTestWebhookInput = builder.inputType('SendTestWebhookInput', {
  fields: (t) => ({
    id: t.id({ description: 'The webhook to test.' }),
    eventType: t.string({ required: false, description: "Defaults to the webhook's first event type." }),
  }),
});

const RetryDeliveryInput = builder.inputType('RetryDeliveryInput', {
  fields: (t) => ({ id: t.id({ description: 'The delivery to attempt again.' }) }),
});

const ReplayEventsInput = builder.inputType('ReplayEventsInput', {
  fields: (t) => ({
    webhookId: t.id(),
    since: t.field({ type: 'DateTime' }),
    until: t.field({ type: 'DateTime', required: false, description: 'Defaults to now.' }),
    onlyFailed: t.boolean({ required: false, defaultValue: true, description: 'Skip events this webhook already received or is receiving.' }),
  }),
});

builder.mutationFields((t) => ({
  publishEvent: t.field({
    type: PublishEventPayload,
    args: { input: t.arg({ type: PublishEventInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('PublishEventResult', ValidationError, NotFoundError),
    resolve: async (_root, { input }, ctx) => {
      const published = await publishEvent(
        { prisma: ctx.prisma, sql: ctx.sql, payloadMaxBytes: ctx.config.api.payloadMaxBytes, jsonMaxDepth: ctx.config.api.jsonMaxDepth, schemas: ctx.schemas, onDeliveriesCreated: ctx.wakeDispatchers },
        ctx,
        { ...input, applicationId: rowId(input.applicationId, 'Application') },
      );
      return payloadOf(published);
    },
  }),
  publishEvents: t.field({
    type: PublishEventsPayload,
    description: 'Publishes a batch in one transaction: each item is validated on its own and answered in input order.',
    args: { input: t.arg({ type: PublishEventsInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('PublishEventsResult', ValidationError),
    resolve: async (_root, { input }, ctx) => {
      const results = await publishEvents(
        {
          prisma: ctx.prisma,
          sql: ctx.sql,
          payloadMaxBytes: ctx.config.api.payloadMaxBytes,
          jsonMaxDepth: ctx.config.api.jsonMaxDepth,
          schemas: ctx.schemas,
          batchMax: ctx.config.api.publishBatchMax,
          onDeliveriesCreated: ctx.wakeDispatchers,
        },
        ctx,
        input.events.map((e) => ({ ...e, applicationId: itemApplicationId(e.applicationId) })),
      );
      return {
        results: results.map((r) => {
          if (r instanceof ValidationError || r instanceof NotFoundError) return r;
          if (r instanceof Error) throw r;
          return payloadOf(r);
        }),
      };
    },
  }),
  sendTestWebhook: t.field({
    type: SendTestWebhookPayload,
    args: { input: t.arg({ type: SendTestWebhookInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('SendTestWebhookResult', ValidationError, NotFoundError),
    resolve: async (_root, { input }, ctx) => ({ attempt: await sendTestWebhook(ctx, ctx, rowId(input.id, 'Webhook')!, input.eventType) }),
  }),
  retryDelivery: t.field({
    type: RetryDeliveryPayload,
    args: { input: t.arg({ type: RetryDeliveryInput }) },
    // Only an id: a malformed one (NUL included) is simply not found.
    errors: mutationErrors('RetryDeliveryResult', NotFoundError, ConflictError),
    resolve: async (_root, { input }, ctx) => ({
      deliveryId: (await retryDelivery(ctx.prisma, ctx, rowId(input.id, 'Delivery')!, ctx.wakeDispatchers)).id,
    }),
  }),
  replayEvents: t.field({
    type: ReplayEventsPayload,
    args: { input: t.arg({ type: ReplayEventsInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('ReplayEventsResult', ValidationError, NotFoundError, ConflictError),
    resolve: (_root, { input }, ctx) =>
      replayEvents(
        ctx.prisma,
        ctx,
        rowId(input.webhookId, 'Webhook')!,
        { since: input.since, until: input.until ?? new Date(), onlyFailed: input.onlyFailed ?? true },
        ctx.wakeDispatchers,
      ),
  }),
}));

builder.subscriptionType({
  fields: (t) => ({
    deliveryAttempts: t.field({
      type: DeliveryAttempt,
      description: "Every delivery attempt of the caller's tenant as it is recorded, optionally for one webhook or event.",
      args: { webhookId: t.arg.id({ required: false }), eventId: t.arg.id({ required: false }) },
      subscribe: async (_root, args, ctx) => {
        const webhookId = await subscribedId(args.webhookId, 'Webhook', (id) => ctx.prisma.webhook.count({ where: { ...ownedWebhooks(ctx), id } }));
        const eventId = await subscribedId(args.eventId, 'Event', (id) => ctx.prisma.event.count({ where: { ...ownedEvents(ctx), id } }));
        return filterAttempts(ctx.bus.subscribe(ctx.tenantId), ctx, webhookId, eventId);
      },
      // The message carries every scalar of the row; dates arrive as ISO strings.
      resolve: (msg) => ({
        ...msg,
        startedAt: new Date(msg.startedAt),
        createdAt: new Date(msg.createdAt),
      }),
    }),
  }),
});

/**
 * The row id of a subscription filter, or null without one. A malformed, unknown or out-of-scope
 * id is refused as NOT_FOUND before the stream starts: a subscription has no union to carry a
 * NotFoundError, and a domain error thrown here would be masked as "Unexpected error.".
 */
async function subscribedId(value: string | null | undefined, typename: 'Webhook' | 'Event', count: (id: string) => Promise<number>): Promise<string | null> {
  if (value === null || value === undefined) return null;
  const id = parseId(value, typename);
  if (id !== null && (await count(id)) > 0) return id;
  // The code NotFoundError carries in mutation results; the id is not echoed back.
  throw new GraphQLError(`${typename} not found: no ${typename.toLowerCase()} with this id is visible to this token`, {
    extensions: { code: 'NOT_FOUND', resource: typename },
  });
}

async function* filterAttempts(source: AsyncIterable<AttemptMessage>, scope: Scope, webhookId: string | null, eventId: string | null): AsyncGenerator<AttemptMessage> {
  for await (const msg of source) {
    if (!ownsAttempt(scope, msg)) continue;
    if (webhookId && msg.webhookId !== webhookId) continue;
    if (eventId && msg.eventId !== eventId) continue;
    yield msg;
  }
}

/**
 * An item's application id as a row id. A malformed id cannot be owned by the tenant: it becomes
 * an id no row has, so the item is answered NotFoundError like an unknown one (and the others go on).
 */
function itemApplicationId(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  return parseId(value, 'Application') ?? NIL_UUID;
}
