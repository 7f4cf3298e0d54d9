// Webhook receivers for the benchmarks, in their own process: `count` node:http servers on
// 127.0.0.1 (one origin per webhook, keep-alive), answering 200 as soon as the body has arrived.
// They count requests and, when asked, record the arrival time of every webhook-id.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs, serve } from './proc.ts';

const servers: http.Server[] = [];
let total = 0;
const perServer: number[] = [];
let record = false;
const receipts: Array<[string, number]> = [];
let waiters: Array<{ n: number; resolve: () => void }> = [];

function onRequest(i: number, req: http.IncomingMessage, res: http.ServerResponse) {
  req.on('data', () => {});
  req.on('end', () => {
    total++;
    perServer[i]!++;
    if (record) receipts.push([String(req.headers['webhook-id'] ?? ''), nowMs()]);
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
    if (waiters.length > 0) {
      const done = waiters.filter((w) => total >= w.n);
      if (done.length > 0) {
        waiters = waiters.filter((w) => total < w.n);
        for (const w of done) w.resolve();
      }
    }
  });
}

serve({
  async listen(args: { count: number; record?: boolean }) {
    record = Boolean(args.record);
    const ports: number[] = [];
    for (let i = 0; i < args.count; i++) {
      perServer.push(0);
      const server = http.createServer((req, res) => onRequest(i, req, res));
      server.keepAliveTimeout = 60_000;
      server.requestTimeout = 0;
      server.headersTimeout = 0;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      ports.push((server.address() as AddressInfo).port);
    }
    return ports;
  },
  stats: () => ({ total, perServer: [...perServer] }),
  reset() {
    total = 0;
    perServer.fill(0);
    receipts.length = 0;
    return null;
  },
  /** Receipts recorded since the last call (and forgets them). */
  takeReceipts() {
    return receipts.splice(0, receipts.length);
  },
  waitFor: (args: { total: number; timeoutMs: number }) =>
    new Promise<{ total: number; reached: boolean }>((resolve) => {
      if (total >= args.total) return resolve({ total, reached: true });
      const timer = setTimeout(() => {
        waiters = waiters.filter((w) => w !== entry);
        resolve({ total, reached: false });
      }, args.timeoutMs);
      const entry = {
        n: args.total,
        resolve: () => {
          clearTimeout(timer);
          resolve({ total, reached: true });
        },
      };
      waiters.push(entry);
    }),
});
