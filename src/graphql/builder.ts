// The Pothos builder: plugins and scalars only. Each domain file under src/graphql/ owns its types,
// queries and mutations; src/graphql/schema.ts imports them all and builds the schema once.
import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import ShapedRowsPlugin from './shaped.ts';
import type { GraphQLScalarSerializer } from 'graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { JSONObjectScalar } from './json-scalar.ts';
import type { Context } from './context.ts';
import { decodeId, encodeId, isNodeTypename } from '../ids.ts';
import { toValidationError } from './validation.ts';
import { ForbiddenError } from '../errors.ts';
import { WRITE_SCOPE } from '../auth/jwt.ts';
import type PrismaTypes from '../generated/prisma/pothos-types.ts';
import { getDatamodel } from '../generated/prisma/pothos-types.ts';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  AuthScopes: { tenant: boolean; write: boolean };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: unknown };
  };
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
}>({
  // Errors wraps auth and validation, so that their failures become ForbiddenError and
  // ValidationError members of a mutation's result union. Shaped rows first: it is the outermost
  // wrapper, answering rows a shaped statement loaded without the others (src/graphql/shaped.ts).
  plugins: [ShapedRowsPlugin, ErrorsPlugin, ScopeAuthPlugin, ValidationPlugin, PrismaPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  scopeAuth: {
    // Authentication happens once per request (context); this only asserts a tenant is present.
    authScopes: (ctx) => ({ tenant: ctx.tenantId.length > 0, write: ctx.canWrite }),
    unauthorizedError: () => new ForbiddenError(`This token is read-only: its scope lacks ${WRITE_SCOPE}`),
  },
  prisma: {
    // The client comes from the request context: the schema is static, the database per app.
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: process.env.NODE_ENV === 'production' ? null : 'warn',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    encodeGlobalID: (typename, id) => encodeId(typename, String(id)),
    decodeGlobalID: (globalID) => decodeId(globalID),
    nodesQueryOptions: false,
    nodeQueryOptions: {
      // A malformed id (or an unknown prefix) names nothing, exactly like an unknown id.
      resolve: (_root, args, _ctx, _info, resolveNode) => (isNodeTypename(args.id.typename) ? resolveNode(args.id) : null),
    },
  },
  errors: {
    defaultTypes: [],
    // Argument validation failures become ValidationError members of the mutation's union.
    unsafelyHandleInputErrors: true,
  },
  validation: {
    validationError: (failure) => toValidationError(failure),
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {
  // graphql-scalars' serialize, then the ISO string JSON.stringify would make of that Date
  // (Date.prototype.toJSON): the same answer, without a toJSON call per date when the response is
  // stringified (about 1 µs each; 50 in a page of webhooks with their last delivery).
  // Typed by Pothos as the resolvers' Output (Date); what serialize returns only goes into the
  // response, where a Date became this very string anyway.
  serialize: ((value: unknown) => {
    const date: unknown = DateTimeResolver.serialize(value);
    // An invalid Date (from a NaN number) stays a Date: toJSON makes it null, as before.
    return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : date;
  }) as unknown as GraphQLScalarSerializer<Date>,
});
builder.addScalarType('JSONObject', JSONObjectScalar);

builder.queryType({});
builder.mutationType({ authScopes: { write: true } });
