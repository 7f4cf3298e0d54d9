// Applications: the optional owner of webhooks and events (K42 publisher, Partner shop,
// Kadosei application).
import { createApplication } from '../webhooks/resources.ts';
import { ownedApplications } from '../auth/scope.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { NO_NUL_CHARACTERS } from './validation.ts';
import { nodeConnection } from './connection.ts';
import { WebhookConnection } from './webhook.ts';

export const Application = builder.prismaNode('Application', {
  id: { field: 'id' },
  // Select mode: only the columns a query asks for are read.
  select: { id: true },
  findUnique: (id, ctx) => ({ ...ownedApplications(ctx), id }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    externalId: t.exposeString('externalId', { nullable: true, description: "The caller's own id (K42 publisher_id, Partner shopId)." }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    webhooks: t.relatedConnection('webhooks', {
      cursor: 'id',
      totalCount: true,
      query: () => ({ where: { deletedAt: null }, orderBy: { id: 'asc' } }),
    }, WebhookConnection),
  }),
});

const ApplicationConnection = nodeConnection(Application, 'Application');

const CreateApplicationInput = builder.inputType('CreateApplicationInput', {
  fields: (t) => ({
    name: t.string({ description: 'Unique per tenant.' }),
    externalId: t.string({ required: false, description: 'Your own identifier for it, unique per tenant.' }),
    description: t.string({ required: false }),
  }),
});

const CreateApplicationPayload = builder.objectRef<{ applicationId: string }>('CreateApplicationPayload').implement({
  fields: (t) => ({
    application: t.prismaField({
      type: Application,
      resolve: (query, p, _args, ctx) => ctx.prisma.application.findUniqueOrThrow({ ...query, where: { id: p.applicationId } }),
    }),
  }),
});

builder.queryFields((t) => ({
  applications: t.prismaConnection(
    {
      type: Application,
      cursor: 'id',
      maxSize: 100,
      totalCount: (_p, _args, ctx) => ctx.prisma.application.count({ where: ownedApplications(ctx) }),
      resolve: (query, _root, _args, ctx) => ctx.prisma.application.findMany({ ...query, where: ownedApplications(ctx), orderBy: { id: 'asc' } }),
    },
    ApplicationConnection,
  ),
}));

builder.mutationFields((t) => ({
  createApplication: t.field({
    type: CreateApplicationPayload,
    args: { input: t.arg({ type: CreateApplicationInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('CreateApplicationResult', ValidationError, ConflictError),
    resolve: async (_root, { input }, ctx) => ({ applicationId: (await createApplication(ctx.prisma, ctx, input)).id }),
  }),
}));
