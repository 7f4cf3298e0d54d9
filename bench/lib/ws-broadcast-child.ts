// The fan-out baseline, in its own process: a bare `ws` server that pushes the same pattern of
// messages Hookgate's subscribers get (per tenant, optionally per webhook) to raw WebSocket
// clients, stamped with the send time: the floor for pushing that many messages from one Node
// process on this machine, with no GraphQL, no Redis and no database.
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { nowMs, serve } from './proc.ts';

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
const byKey = new Map<string, WebSocket[]>();

wss.on('connection', (socket) => {
  socket.once('message', (raw) => {
    const spec = JSON.parse(String(raw)) as { tenant: number; webhook: number | null };
    const key = spec.webhook === null ? `${spec.tenant}` : `${spec.tenant}:${spec.webhook}`;
    const list = byKey.get(key) ?? [];
    list.push(socket);
    byKey.set(key, list);
    socket.send('{"ack":true}');
  });
});

serve({
  url: () => `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
  /** Message i goes to tenant i % tenants, webhook floor(i / tenants) % webhooks, one every intervalMs. */
  async run(a: { count: number; intervalMs: number; tenants: number; webhooks: number }) {
    const t0 = performance.now();
    for (let i = 0; i < a.count; i++) {
      const wait = t0 + i * a.intervalMs - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const tenant = i % a.tenants;
      const webhook = Math.floor(i / a.tenants) % a.webhooks;
      const payload = (sentAt: number) => JSON.stringify({ id: `att_${i}`, eventId: `evt_${i}`, tenant, webhook, sentAt });
      for (const s of [...(byKey.get(`${tenant}`) ?? []), ...(byKey.get(`${tenant}:${webhook}`) ?? [])]) s.send(payload(nowMs()));
    }
    return null;
  },
});
