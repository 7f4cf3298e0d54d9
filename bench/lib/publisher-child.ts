// Open-loop publisher in its own process: sends publishEvent mutations (or, for the baseline, a
// signed POST straight to a receiver) on a fixed schedule, one every `intervalMs`, without
// waiting for earlier answers, and records when each was sent.
import { Agent } from 'undici';
import { USER_AGENT } from '../../src/delivery/request.ts';
import { generateSecret, signatureHeader } from '../../src/delivery/sign.ts';
import { nowMs, serve } from './proc.ts';

const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename
  ... on PublishEventPayload { deliveryCount event { id } } ... on Error { code message } } }`;

interface Item {
  /** Index into tokens. */
  tenant: number;
  type: string;
}

interface Sent {
  eventId: string;
  sentAt: number;
  answeredAt: number;
}

const agent = new Agent({ keepAliveTimeout: 60_000 });

async function post(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; text: string }> {
  const u = new URL(url);
  const res = await agent.request({ origin: u.origin, path: u.pathname, method: 'POST', headers, body });
  return { status: res.statusCode, text: await res.body.text() };
}

async function schedule<T>(count: number, intervalMs: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: Array<Promise<T>> = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = t0 + i * intervalMs - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    out.push(fn(i));
  }
  return Promise.all(out);
}

serve({
  /** publishEvent over HTTP, item i at t0 + i * intervalMs. */
  async publish(a: { url: string; tokens: string[]; items: Item[]; intervalMs: number }): Promise<Sent[]> {
    return schedule(a.items.length, a.intervalMs, async (i) => {
      const item = a.items[i]!;
      const body = JSON.stringify({ query: PUBLISH, variables: { input: { type: item.type, data: { amount: 4.5, currency: 'EUR', i } } } });
      const sentAt = nowMs();
      const r = await post(a.url, { 'content-type': 'application/json', authorization: `Bearer ${a.tokens[item.tenant]}` }, body);
      const answeredAt = nowMs();
      const p = (JSON.parse(r.text) as { data?: { publishEvent?: { __typename: string; event?: { id: string } } } }).data?.publishEvent;
      if (r.status !== 200 || p?.__typename !== 'PublishEventPayload') throw new Error(`publish ${i} failed: ${r.status} ${r.text}`);
      return { eventId: p.event!.id, sentAt, answeredAt };
    });
  },
  /** Baseline: the same schedule, a signed POST straight to the receiver. */
  async direct(a: { url: string; count: number; intervalMs: number }): Promise<Sent[]> {
    const secret = generateSecret();
    return schedule(a.count, a.intervalMs, async (i) => {
      const id = `evt_direct${String(i).padStart(22, '0')}`;
      const body = JSON.stringify({ id, type: 'bench.event', time: new Date().toISOString(), data: { amount: 4.5, currency: 'EUR', i } });
      const timestamp = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader({ msgId: id, timestamp, body, secrets: [secret] }),
      };
      const sentAt = nowMs();
      const r = await post(a.url, headers, body);
      if (r.status !== 200) throw new Error(`direct ${i}: HTTP ${r.status}`);
      return { eventId: id, sentAt, answeredAt: nowMs() };
    });
  },
});
