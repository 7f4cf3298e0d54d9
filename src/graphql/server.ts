// The GraphQL door: graphql-yoga over HTTP and graphql-ws over WebSocket, both at /graphql on the
// app's HTTP server. WebSocket operations run through Yoga's envelop pipeline (getEnveloped), so
// auth, armor limits, validation and error masking are the same on both transports.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { BodyTooLargeError, readBodyWithin, type Door } from '../http.ts';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Logger } from 'pino';
import { mayReceiveDevToken } from '../auth/devToken.ts';
import { AuthError, type Authenticator } from '../auth/jwt.ts';
import { allowedOrigin, CORS_ALLOWED_HEADERS, CORS_METHODS } from '../cors.ts';
import type { Context, Services } from './context.ts';
import { renderGraphiQLPage } from './graphiql.ts';
import { clarify, useClearRefusals } from './refusals.ts';
import { getSchema } from './schema.ts';

export const GRAPHQL_PATH = '/graphql';

interface InitialContext {
  request?: Request;
  /** The node request behind an HTTP request (yoga.handle(req, res)). */
  req?: IncomingMessage;
  connectionParams?: Record<string, unknown>;
}

export interface GraphQLServerOptions {
  services: Services;
  authenticator: Authenticator;
  logger: Logger;
  /** Pre-filled in GraphiQL's headers in development, for page loads mayReceiveDevToken admits. */
  graphiqlToken?: string;
  /** The app's HTTP server: the WebSocket endpoint attaches to its upgrade requests. */
  server: Server;
}

export interface GraphQLServer {
  /** HTTP requests to /graphql (queries, mutations, SSE subscriptions, GraphiQL). */
  door: Door;
  yoga: YogaServerInstance<InitialContext, Context>;
  /** Closes WebSocket clients with 1001 (going away); HTTP draining is the app's. */
  close(): Promise<void>;
}

/**
 * Answers a request refused before GraphQL runs, in GraphQL-over-HTTP's error shape: a message
 * that says what to change, a stable extensions.code, and nothing of the request echoed back.
 * `Connection: close`: the rest of an over-long body is not read.
 */
function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  res
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
    .end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Request body media types a GraphQL POST may use; everything else is refused (CSRF). */
const GRAPHQL_BODY_TYPES = new Set(['application/json', 'application/graphql-response+json', 'application/graphql']);

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

