// Live delivery attempts: graphql-ws on /graphql (and GraphQL over SSE on the same endpoint),
// authenticated by connectionParams, scoped to the caller's tenant, in order per delivery.
import { print } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createWebhook, DispatchSendTestDoc, FAST_DELIVERY_ENV, member, ok, publish, settled, SubDeliveryAttemptsDoc } from './helpers/dispatch.ts';
import { eventually, sleep, startReceiver, type Receiver } from './helpers/receiver.ts';
import { subscribe, type Subscription } from './helpers/ws.ts';
import type { SubDeliveryAttemptsSubscription } from './gql/graphql.ts';

type Attempt = SubDeliveryAttemptsSubscription['deliveryAttempts'];

let t: TestApp;
let rx: Receiver;
const subs: Array<Subscription<unknown>> = [];

function watch(tenant: string | null, variables: { webhookId?: string; eventId?: string } = {}, authorization?: string) {
  const auth = authorization ?? (tenant === null ? null : `Bearer ${tokens.get(tenant)!}`);
  const s = subscribe(t.url, auth, SubDeliveryAttemptsDoc, variables);
  subs.push(s as Subscription<unknown>);
  return {
    sub: s,
    get attempts(): Attempt[] {
      return s.items.map((i) => i.deliveryAttempts);
    },
  };
}

const tokens = new Map<string, string>();

/**
 * There is no acknowledgement for "subscribed": send test webhooks until the subscriber sees one,
 * so that everything published afterwards is certain to be observed.
 */
async function untilLive(tenant: string, webhookId: string, seen: () => Attempt[]) {
  await eventually(
    async () => {
      if (seen().some((a) => a.trigger === 'TEST')) return true;
      member(ok(await t.gql(DispatchSendTestDoc, { input: { id: webhookId } }, { tenant })).sendTestWebhook, 'SendTestWebhookPayload');
      await sleep(100);
      return seen().some((a) => a.trigger === 'TEST');
    },
    { what: 'the subscription to be live', timeoutMs: 10_000 },
  );
}

beforeAll(async () => {
  [t, rx] = await Promise.all([
    startTestApp({ ...FAST_DELIVERY_ENV, HOOKGATE_RETRY_SCHEDULE: '0s,200ms,200ms' }),
    // Every event's first two requests fail (per path), then it succeeds.
    startReceiver({ handler: (req) => (req.path === '/flaky' && req.nth <= 2) || (req.path === '/once' && req.nth === 1) ? { status: 503 } : { status: 200 } }),
  ]);
  for (const tenant of ['sub-a', 'sub-b', 'sub-burst']) tokens.set(tenant, await t.token(tenant));
});

afterEach(async () => {
  await Promise.all(subs.splice(0).map((s) => s.stop()));
});

afterAll(async () => {
  await rx?.close();
  await t?.stop();
});

