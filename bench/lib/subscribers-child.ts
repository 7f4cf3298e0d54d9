// graphql-ws subscribers in their own process: `deliveryAttempts` subscriptions, one WebSocket
// each, every one recording what it receives (attempt id, event id) and the lag from the moment
// the attempt was recorded (its start plus its duration) to the moment the message arrived here.
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { nowMs, serve } from './proc.ts';

const QUERY = `subscription BenchAttempts($webhookId: ID) {
  deliveryAttempts(webhookId: $webhookId) { id number outcome webhookId eventId startedAt durationMs }
}`;

interface Sub {
  client: Client;
  dispose: () => void;
  received: Array<[string, string]>;
  lags: number[];
  errors: string[];
  connected: boolean;
}

const subs: Sub[] = [];
let measuring = false;

serve({
  /** Opens `specs.length` connections, `concurrency` at a time; resolves once all are acknowledged. */
  async open(a: { url: string; specs: Array<{ token: string; webhookId: string | null }>; concurrency: number }) {
    let next = 0;
    const base = subs.length;
    const openOne = async (spec: { token: string; webhookId: string | null }, index: number) => {
      const sub: Sub = { client: null as unknown as Client, dispose: () => {}, received: [], lags: [], errors: [], connected: false };
      await new Promise<void>((resolve, reject) => {
        const client = createClient({
          url: a.url.replace(/^http/, 'ws'),
          webSocketImpl: WebSocket,
          connectionParams: { authorization: `Bearer ${spec.token}` },
          retryAttempts: 0,
          lazy: false,
          on: {
            connected: () => {
              sub.connected = true;
              resolve();
            },
            closed: (e) => {
              if (!sub.connected) reject(new Error(`closed before ack: ${JSON.stringify(e)}`));
            },
          },
        });
        sub.client = client;
        sub.dispose = client.subscribe<{ deliveryAttempts: { id: string; eventId: string; startedAt: string; durationMs: number } }>(
          { query: QUERY, variables: { webhookId: spec.webhookId } },
          {
            next: (v) => {
              const at = nowMs();
              const m = v.data?.deliveryAttempts;
              if (!m) return void sub.errors.push(JSON.stringify(v.errors ?? v));
              sub.received.push([m.id, m.eventId]);
              if (measuring) sub.lags.push(at - (Date.parse(m.startedAt) + m.durationMs));
            },
            error: (e) => void sub.errors.push(String((e as Error)?.message ?? JSON.stringify(e))),
            complete: () => {},
          },
        );
      });
      // In spec order (connections complete out of order), so results line up with the specs.
      subs[base + index] = sub;
    };
    const worker = async () => {
      while (next < a.specs.length) {
        const i = next++;
        await openOne(a.specs[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: a.concurrency }, worker));
    return subs.length;
  },
  /** Baseline: raw WebSocket clients of ws-broadcast-child, with the same tenant/webhook pattern. */
  async openRaw(a: { url: string; specs: Array<{ tenant: number; webhook: number | null }>; concurrency: number }) {
    let next = 0;
    const base = subs.length;
    const openOne = (spec: { tenant: number; webhook: number | null }, index: number) =>
      new Promise<void>((resolve, reject) => {
        const sub: Sub = { client: null as unknown as Client, dispose: () => {}, received: [], lags: [], errors: [], connected: false };
        const ws = new WebSocket(a.url);
        sub.dispose = () => ws.close();
        sub.client = { dispose: async () => ws.close() } as unknown as Client;
        ws.on('open', () => ws.send(JSON.stringify(spec)));
        ws.on('error', reject);
        ws.on('message', (raw) => {
          const at = nowMs();
          const m = JSON.parse(String(raw)) as { ack?: boolean; id: string; eventId: string; sentAt: number };
          if (m.ack) {
            sub.connected = true;
            subs[base + index] = sub;
            return resolve();
          }
          sub.received.push([m.id, m.eventId]);
          if (measuring) sub.lags.push(at - m.sentAt);
        });
      });
    const worker = async () => {
      while (next < a.specs.length) {
        const i = next++;
        await openOne(a.specs[i]!, i);
      }
    };
    await Promise.all(Array.from({ length: a.concurrency }, worker));
    return subs.length;
  },
  /** How many subscribers have received at least one message. */
  live: () => subs.filter((s) => s.received.length > 0).length,
  reset() {
    for (const s of subs) {
      s.received = [];
      s.lags = [];
    }
    measuring = true;
    return null;
  },
  /** Per subscriber: received (attemptId, eventId) pairs, lags and errors. */
  results: () => subs.map((s) => ({ received: s.received, lags: s.lags, errors: s.errors })),
  async close() {
    for (const s of subs) s.dispose();
    await Promise.all(subs.map((s) => s.client.dispose()));
    subs.length = 0;
    measuring = false;
    return null;
  },
});
