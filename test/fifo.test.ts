// FIFO ordered delivery on the embedded database, through the GraphQL endpoint and a real
// receiver: per URL one request at a time in publish order; a retry holds the line, exhaustion
// releases it; retryDelivery puts a failed delivery back at its place; replayEvents re-queues
// skipped deliveries in order; disabling cancels the line without wedging it; switching back to
// UNORDERED releases what waits. The receiver counts requests open at once per path, so "one at a
// time" is checked by the receiver itself, not by timing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { eventually, sleep, startReceiver, type Receiver, type ReceivedRequest, type Reply } from './helpers/receiver.ts';
import { repairLines } from '../src/delivery/line.ts';
import { parseId } from '../src/ids.ts';

let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_RETRY_SCHEDULE: '0s,0s', HOOKGATE_POLL_MS: '200' });
  rx = await startReceiver();
});

afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

type Json = Record<string, unknown>;
const tenant = 'fifo';

async function call<T = Json>(query: string, variables: Json): Promise<T> {
  const res = await t.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename ... on CreateWebhookPayload { webhook { id ordering } } ... on Error { message } } }`;
const UPDATE = `mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { __typename ... on UpdateWebhookPayload { webhook { ordering isActive } } } }`;
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { ... on PublishEventPayload { event { id } } } }`;
const RETRY = `mutation ($input: RetryDeliveryInput!) { retryDelivery(input: $input) { __typename ... on RetryDeliveryPayload { delivery { status nextAttemptAt } } ... on Error { message } } }`;
const REPLAY = `mutation ($input: ReplayEventsInput!) { replayEvents(input: $input) { __typename ... on ReplayEventsPayload { eventCount deliveryCount } } }`;
const DELIVERIES = `query ($id: ID!) { webhook(id: $id) { ordering deliveries(first: 100) { edges { node { id url status attemptCount nextAttemptAt event { id } } } } } }`;

interface DeliveryNode {
  id: string;
  url: string;
  status: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  event: { id: string };
}

async function deliveries(id: string): Promise<DeliveryNode[]> {
  const d = await call<{ webhook: { deliveries: { edges: Array<{ node: DeliveryNode }> } } }>(DELIVERIES, { id });
  return d.webhook.deliveries.edges.map((e) => e.node);
}

// Each test's webhooks see only that test's events (data.group is the tag's first letter).
async function createWebhook(input: Json, group: string): Promise<string> {
  const r = await call<{ createWebhook: { __typename: string; webhook: { id: string; ordering: string } } }>(CREATE, {
    input: { events: ['cashback.created'], filter: { 'data.group': group }, ...input },
  });
  expect(r.createWebhook.__typename, JSON.stringify(r)).toBe('CreateWebhookPayload');
  return r.createWebhook.webhook.id;
}

async function publish(tag: string): Promise<string> {
  const p = await call<{ publishEvent: { event: { id: string } } }>(PUBLISH, { input: { type: 'cashback.created', data: { tag, group: tag[0] } } });
  return p.publishEvent.event.id;
}

const tagOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { data: { tag: string } }).data.tag;

/**
 * A receiver path that answers through `reply` and records, per path, how many requests were
 * open at once (at most one is the FIFO promise) and the order of arrival.
 */
function lineProbe() {
  const open = new Map<string, number>();
  let maxOpen = 0;
  const gates = new Map<string, () => void>();
  const waiting = new Map<string, Promise<void>>();
  let reply: (tag: string, r: ReceivedRequest) => Reply = () => ({ status: 200 });
  rx.handle(async (r) => {
    const n = (open.get(r.path) ?? 0) + 1;
    open.set(r.path, n);
    maxOpen = Math.max(maxOpen, n);
    try {
      const tag = tagOf(r);
      const gate = waiting.get(tag);
      if (gate) await gate;
      // Give a second request of the same line every chance to overlap this one.
      await sleep(5);
      return reply(tag, r);
    } finally {
      open.set(r.path, (open.get(r.path) ?? 1) - 1);
    }
  });
  return {
    get maxOpen() {
      return maxOpen;
    },
    reply(fn: (tag: string, r: ReceivedRequest) => Reply) {
      reply = fn;
    },
    /** Requests tagged `tag` wait until release(tag). */
    hold(tag: string) {
      waiting.set(tag, new Promise<void>((res) => gates.set(tag, res)));
    },
    release(tag: string) {
      gates.get(tag)?.();
      waiting.delete(tag);
    },
  };
}

