// The process's HTTP listener: operational routes (/healthz, /readyz, /metrics) on every role,
// and the doors onto the core (the GraphQL API, the console, the REST dialects) where the api
// role runs. Each door owns a set of paths and only translates; this file only dispatches, so a
// new door never edits another. Closing is graceful: stop accepting, let requests in flight
// finish until a deadline (a committed publishEvent must get its answer), then cut.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Route = (req: IncomingMessage) => Promise<{ status: number; type: string; body: string }>;

/** A way into the core, served on the API port. */
export interface Door {
  /** Shown in logs and errors (e.g. "graphql", "console", "rest:k42"). */
  name: string;
  /** Whether this door answers requests for `pathname` (the path without its query string). */
  matches(pathname: string): boolean;
  /** Answers the request; must end the response (errors included). */
  handle(req: IncomingMessage, res: ServerResponse): void | Promise<void>;
}

/** Matches `prefix` itself and every path below it (`/api/v1` matches `/api/v1/x`, not `/api/v10`). */
export function underPath(prefix: string): (pathname: string) => boolean {
  const base = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return (pathname) => pathname === base || pathname.startsWith(`${base}/`);
}

/**
 * Routes first (exact paths), then the first door that matches, in the order given: put broad
 * doors (the console's catch-all for client-side routes) last.
 */
export function createHttpServer(routes: Record<string, Route>, doors: readonly Door[] = []): Server {
  return createServer(async (req, res) => {
    const pathname = req.url?.split('?')[0] ?? '/';
    const route = routes[pathname];
    if (route) {
      try {
        const out = await route(req);
        res.writeHead(out.status, { 'content-type': out.type }).end(out.body);
      } catch {
        res.writeHead(500).end();
      }
      return;
    }
    const door = doors.find((d) => d.matches(pathname));
    if (!door) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(NOT_FOUND_BODY);
      return;
    }
    try {
      await door.handle(req, res);
    } catch {
      // A door answers its own errors; this only keeps a bug in one from hanging the client.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end();
    }
  });
}

// Echoes nothing of the request (a refusal never reflects input).
const NOT_FOUND_BODY = JSON.stringify({ error: 'not_found', message: 'No endpoint at this path; the GraphQL API is at /graphql' });

export async function closeGracefully(server: Server, deadlineMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Keep-alive sockets become idle as their last response ends; close them as they do.
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)))]);
  clearInterval(sweep);
  clearTimeout(timer);
  server.closeAllConnections();
  await closed;
}

/** A request body over the limit (HOOKGATE_MAX_BODY_BYTES); doors answer it with 413. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`The request body is larger than the limit of ${limit} bytes (HOOKGATE_MAX_BODY_BYTES)`);
  }
}

/**
 * Reads a request body of at most `maxBytes`. A declared Content-Length over the limit is refused
 * before a byte is read; a chunked body is refused as soon as it passes the limit, so no client
 * can make the server hold more than `maxBytes` of it.
 */
export async function readBodyWithin(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}
