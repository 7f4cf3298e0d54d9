// The process's HTTP listener: operational routes (/healthz, /readyz, /metrics) on every role,
// GraphQL only where the api role runs. Closing is graceful: stop accepting, let requests in
// flight finish until a deadline (a committed publishEvent must get its answer), then cut.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

export type Route = (req: IncomingMessage) => Promise<{ status: number; type: string; body: string }>;

export function createHttpServer(
  routes: Record<string, Route>,
  fallback: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => void res.writeHead(404).end(),
): Server {
  return createServer(async (req, res) => {
    const route = routes[req.url?.split('?')[0] ?? ''];
    if (!route) return fallback(req, res);
    try {
      const out = await route(req);
      res.writeHead(out.status, { 'content-type': out.type }).end(out.body);
    } catch {
      res.writeHead(500).end();
    }
  });
}

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
