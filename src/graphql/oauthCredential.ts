// OAuth 2.0 client-credentials (Kognitiv): one credential can serve many webhooks. The client
// secret is write-only: no field returns it.
import { createOAuthCredential } from '../webhooks/resources.ts';
import { ownedCredentials } from '../auth/scope.ts';
import { builder } from './builder.ts';
import { mutationErrors } from './errors.ts';
import { ConflictError, ValidationError } from '../errors.ts';
import { NO_NUL_CHARACTERS } from './validation.ts';
import { nodeConnection } from './connection.ts';

export const OAuthCredential = builder.prismaNode('OAuthCredential', {
  id: { field: 'id' },
  findUnique: (id, ctx) => ({ ...ownedCredentials(ctx), id }),
  nullable: true,
  fields: (t) => ({
    name: t.exposeString('name'),
    tokenUrl: t.exposeString('tokenUrl'),
    clientId: t.exposeString('clientId'),
    scope: t.exposeString('scope', { nullable: true }),
    audience: t.exposeString('audience', { nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    webhookCount: t.relationCount('webhooks', { where: { deletedAt: null } }),
  }),
});

const OAuthCredentialConnection = nodeConnection(OAuthCredential, 'OAuthCredential');

const CreateOAuthCredentialInput = builder.inputType('CreateOAuthCredentialInput', {
  fields: (t) => ({
    name: t.string(),
    tokenUrl: t.string({ description: 'HTTPS token endpoint.' }),
    clientId: t.string(),
    clientSecret: t.string({ description: 'Write-only: stored encrypted, never returned.' }),
    scope: t.string({ required: false }),
    audience: t.string({ required: false }),
  }),
});

const CreateOAuthCredentialPayload = builder.objectRef<{ oauthCredentialId: string }>('CreateOAuthCredentialPayload').implement({
  fields: (t) => ({
    oauthCredential: t.prismaField({
      type: OAuthCredential,
      resolve: (query, p, _args, ctx) => ctx.prisma.oAuthCredential.findUniqueOrThrow({ ...query, where: { id: p.oauthCredentialId } }),
    }),
  }),
});

builder.queryFields((t) => ({
  oauthCredentials: t.prismaConnection(
    {
      type: OAuthCredential,
      cursor: 'id',
      maxSize: 100,
      totalCount: (_p, _args, ctx) => ctx.prisma.oAuthCredential.count({ where: ownedCredentials(ctx) }),
      resolve: (query, _root, _args, ctx) => ctx.prisma.oAuthCredential.findMany({ ...query, where: ownedCredentials(ctx), orderBy: { id: 'asc' } }),
    },
    OAuthCredentialConnection,
  ),
}));

builder.mutationFields((t) => ({
  createOAuthCredential: t.field({
    type: CreateOAuthCredentialPayload,
    args: { input: t.arg({ type: CreateOAuthCredentialInput }) },
    validate: NO_NUL_CHARACTERS,
    errors: mutationErrors('CreateOAuthCredentialResult', ValidationError, ConflictError),
    resolve: async (_root, { input }, ctx) => ({ oauthCredentialId: (await createOAuthCredential(ctx, ctx, input)).id }),
  }),
}));
