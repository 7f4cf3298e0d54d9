// What the three REST dialects share: operations declared as data (method, OpenAPI path template,
// zod schemas for body, query and response), one request pipeline (match, authenticate, refuse
// writes of read-only tokens, read and check the body, call the handler) and one mapping of the
// core's errors to an HTTP status with field paths. Each dialect only says how its paths, fields
// and error bodies look; the same declarations produce /openapi.json.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AuthError, WRITE_SCOPE, type Authenticator } from '../../auth/jwt.ts';
import type { Scope, ScopeResolver } from '../../auth/scope.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import type { Services } from '../../graphql/context.ts';
import { BodyTooLargeError, readBodyWithin, type Door } from '../../http.ts';
import { NUL_MESSAGE, nulPaths } from '../../input.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type FieldPath = readonly (string | number)[];

/** A failure in dialect-neutral form; each dialect renders it in its own body format. */
export interface RestError {
  status: number;
  message: string;
  /** Invalid fields, named in the dialect (`callback_url`, `webHookUrls[1]`, `url`). */
  fields: { field: string; message: string }[];
  /** The kind of thing that was not found ("webhook", "application"). */
  resource?: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: { path: FieldPath; message: string }[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Who calls: the token's scope (tenant, and the application of a portal token) and its rights. */
export type Caller = Scope & { canWrite: boolean };

export interface Call<B, Q> {
  tenant: Caller;
  params: Record<string, string>;
  body: B;
  query: Q;
}

export interface Reply {
  status: number;
  body?: unknown;
}

export interface Operation<B = unknown, Q = unknown> {
  method: Method;
  /** OpenAPI path template, e.g. /api/v1/partner/webHooks/{webHookId}. */
  path: string;
  operationId: string;
  summary: string;
  /** Writes are refused (403) for read-only tokens. */
  write: boolean;
  /** Request body schema (registered in the dialect's schema registry under an id). */
  body?: z.ZodType<B>;
  query?: z.ZodObject;
  /** The success response. */
  ok: { status: number; description: string; schema?: z.ZodType };
  /** Error statuses this operation can answer besides 401 (and 403 for writes). */
  errors: readonly number[];
  handle(call: Call<B, Q>): Promise<Reply>;
}

/** Declares an operation with its handler typed by its schemas. */
export function operation<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodObject = z.ZodObject<{}>>(
  op: Omit<Operation<z.output<B>, z.output<Q>>, 'body' | 'query'> & { body?: B; query?: Q },
): Operation {
  return op as unknown as Operation;
}

export interface Dialect {
  /** k42, partner, kadosei. */
  name: string;
  title: string;
  description: string;
  /** The paths this dialect owns (the door's `matches`). */
  owns(pathname: string): boolean;
  operations: Operation[];
  /** Component schemas (bodies, responses, errors) by id, for /openapi.json. */
  schemas: z.core.$ZodRegistry<{ id: string; description?: string }>;
  /** The registered schema of this dialect's error bodies. */
  errorSchema: z.ZodType;
  renderError(error: RestError, req: { path: string; traceId: string }): unknown;
  /** A core field path (['input', 'urls', '1']) as this dialect's field (['webHookUrls', 1]). */
  fieldPath(corePath: readonly string[]): FieldPath;
}

export interface RestDeps {
  services: Services;
  authenticator: Authenticator;
  logger: Logger;
}

/** `webHookUrls[1]`, `headers[0].name`, `callback_url`: the way the three seeds name fields. */
export function formatField(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number' || /^\d+$/.test(part)) out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

/** Strips the argument root (`input`) a core path starts with. */
export function inputPath(corePath: readonly string[]): string[] {
  return corePath[0] === 'input' ? corePath.slice(1) : [...corePath];
}

interface CompiledOperation {
  op: Operation;
  regex: RegExp;
  names: string[];
}

function compile(op: Operation): CompiledOperation {
  const names: string[] = [];
  const source = op.path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (!m) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]!);
      return '([^/]+)';
    })
    .join('');
  return { op, regex: new RegExp(`^${source}/?$`), names };
}

