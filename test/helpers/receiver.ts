// Real webhook receivers for end-to-end delivery tests: node:http / node:https servers on a
// loopback address that record every request (headers, body, arrival time, whether the response
// was completed) and answer through a scriptable handler.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

const TLS_DIR = fileURLToPath(new URL('../fixtures/tls/', import.meta.url));
/** The test CA that signed the receivers' certificate (localhost, 127.0.0.1): HOOKGATE_CA_FILE. */
export const TEST_CA_FILE = `${TLS_DIR}ca.pem`;
const TLS = { key: readFileSync(`${TLS_DIR}server-key.pem`), cert: readFileSync(`${TLS_DIR}server-cert.pem`) };

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** Date.now() when the request body had arrived. */
  at: number;
  /** The webhook-id header ('' when absent). */
  webhookId: string;
  /** 1 for the first request with this webhook-id and path, 2 for the second... */
  nth: number;
  /** True once the response was completely written. */
  answered: boolean;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  /** Answer after this long. */
  delayMs?: number;
  /** Never answer (the socket stays open until the client gives up or the receiver closes). */
  hang?: boolean;
  /** Send a 200 and then body bytes without end, until the client goes away. */
  endless?: boolean;
}

export type Handler = (req: ReceivedRequest) => Reply | void | Promise<Reply | void>;

export interface Receiver {
  readonly host: string;
  readonly port: number;
  /** TCP (or TLS) connections accepted: proves "nothing reached it", not just "no request". */
  readonly connections: number;
  readonly requests: ReceivedRequest[];
  /** Base URL plus path, e.g. http://127.0.0.1:1234/hook. */
  url(path?: string): string;
  handle(handler: Handler): void;
  /** Requests with this webhook-id, in arrival order. */
  byId(webhookId: string): ReceivedRequest[];
  close(): Promise<void>;
}

export async function startReceiver(opts: { tls?: boolean; host?: string; handler?: Handler } = {}): Promise<Receiver> {
  const host = opts.host ?? '127.0.0.1';
  const server = opts.tls ? https.createServer(TLS) : http.createServer();
  // Node's defaults would cut a hanging request at 5 min or keep idle sockets; tests close explicitly.
  server.requestTimeout = 0;
  let handler: Handler = opts.handler ?? (() => ({ status: 200 }));
  let connections = 0;
  const sockets = new Set<Socket>();
  const requests: ReceivedRequest[] = [];
  const seen = new Map<string, number>();

  // 'connection' is the TCP socket for both http and https: a refused TLS handshake still counts.
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const webhookId = String(req.headers['webhook-id'] ?? '');
      const path = req.url ?? '/';
      const key = `${webhookId}\u0000${path}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        webhookId,
        nth,
        answered: false,
      };
      requests.push(record);
      res.on('finish', () => (record.answered = true));
      void (async () => {
        let reply: Reply;
        try {
          reply = (await handler(record)) ?? { status: 200 };
        } catch {
          reply = { status: 500, body: 'receiver handler threw' };
        }
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (reply.hang || res.destroyed) return;
        if (reply.endless) return streamForever(res);
        res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      })();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    host,
    port,
    get connections() {
      return connections;
    },
    requests,
    url: (path = '/') => `${opts.tls ? 'https' : 'http'}://${hostInUrl}:${port}${path}`,
    handle(h) {
      handler = h;
    },
    byId: (id) => requests.filter((r) => r.webhookId === id),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function streamForever(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  const chunk = Buffer.alloc(64 * 1024, 'x');
  let sent = 0;
  const pump = () => {
    // Bounded anyway (64 MiB), so a client that never stops reading cannot keep a test running.
    while (!res.destroyed && sent < 64 * 1024 * 1024) {
      sent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    if (!res.destroyed) res.end();
  };
  res.on('error', () => {});
  pump();
}

/** Polls `fn` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${opts.what ?? 'condition'}${last ? `: ${String(last)}` : ''}`);
    }
    await sleep(opts.intervalMs ?? 50);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
