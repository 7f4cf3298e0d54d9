// The event-type catalog: built-in types from the seeds plus the tenant's own.
import { createEventType, updateEventType } from '../webhooks/resources.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { rowId } from './webhook.ts';
import { NO_NUL_CHARACTERS } from './validation.ts';
import { nodeConnection } from './connection.ts';

export const EventType = builder.prismaNode('EventType', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ id, OR: [{ tenantId: null }, { tenantId: ctx.tenantId }] }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    group: t.exposeString('group', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    source: t.exposeString('source', { nullable: true, description: 'The platform a built-in type comes from.' }),
    builtin: t.boolean({ resolve: (e) => e.tenantId === null }),
    example: t.expose('example', { type: 'JSONObject', nullable: true }),
    schema: t.expose('schema', {
      type: 'JSONObject',
      nullable: true,
      description: "JSON Schema (2020-12) every published event's data must satisfy; null = any object.",
    }),
    deprecated: t.exposeBoolean('deprecated'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const EventTypeConnection = nodeConnection(EventType, 'EventType');

const CreateEventTypeInput = builder.inputType('CreateEventTypeInput', {
  fields: (t) => ({
    name: t.string({ description: 'e.g. order.created' }),
    group: t.string({ required: false, description: 'Defaults to the first dot-separated segment.' }),
    description: t.string({ required: false }),
    example: t.field({ type: 'JSONObject', required: false, description: 'Must satisfy the schema.' }),
    schema: t.field({ type: 'JSONObject', required: false, description: "JSON Schema (2020-12) for the events' data, checked on publish." }),
  }),
});

const UpdateEventTypeInput = builder.inputType('UpdateEventTypeInput', {
  description: "Partial update of one of the tenant's own event types: omitted fields keep their value, null clears.",
  fields: (t) => ({
    id: t.id(),
    description: t.string({ required: false }),
    example: t.field({ type: 'JSONObject', required: false, description: 'Must satisfy the schema (the new one, when both change).' }),
    schema: t.field({ type: 'JSONObject', required: false, description: 'Applies to events published from now on.' }),
    deprecated: t.boolean({ required: false }),
  }),
});

function eventTypePayload(name: string) {
  return builder.objectRef<{ eventTypeId: string }>(name).implement({
    fields: (t) => ({
      eventType: t.prismaField({
        type: EventType,
        resolve: (query, p, _args, ctx) => ctx.prisma.eventType.findUniqueOrThrow({ ...query, where: { id: p.eventTypeId } }),
      }),
    }),
  });
}
const CreateEventTypePayload = eventTypePayload('CreateEventTypePayload');
const UpdateEventTypePayload = eventTypePayload('UpdateEventTypePayload');

builder.queryFields((t) => ({
  eventTypes: t.prismaConnection(
    {
      type: EventType,
      cursor: 'id',
      defaultSize: 100,
      maxSize: 500,
      args: { group: t.arg.string({ required: false }) },
      totalCount: (_p, args, ctx) =>
        ctx.prisma.eventType.count({ where: { OR: [{ tenantId: null }, { tenantId: ctx.tenantId }], ...(args.group ? { group: args.group } : {}) } }),
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.eventType.findMany({
          ...query,
          where: { OR: [{ tenantId: null }, { tenantId: ctx.tenantId }], ...(args.group ? { group: args.group } : {}) },
          orderBy: { id: 'asc' },
        }),
    },
    EventTypeConnection,
  ),
}));

builder.mutationFields((t) => ({
  createEventType: t.field({
    type: CreateEventTypePayload,
    args: { input: t.arg({ type: CreateEventTypeInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('CreateEventTypeResult', ValidationError, ConflictError),
    resolve: async (_root, { input }, ctx) => ({ eventTypeId: (await createEventType(ctx, ctx, input)).id }),
  }),
  updateEventType: t.field({
    type: UpdateEventTypePayload,
    args: { input: t.arg({ type: UpdateEventTypeInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('UpdateEventTypeResult', ValidationError, NotFoundError, ConflictError),
    resolve: async (_root, { input }, ctx) => ({
      eventTypeId: (await updateEventType(ctx, ctx, rowId(input.id, 'EventType')!, input)).id,
    }),
  }),
}));