const arrivals = (path: string, prefix: string) =>
  rx.requests.filter((r) => r.path === path && tagOf(r).startsWith(prefix)).map((r) => `${tagOf(r)}${r.nth > 1 ? `#${r.nth}` : ''}`);

describe('FIFO ordered delivery', () => {
  it('is UNORDERED by default and FIFO on request', async () => {
    const plain = await call<{ createWebhook: { webhook: { ordering: string } } }>(CREATE, { input: { url: rx.url('/plain'), events: ['cashback.created'], isActive: false } });
    expect(plain.createWebhook.webhook.ordering).toBe('UNORDERED');
    const id = await createWebhook({ url: rx.url('/x'), ordering: 'FIFO', isActive: false }, 'a');
    expect((await deliveries(id)).length).toBe(0);
    const u = await call<{ updateWebhook: { webhook: { ordering: string } } }>(UPDATE, { input: { id, ordering: 'UNORDERED' } });
    expect(u.updateWebhook.webhook.ordering).toBe('UNORDERED');
  });

  it('sends one delivery per URL at a time, in publish order; a retry holds the line and exhaustion releases it', async () => {
    const probe = lineProbe();
    // b2 fails once (retried: holds b3..), b4 always fails (two attempts, FAILED: releases b5).
    probe.reply((tag, r) => ({ status: tag === 'b4' || (tag === 'b2' && r.nth === 1) ? 500 : 200 }));
    const id = await createWebhook({ urls: [rx.url('/b1'), rx.url('/b2')], ordering: 'FIFO', retrySchedule: '0s,300ms' }, 'b');
    const tags = Array.from({ length: 8 }, (_, i) => `b${i + 1}`);
    for (const tag of tags) await publish(tag);
    await eventually(async () => (await deliveries(id)).every((d) => d.status !== 'PENDING'), { what: 'every delivery to end', timeoutMs: 30_000 });
    const expected = ['b1', 'b2', 'b2#2', 'b3', 'b4', 'b4#2', 'b5', 'b6', 'b7', 'b8'];
    expect(arrivals('/b1', 'b')).toEqual(expected);
    expect(arrivals('/b2', 'b')).toEqual(expected);
    expect(probe.maxOpen).toBe(1);
    const ds = await deliveries(id);
    expect(ds.filter((d) => d.status === 'FAILED').length).toBe(2);
    expect(ds.filter((d) => d.status === 'SUCCEEDED').length).toBe(14);
  });

  it('parks the deliveries behind the head (PENDING, nextAttemptAt null) and retryDelivery puts a failed one back at its place', async () => {
    const probe = lineProbe();
    probe.reply((tag, r) => ({ status: tag === 'c1' && r.nth <= 2 ? 500 : 200 }));
    const id = await createWebhook({ url: rx.url('/c'), ordering: 'FIFO', retrySchedule: '0s,0s' }, 'c');
    const c1 = await publish('c1');
    await eventually(async () => (await deliveries(id)).find((d) => d.event.id === c1)?.status === 'FAILED', { what: 'c1 to fail' });
    probe.hold('c2');
    await publish('c2');
    await eventually(() => arrivals('/c', 'c').includes('c2'), { what: 'c2 in flight' });
    for (const tag of ['c3', 'c4']) await publish(tag);
    const waiting = (await deliveries(id)).filter((d) => d.status === 'PENDING');
    // c2 in flight (due), c3 and c4 parked.
    expect(waiting.map((d) => d.nextAttemptAt === null).sort()).toEqual([false, true, true]);

    // A parked delivery does not jump the line.
    const parked = waiting.find((d) => d.nextAttemptAt === null)!;
    const same = await call<{ retryDelivery: { __typename: string; delivery: { status: string; nextAttemptAt: string | null } } }>(RETRY, { input: { id: parked.id } });
    expect(same.retryDelivery).toMatchObject({ __typename: 'RetryDeliveryPayload', delivery: { status: 'PENDING', nextAttemptAt: null } });
    // The failed c1 goes right after the one in flight, before c3 and c4.
    const c1Delivery = (await deliveries(id)).find((d) => d.event.id === c1)!;
    const retried = await call<{ retryDelivery: { delivery: { status: string; nextAttemptAt: string | null } } }>(RETRY, { input: { id: c1Delivery.id } });
    expect(retried.retryDelivery.delivery).toMatchObject({ status: 'PENDING', nextAttemptAt: null });
    await sleep(300);
    expect(arrivals('/c', 'c')).toEqual(['c1', 'c1#2', 'c2']);
    probe.release('c2');
    await eventually(async () => (await deliveries(id)).every((d) => d.status === 'SUCCEEDED'), { what: 'the line to drain' });
    expect(arrivals('/c', 'c')).toEqual(['c1', 'c1#2', 'c2', 'c1#3', 'c3', 'c4']);
    expect(probe.maxOpen).toBe(1);

    // The line is idle again: a new publish goes straight out.
    await publish('c5');
    await eventually(() => arrivals('/c', 'c').includes('c5'), { what: 'c5' });
  });

  it('disabling cancels the whole line; enabled again, the line moves', async () => {
    const probe = lineProbe();
    const id = await createWebhook({ url: rx.url('/d'), ordering: 'FIFO' }, 'd');
    probe.hold('d1');
    await publish('d1');
    await eventually(() => arrivals('/d', 'd').includes('d1'), { what: 'd1 in flight' });
    for (const tag of ['d2', 'd3']) await publish(tag);
    await call(UPDATE, { input: { id, isActive: false } });
    probe.release('d1');
    await eventually(async () => (await deliveries(id)).every((d) => d.status !== 'PENDING'), { what: 'the line to end' });
    const ds = await deliveries(id);
    expect(ds.map((d) => d.status).sort()).toEqual(['CANCELLED', 'CANCELLED', 'SUCCEEDED']);
    expect(arrivals('/d', 'd')).toEqual(['d1']);

    await call(UPDATE, { input: { id, isActive: true } });
    await publish('d4');
    await publish('d5');
    await eventually(() => arrivals('/d', 'd').length === 3, { what: 'd4 and d5' });
    expect(arrivals('/d', 'd')).toEqual(['d1', 'd4', 'd5']);
  });

  it('replayEvents re-queues skipped deliveries at their place and appends the others in event order', async () => {
    lineProbe();
    const since = new Date(Date.now() - 1000).toISOString();
    const id = await createWebhook({ url: rx.url('/e'), ordering: 'FIFO', isActive: false }, 'e');
    for (const tag of ['e1', 'e2', 'e3']) await publish(tag);
    expect((await deliveries(id)).map((d) => d.status)).toEqual(['SKIPPED', 'SKIPPED', 'SKIPPED']);
    await call(UPDATE, { input: { id, isActive: true } });
    const r = await call<{ replayEvents: { eventCount: number; deliveryCount: number } }>(REPLAY, { input: { webhookId: id, since } });
    expect(r.replayEvents).toMatchObject({ eventCount: 3, deliveryCount: 3 });
    await eventually(() => arrivals('/e', 'e').length === 3, { what: 'the replayed events' });
    expect(arrivals('/e', 'e')).toEqual(['e1', 'e2', 'e3']);
    // Replayed again with onlyFailed: false, new deliveries join the end in event order.
    await publish('e4');
    await eventually(() => arrivals('/e', 'e').length === 4, { what: 'e4' });
    const again = await call<{ replayEvents: { eventCount: number } }>(REPLAY, { input: { webhookId: id, since, onlyFailed: false } });
    expect(again.replayEvents.eventCount).toBe(4);
    await eventually(() => arrivals('/e', 'e').length === 8, { what: 'the second replay' });
    expect(arrivals('/e', 'e')).toEqual(['e1', 'e2', 'e3', 'e4', 'e1#2', 'e2#2', 'e3#2', 'e4#2']);
  });

  it('switching back to UNORDERED sends what waits at once', async () => {
    const probe = lineProbe();
    const id = await createWebhook({ url: rx.url('/f'), ordering: 'FIFO' }, 'f');
    probe.hold('f1');
    await publish('f1');
    await eventually(() => arrivals('/f', 'f').includes('f1'), { what: 'f1 in flight' });
    for (const tag of ['f2', 'f3']) await publish(tag);
    await sleep(200);
    expect(arrivals('/f', 'f')).toEqual(['f1']);
    await call(UPDATE, { input: { id, ordering: 'UNORDERED' } });
    // f1 is still held: f2 and f3 no longer wait for it.
    await eventually(() => arrivals('/f', 'f').length === 3, { what: 'f2 and f3 while f1 is held' });
    probe.release('f1');
    await eventually(async () => (await deliveries(id)).every((d) => d.status === 'SUCCEEDED'), { what: 'all to succeed' });
  });

  it('keeps the order under a rate limit (postponed heads stay heads)', async () => {
    const probe = lineProbe();
    const id = await createWebhook({ url: rx.url('/g'), ordering: 'FIFO', rateLimitPerSecond: 5 }, 'g');
    const tags = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
    for (const tag of tags) await publish(tag);
    await eventually(async () => (await deliveries(id)).every((d) => d.status === 'SUCCEEDED'), { what: 'the line to drain', timeoutMs: 30_000 });
    expect(arrivals('/g', 'g')).toEqual(tags);
    expect(probe.maxOpen).toBe(1);
  });

  it('deleting the webhook cancels its waiting deliveries too', async () => {
    const probe = lineProbe();
    const id = await createWebhook({ url: rx.url('/h'), ordering: 'FIFO' }, 'h');
    probe.hold('h1');
    await publish('h1');
    await eventually(() => arrivals('/h', 'h').includes('h1'), { what: 'h1 in flight' });
    for (const tag of ['h2', 'h3']) await publish(tag);
    await call(`mutation ($input: DeleteWebhookInput!) { deleteWebhook(input: $input) { __typename } }`, { input: { id } });
    probe.release('h1');
    await eventually(async () => (await deliveries(id)).every((d) => d.status !== 'PENDING'), { what: 'the line to end' });
    // h1 too: it was still PENDING (in flight) when the webhook went; its late answer changes nothing.
    expect((await deliveries(id)).map((d) => d.status)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    await sleep(300);
    expect(arrivals('/h', 'h')).toEqual(['h1']);
  });

  it('a line whose head ended behind its back is moved on by the safety net', async () => {
    const probe = lineProbe();
    probe.reply((tag) => ({ status: tag === 'i1' ? 500 : 200 }));
    // i1 fails and waits an hour for its retry: it holds the line.
    const id = await createWebhook({ url: rx.url('/i'), ordering: 'FIFO', retrySchedule: '0s,1h' }, 'i');
    const i1 = await publish('i1');
    await eventually(async () => (await deliveries(id)).find((d) => d.event.id === i1)?.attemptCount === 1, { what: 'i1 to fail once' });
    for (const tag of ['i2', 'i3']) await publish(tag);
    const prisma = t.app.services.prisma;
    expect(await repairLines(prisma)).toBe(0);
    // What no code path does: the head ends without moving its line.
    await prisma.delivery.updateMany({ where: { webhookId: parseId(id, 'Webhook')!, eventId: parseId(i1, 'Event')! }, data: { status: 'CANCELLED', nextAttemptAt: null } });
    await sleep(300);
    expect(arrivals('/i', 'i')).toEqual(['i1']);
    expect(await repairLines(prisma)).toBe(1);
    await eventually(() => arrivals('/i', 'i').length === 3, { what: 'i2 and i3' });
    expect(arrivals('/i', 'i')).toEqual(['i1', 'i2', 'i3']);
  });
});
