// The event-type catalog: built-in types from the seeds plus the tenant's own.
import { createEventType } from '../webhooks/resources.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { ConflictError, ValidationError } from '../errors.ts';
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
    example: t.field({ type: 'JSONObject', required: false }),
  }),
});

const CreateEventTypePayload = builder.objectRef<{ eventTypeId: string }>('CreateEventTypePayload').implement({
  fields: (t) => ({
    eventType: t.prismaField({
      type: EventType,
      resolve: (query, p, _args, ctx) => ctx.prisma.eventType.findUniqueOrThrow({ ...query, where: { id: p.eventTypeId } }),
    }),
  }),
});

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
    resolve: async (_root, { input }, ctx) => ({ eventTypeId: (await createEventType(ctx.prisma, ctx.tenantId, input)).id }),
  }),
}));
