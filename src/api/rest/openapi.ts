// /openapi.json: an OpenAPI 3.1 document of the REST dialects, made from the very declarations
// the doors route and validate with (paths, zod schemas, statuses), so it cannot drift from them.
import { z } from 'zod';
import type { Door } from '../../http.ts';
import type { Dialect, Operation } from './rest.ts';

export const OPENAPI_PATH = '/openapi.json';

type JsonSchema = Record<string, unknown>;

const ref = (id: string): JsonSchema => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas(dialect: Dialect): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const io of ['input', 'output'] as const) {
    const { schemas } = z.toJSONSchema(dialect.schemas, { target: 'draft-2020-12', io, uri: (id) => `#/components/schemas/${id}` }) as {
      schemas: Record<string, JsonSchema>;
    };
    for (const [id, { $schema: _s, $id: _i, ...schema }] of Object.entries(schemas)) {
      // Request bodies are read as input (defaults, coercion), responses written as output.
      if (io === 'input' ? id.endsWith('Request') : !id.endsWith('Request')) out[id] = schema;
    }
  }
  return out;
}

function schemaOf(dialect: Dialect, schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const id = dialect.schemas.get(schema)?.id;
  if (id) return ref(id);
  const { $schema: _s, ...inline } = z.toJSONSchema(schema, { target: 'draft-2020-12', io }) as JsonSchema;
  return inline;
}

function parameters(op: Operation): JsonSchema[] {
  const path = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const query = Object.entries(op.query?.shape ?? {}).map(([name, field]) => {
    const { $schema: _s, description, ...schema } = z.toJSONSchema(field as z.ZodType, { target: 'draft-2020-12', io: 'input' }) as JsonSchema;
    return { name, in: 'query', required: !(field as z.ZodType).safeParse(undefined).success, ...(description ? { description } : {}), schema };
  });
  return [...path, ...query];
}

function operationObject(dialect: Dialect, op: Operation): JsonSchema {
  const errorContent = { content: { 'application/json': { schema: schemaOf(dialect, dialect.errorSchema, 'output') } } };
  // Every operation authenticates; writes refuse read-only tokens; a body can be malformed,
  // too large or not JSON.
  const errorStatuses = [...new Set([...op.errors, 401, ...(op.write ? [403] : []), ...(op.body ? [400, 413, 415] : [])])].sort();
  const responses: Record<string, JsonSchema> = {
    [op.ok.status]: {
      description: op.ok.description,
      ...(op.ok.schema ? { content: { 'application/json': { schema: schemaOf(dialect, op.ok.schema, 'output') } } } : {}),
    },
  };
  for (const status of errorStatuses) responses[status] = { description: ERROR_DESCRIPTIONS[status] ?? 'Error', ...errorContent };
  const params = parameters(op);
  return {
    operationId: op.operationId,
    summary: op.summary,
    tags: [dialect.title],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body ? { requestBody: { required: !op.body.safeParse({}).success, content: { 'application/json': { schema: schemaOf(dialect, op.body, 'input') } } } } : {}),
    responses,
  };
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: every invalid field with its name',
  401: 'Missing or invalid bearer token',
  403: 'The token may not do this (read-only token, or confined to another application)',
  404: 'No such resource for this tenant',
  409: 'Conflicts with the current state',
  413: 'The request body is too large',
  415: 'The request body is not JSON',
  502: 'The receiver answered with an error or could not be reached',
  504: 'The receiver did not answer in time',
};

export function buildOpenApi(dialects: readonly Dialect[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const schemas: Record<string, JsonSchema> = {};
  for (const dialect of dialects) {
    Object.assign(schemas, componentSchemas(dialect));
    for (const op of dialect.operations) (paths[op.path] ??= {})[op.method.toLowerCase()] = operationObject(dialect, op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hookgate REST dialects',
      version,
      description:
        'The webhook APIs of K42, the Partner API and Kadosei, served by Hookgate on the same core as its GraphQL API (/graphql): ' +
        'a webhook made through any of them is the same webhook everywhere. Authenticate with the same bearer JWT as GraphQL.',
    },
    tags: dialects.map((d) => ({ name: d.title, description: d.description })),
    security: [{ bearerAuth: [] }],
    paths,
    components: { schemas, securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
  };
}

export function createOpenApiDoor(dialects: readonly Dialect[], version: string): Door {
  const body = JSON.stringify(buildOpenApi(dialects, version));
  return {
    name: 'openapi',
    matches: (pathname) => pathname === OPENAPI_PATH,
    handle: (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed', message: 'Use GET' }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