export function createRestDoor(dialect: Dialect, deps: RestDeps): Door {
  const compiled = dialect.operations.map(compile);
  return {
    name: `rest:${dialect.name}`,
    matches: (pathname) => dialect.owns(pathname),
    handle: async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const traceId = randomUUID();
      const fail = (err: unknown) => {
        const e = toRestError(err, dialect);
        if (e.status >= 500 && !(err instanceof HttpError)) deps.logger.error({ err, door: dialect.name, path: url.pathname, traceId }, 'unexpected error in REST door');
        send(res, e.status, dialect.renderError(e, { path: url.pathname, traceId }), err instanceof HttpError ? err.headers : {});
      };
      try {
        const routed = route(compiled, req.method ?? 'GET', url.pathname);
        const tenant = await authenticate(deps.authenticator, deps.services.scopes, req.headers.authorization);
        const { op, params } = routed;
        if (op.write && !tenant.canWrite) throw new ForbiddenError(`This token is read-only: its scope lacks ${WRITE_SCOPE}`);
        const body = op.body ? parse(op.body, await readJson(req, deps.services.config.http.maxBodyBytes)) : undefined;
        const query = op.query ? parse(op.query, Object.fromEntries(url.searchParams)) : {};
        const reply = await op.handle({ tenant, params, body, query });
        send(res, reply.status, reply.body);
      } catch (err) {
        fail(err);
      }
    },
  };
}

function route(compiled: CompiledOperation[], method: string, pathname: string): { op: Operation; params: Record<string, string> } {
  const allowed: string[] = [];
  for (const c of compiled) {
    const m = c.regex.exec(pathname);
    if (!m) continue;
    if (c.op.method !== method) {
      allowed.push(c.op.method);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      c.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    } catch {
      throw new HttpError(404, `No endpoint at ${pathname}`);
    }
    return { op: c.op, params };
  }
  if (allowed.length > 0) {
    const allow = [...new Set(allowed)].join(', ');
    throw new HttpError(405, `Method ${method} is not allowed here; allowed: ${allow}`, [], { allow });
  }
  throw new HttpError(404, `No endpoint at ${pathname}`);
}

async function authenticate(authenticator: Authenticator, scopes: ScopeResolver, header: string | undefined): Promise<Caller> {
  try {
    const { tenantId, canWrite, app } = await authenticator.authenticate(header);
    return { ...(await scopes.resolve(tenantId, app)), canWrite };
  } catch (err) {
    if (err instanceof AuthError) throw new HttpError(401, err.message);
    throw err;
  }
}

async function readJson(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const text = (await readBodyWithin(req, maxBytes)).toString('utf8');
  // RPC-style clients send {} for "no parameters"; an empty body means the same.
  if (text.trim() === '') return {};
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, 'The request body must be JSON (Content-Type: application/json)');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `The request body is not valid JSON: ${(err as Error).message}`);
  }
  const nuls = nulPaths(value);
  if (nuls.length > 0) throw new HttpError(400, 'The request contains invalid characters', nuls.map((path) => ({ path, message: NUL_MESSAGE })));
  return value;
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpError(
    400,
    'The request contains invalid parameters or malformed data',
    result.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), message: i.message })),
  );
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

const RESOURCE_NAMES: Record<string, string> = { Webhook: 'webhook', Application: 'application', OAuthCredential: 'oauth_credential', Delivery: 'delivery' };

/** Maps core and transport failures to a status and the dialect's field names. */
export function toRestError(err: unknown, dialect: Dialect): RestError {
  if (err instanceof HttpError) {
    return { status: err.status, message: err.message, fields: err.fields.map((f) => ({ field: formatField(f.path), message: f.message })) };
  }
  if (err instanceof BodyTooLargeError) return { status: 413, message: err.message, fields: [] };
  if (err instanceof ValidationError) {
    return {
      status: 400,
      message: err.message,
      fields: err.fieldErrors.map((f) => ({ field: formatField(dialect.fieldPath(f.path)), message: f.message })),
    };
  }
  if (err instanceof NotFoundError) return { status: 404, message: err.message, fields: [], resource: RESOURCE_NAMES[err.resource] ?? err.resource };
  if (err instanceof ConflictError) {
    return { status: 409, message: err.message, fields: err.path.length > 0 ? [{ field: formatField(dialect.fieldPath(err.path)), message: err.message }] : [] };
  }
  if (err instanceof ForbiddenError) return { status: 403, message: err.message, fields: [] };
  return { status: 500, message: 'Unexpected error.', fields: [] };
}

/** Standard reason phrases, as Kadosei's `error` and Spring's `error` fields use them. */
export const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  504: 'Gateway Timeout',
};

/** Epoch-millisecond and ISO helpers shared by the dialects' mappers. */
export const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