describe('deliveryAttempts over graphql-ws', () => {
  it('streams every attempt of a delivery in order, and nothing to another tenant', async () => {
    const a = await createWebhook(t, { url: rx.url('/flaky'), events: ['cashback.created'] }, 'sub-a');
    const b = await createWebhook(t, { url: rx.url('/b'), events: ['cashback.created'] }, 'sub-b');
    const mine = watch('sub-a', { webhookId: a.id });
    const otherFiltered = watch('sub-b', { webhookId: a.id }); // another tenant naming my webhook
    const other = watch('sub-b');
    await untilLive('sub-a', a.id, () => mine.attempts);
    await untilLive('sub-b', b.id, () => other.attempts);

    const { eventId } = await publish(t, { type: 'cashback.created', data: { n: 1 } }, 'sub-a');
    const live = await eventually(() => {
      const got = mine.attempts.filter((x) => x.eventId === eventId);
      return got.length >= 3 && got;
    }, { what: 'three attempts' });
    expect(live.map((x) => [x.number, x.outcome, x.responseStatus, x.trigger])).toEqual([
      [1, 'FAILED', 503, 'SCHEDULED'],
      [2, 'FAILED', 503, 'SCHEDULED'],
      [3, 'SUCCEEDED', 200, 'SCHEDULED'],
    ]);
    expect(new Set(live.map((x) => x.delivery.id)).size).toBe(1);
    expect(live.every((x) => x.webhookId === a.id)).toBe(true);
    // The stream matches what was recorded.
    const [d] = await settled(t, eventId, { tenant: 'sub-a' });
    expect(live.map((x) => x.id)).toEqual(d!.attempts.map((x) => x.id));
    expect(live[0]!.delivery.id).toBe(d!.id);

    await sleep(300);
    expect(otherFiltered.attempts).toHaveLength(0);
    expect(other.attempts.every((x) => x.webhookId === b.id && x.trigger === 'TEST')).toBe(true);
    expect(other.attempts.some((x) => x.eventId === eventId)).toBe(false);
    expect([mine.sub.errors, other.sub.errors]).toEqual([[], []]);
    // Another tenant's webhook id is an unknown id: the subscription is refused as NOT_FOUND.
    expect((otherFiltered.sub.errors as Array<{ extensions?: { code?: string } }>).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('refuses a connection without a valid token (close 4403)', async () => {
    const anonymous = watch(null);
    const forged = watch(null, {}, 'Bearer not-a-jwt');
    const wrongScheme = watch(null, {}, `Basic ${tokens.get('sub-a')!}`);
    for (const s of [anonymous, forged, wrongScheme]) {
      await eventually(() => s.sub.closeCode !== undefined, { what: 'the connection to close' });
      expect(s.sub.closeCode).toBe(4403);
      expect(s.attempts).toHaveLength(0);
      expect(s.sub.errors.length).toBeGreaterThan(0);
    }
  });

  it('delivers a burst of 50 events: every attempt arrives, attempt numbers never go backwards', async () => {
    const w = await createWebhook(t, { url: rx.url('/once'), events: ['cashback.cleared'] }, 'sub-burst');
    const s = watch('sub-burst', { webhookId: w.id });
    await untilLive('sub-burst', w.id, () => s.attempts);
    const published = await Promise.all(Array.from({ length: 50 }, (_, i) => publish(t, { type: 'cashback.cleared', data: { i } }, 'sub-burst')));
    const ids = new Set(published.map((p) => p.eventId));
    expect(ids.size).toBe(50);

    // Each event fails once then succeeds: 100 attempts.
    const scheduled = () => s.attempts.filter((x) => x.trigger === 'SCHEDULED');
    await eventually(() => scheduled().length >= 100, { what: '100 attempts', timeoutMs: 30_000 });
    await sleep(300);
    const got = scheduled();
    expect(got).toHaveLength(100);
    expect(got.filter((x) => x.outcome === 'SUCCEEDED')).toHaveLength(50);
    const byDelivery = new Map<string, number[]>();
    for (const x of got) byDelivery.set(x.delivery.id, [...(byDelivery.get(x.delivery.id) ?? []), x.number]);
    expect(byDelivery.size).toBe(50);
    for (const numbers of byDelivery.values()) expect(numbers).toEqual([1, 2]);
    expect(new Set(got.map((x) => x.eventId))).toEqual(ids);
  });
});

describe('deliveryAttempts over SSE', () => {
  it('streams attempts with Accept: text/event-stream on the same endpoint', async () => {
    const w = await createWebhook(t, { url: rx.url('/sse'), events: ['cashback.reverted'] }, 'sub-a');
    const controller = new AbortController();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${tokens.get('sub-a')!}` },
      body: JSON.stringify({ query: print(SubDeliveryAttemptsDoc), variables: { webhookId: w.id } }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const received: Attempt[] = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          buffer += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = frame.split('\n').find((l) => l.startsWith('data:'));
            if (!frame.startsWith('event: next') || !data) continue;
            const parsed = JSON.parse(data.slice(5)) as { data?: SubDeliveryAttemptsSubscription };
            if (parsed.data) received.push(parsed.data.deliveryAttempts);
          }
        }
      } catch {
        // aborted
      }
    })();
    try {
      await untilLive('sub-a', w.id, () => received);
      const { eventId } = await publish(t, { type: 'cashback.reverted', data: {} }, 'sub-a');
      const got = await eventually(() => received.find((x) => x.eventId === eventId), { what: 'the SSE attempt' });
      expect(got).toMatchObject({ number: 1, outcome: 'SUCCEEDED', trigger: 'SCHEDULED', webhookId: w.id });
    } finally {
      controller.abort();
      await reading;
    }
  });
});