export function createGraphQLServer(opts: GraphQLServerOptions): GraphQLServer {
  const { services, authenticator } = opts;
  const production = services.config.env === 'production';

  const plugins: Plugin[] = [
    // Depth, aliases, cost, tokens, directives, and no field suggestions (schema probing).
    EnvelopArmorPlugin({
      // Relay connections add two levels (edges, node) each: 15 admits three nested connections.
      maxDepth: { n: 15 },
      maxAliases: { n: 15 },
      // Cost grows 1.5x per nesting level; 50k admits a page of events with their deliveries and
      // attempts (about 13k) and refuses broad fan-outs of nested connections.
      costLimit: { maxCost: 50_000 },
      maxTokens: { n: 2000 },
      maxDirectives: { n: 20 },
      blockFieldSuggestion: { enabled: true },
    }) as Plugin,
    useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'content-type'] }),
    useClearRefusals,
  ];
  if (production) plugins.push(useDisableIntrospection());
  if (services.config.http.corsOrigins.length > 0) {
    // The allowed origin depends on the request's Origin: caches must keep answers apart.
    plugins.push({ onResponse: ({ response }) => response.headers.append('vary', 'Origin') });
  }

  const yoga = createYoga<InitialContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: GRAPHQL_PATH,
    landingPage: false,
    // The bundled GraphiQL works without reaching a CDN (this machine, air-gapped networks); our
    // fetcher makes its subscriptions authenticate (src/graphql/graphiql.ts).
    renderGraphiQL: renderGraphiQLPage,
    maskedErrors: {
      // Unexpected errors reach clients as "Unexpected error."; the cause goes to the log only.
      maskError: (error, message) => {
        const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
        if (error instanceof GraphQLError && !error.originalError) return clarify(error);
        if (original instanceof GraphQLError) return clarify(original);
        opts.logger.error({ err: original }, 'unexpected error in GraphQL operation');
        return new GraphQLError(message, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      },
    },
    logging: false,
    // The door reads every body within HOOKGATE_MAX_BODY_BYTES before Yoga sees it (WebSocket
    // messages: maxPayload); Yoga's own limit would pipe each body through a stream once more.
    maxRequestBodySize: false,
    graphiql: production
      ? false
      : (_request, ctx) => ({
          title: 'Hookgate',
          headers: JSON.stringify(
            { Authorization: opts.graphiqlToken && ctx?.req && mayReceiveDevToken(ctx.req) ? `Bearer ${opts.graphiqlToken}` : 'Bearer <token: npm run -s token>' },
            null,
            2,
          ),
          subscriptionsProtocol: 'WS',
        }),
    // Same origin only unless HOOKGATE_CORS_ORIGINS lists the caller (src/cors.ts).
    cors: (request) => {
      const origin = allowedOrigin(request.headers.get('origin'), services.config.http.corsOrigins);
      return origin === null
        ? false
        : { origin, credentials: false, methods: CORS_METHODS, allowedHeaders: CORS_ALLOWED_HEADERS, maxAge: 600 };
    },
    plugins,
    context: async (initial): Promise<Context> => {
      const header =
        (initial.connectionParams?.authorization as string | undefined) ??
        (initial.connectionParams?.Authorization as string | undefined) ??
        initial.request?.headers.get('authorization');
      try {
        const { tenantId, canWrite, app } = await authenticator.authenticate(header);
        return { ...services, ...(await services.scopes.resolve(tenantId, app)), canWrite };
      } catch (err) {
        if (err instanceof AuthError) throw unauthenticated(err.message);
        throw err;
      }
    },
  });

  const maxBodyBytes = services.config.http.maxBodyBytes;
  const door: Door = {
    name: 'graphql',
    matches: (pathname) => pathname === GRAPHQL_PATH,
    handle: async (req, res) => {
      if (req.method === 'POST' && !GRAPHQL_BODY_TYPES.has(mediaType(req.headers['content-type']))) {
        // CSRF: a cross-site HTML form can POST form-urlencoded, multipart and text/plain bodies
        // without a preflight; JSON needs one, which CORS (off by default) refuses.
        return refuse(
          res,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'POST bodies must be JSON: send Content-Type: application/json (or application/graphql). Form, multipart and text/plain bodies are refused because any web page can send them (CSRF).',
        );
      }
      // A JSON body under GraphQL's own media type: Yoga parses only application/json.
      if (mediaType(req.headers['content-type']) === 'application/graphql-response+json') req.headers['content-type'] = 'application/json';
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        // Read (at most the cap) before Yoga does: Yoga would read any size. Yoga takes a body
        // handed over in req.body (the convention for servers that parse bodies first).
        try {
          // A non-empty body goes as the bytes themselves (Request's own body type): no stream for
          // Yoga to pipe through its size limit, which this read already enforced (hence
          // maxRequestBodySize: false). An empty one stays a stream: whatwg-node takes an empty
          // buffer for "no body given" and would read the request again.
          const body = await readBodyWithin(req, maxBodyBytes);
          (req as IncomingMessage & { body?: unknown }).body = body.length > 0 ? body : Readable.from([body]);
        } catch (err) {
          if (!(err instanceof BodyTooLargeError)) throw err;
          return refuse(res, 413, 'PAYLOAD_TOO_LARGE', `${err.message}. Send less per request (split large event data or batches), or raise the limit.`);
        }
      }
      return yoga.handle(req, res);
    },
  };

  // maxPayload: no WebSocket message (connection_init included, before any authentication) may
  // make the server buffer more than an HTTP body may; larger ones close the socket with 1009.
  const wss = new WebSocketServer({ server: opts.server, path: GRAPHQL_PATH, maxPayload: maxBodyBytes });
  useServer<Record<string, unknown>>(
    {
      // Execution goes through the envelop functions that onSubscribe put in rootValue.
      execute: (args) => (args.rootValue as Enveloped).execute(args as ExecutionArgs),
      subscribe: (args) => (args.rootValue as Enveloped).subscribe(args as ExecutionArgs),
      onConnect: async (ctx) => {
        // Refuse the socket early (4403) instead of failing every operation later.
        const auth = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
        try {
          const { tenantId, app } = await authenticator.authenticate(typeof auth === 'string' ? auth : undefined);
          await services.scopes.resolve(tenantId, app);
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: async (ctx, _id, params) => {
        const enveloped = yoga.getEnveloped({
          connectionParams: ctx.connectionParams,
          params,
        });
        const args = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document: enveloped.parse(params.query),
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        const errors = enveloped.validate(args.schema, args.document);
        if (errors.length > 0) return errors;
        return args;
      },
    },
    wss,
  );

  return {
    door,
    yoga,
    async close() {
      for (const client of wss.clients) client.close(1001, 'Server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** What Yoga's envelop hands back: a result, a stream of results, or a promise of either. */
type OperationResult = Promise<ExecutionResult | AsyncIterable<ExecutionResult>> | ExecutionResult | AsyncIterable<ExecutionResult>;

interface Enveloped {
  execute: (args: ExecutionArgs) => OperationResult;
  subscribe: (args: ExecutionArgs) => OperationResult;
}
