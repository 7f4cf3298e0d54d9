// Retries, auto-disable, cancellation, manual retry and replay, deadlines and response caps,
// end to end through the real dispatcher with a fast retry schedule (4 attempts, 200 ms apart).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import {
  attemptsOf,
  createWebhook,
  DispatchDeleteWebhookDoc,
  DispatchReplayDoc,
  DispatchRetryDeliveryDoc,
  eventDeliveries,
  FAST_DELIVERY_ENV,
  getWebhook,
  member,
  ok,
  publish,
  settled,
} from './helpers/dispatch.ts';
import { CreateApplicationDoc } from './documents.ts';
import { eventually, sleep, startReceiver, type Handler, type Receiver } from './helpers/receiver.ts';

// Short enough for the deadline test, long enough that a cold first request on a busy 2-core
// machine does not time out where the test expects an HTTP status.
const TIMEOUT_MS = 2_000;
const MAX_BYTES = 1000;

let t: TestApp;
let tenant = '';
let tenants = 0;
const open: Receiver[] = [];

async function receiver(handler: Handler): Promise<Receiver> {
  const r = await startReceiver({ handler });
  open.push(r);
  return r;
}

beforeAll(async () => {
  t = await startTestApp({
    ...FAST_DELIVERY_ENV,
    HOOKGATE_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
    HOOKGATE_RESPONSE_MAX_BYTES: String(MAX_BYTES),
  });
});

beforeEach(() => {
  tenant = `retry-${++tenants}`;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await t?.stop();
});

const ms = (iso: string) => new Date(iso).getTime();

describe('retry schedule', () => {
  it('retries a receiver failing twice: three attempts, same webhook-id, then SUCCEEDED', async () => {
    const rx = await receiver((req) => (req.nth <= 2 ? { status: 500, body: `fail ${req.nth}` } : { status: 200, body: 'ok' }));
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: { a: 1 } }, tenant);
    const [d] = await settled(t, eventId, { tenant });
    expect(d).toMatchObject({ status: 'SUCCEEDED', attemptCount: 3, lastError: null });
    expect(d!.attempts.map((a) => [a.number, a.outcome, a.responseStatus, a.errorKind, a.trigger])).toEqual([
      [1, 'FAILED', 500, 'HTTP_STATUS', 'SCHEDULED'],
      [2, 'FAILED', 500, 'HTTP_STATUS', 'SCHEDULED'],
      [3, 'SUCCEEDED', 200, null, 'SCHEDULED'],
    ]);
    expect(d!.attempts.map((a) => a.responseBody)).toEqual(['fail 1', 'fail 2', 'ok']);
    const starts = d!.attempts.map((a) => ms(a.startedAt));
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(150); // 200 ms +-20 %
    expect(starts[2]! - starts[1]!).toBeGreaterThanOrEqual(150);
    await sleep(300);
    expect(rx.requests.map((r) => r.webhookId)).toEqual([eventId, eventId, eventId]);
    // Every attempt is signed afresh (timestamps may differ) but carries the same id.
    expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
  });

  it('gives up once the schedule is exhausted: FAILED after exactly four attempts', async () => {
    const rx = await receiver(() => ({ status: 503 }));
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    const [d] = await settled(t, eventId, { tenant });
    expect(d).toMatchObject({ status: 'FAILED', attemptCount: 4, nextAttemptAt: null });
    expect(d!.lastError).toContain('Gave up after 4 attempts');
    expect(d!.attempts.map((a) => a.number)).toEqual([1, 2, 3, 4]);
    expect(d!.attempts.every((a) => a.outcome === 'FAILED' && a.responseStatus === 503)).toBe(true);
    await sleep(500);
    expect(rx.requests).toHaveLength(4);
  });

  it('honours Retry-After: the next attempt starts at least ~1 s later', async () => {
    const rx = await receiver((req) => (req.nth === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 204 }));
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    const [d] = await settled(t, eventId, { tenant });
    expect(d).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2 });
    const [a1, a2] = d!.attempts;
    expect(a1).toMatchObject({ responseStatus: 429, outcome: 'FAILED' });
    expect((a1!.responseHeaders as Record<string, string>)['retry-after']).toBe('1');
    // A correctness bound (the schedule alone would retry after ~200 ms), not a performance one.
    expect(ms(a2!.startedAt) - ms(a1!.startedAt)).toBeGreaterThanOrEqual(950);
    expect(rx.requests[1]!.at - rx.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });
});

describe('stopping deliveries', () => {
  it('410 Gone disables the webhook and cancels its other pending deliveries', async () => {
    const rx = await receiver((req) =>
      req.path === '/gone' ? { status: 410, body: 'gone' } : { status: 503, headers: { 'retry-after': '5' } },
    );
    const { id } = await createWebhook(t, { urls: [rx.url('/gone'), rx.url('/busy')], events: ['cashback.created'] }, tenant);
    const { eventId, deliveryCount } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    expect(deliveryCount).toBe(2);
    const ds = await settled(t, eventId, { tenant });
    const gone = ds.find((d) => d.url.endsWith('/gone'))!;
    const busy = ds.find((d) => d.url.endsWith('/busy'))!;
    expect(gone).toMatchObject({ status: 'FAILED', attemptCount: 1 });
    expect(gone.attempts[0]).toMatchObject({ responseStatus: 410, outcome: 'FAILED' });
    expect(busy.status).toBe('CANCELLED');
    const w = await getWebhook(t, id, tenant);
    expect(w.isActive).toBe(false);
    expect(w.disabledReason).toMatch(/410/);

    // Nothing more reaches the receiver, and new events are not fanned out to the disabled webhook.
    const later = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    expect(later.deliveryCount).toBe(0);
    const seen = rx.requests.length;
    await sleep(800);
    expect(rx.requests).toHaveLength(seen);
    expect(rx.requests.filter((r) => r.path === '/busy').length).toBeLessThanOrEqual(1);
  });

  it('deleting a webhook stops its pending retries', async () => {
    const rx = await receiver(() => ({ status: 503, headers: { 'retry-after': '2' } }));
    const { id } = await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    // The first attempt is recorded and the next one is scheduled ~2 s out.
    await eventually(async () => (await eventDeliveries(t, eventId, tenant))[0]?.attemptCount === 1, { what: 'first attempt' });
    const del = ok(await t.gql(DispatchDeleteWebhookDoc, { input: { id } }, { tenant }));
    expect(del.deleteWebhook.__typename).toBe('DeleteWebhookPayload');
    const [d] = await eventDeliveries(t, eventId, tenant);
    expect(d).toMatchObject({ status: 'CANCELLED', lastError: 'Webhook deleted', nextAttemptAt: null });
    await sleep(2_500);
    expect(rx.requests).toHaveLength(1);
    expect((await eventDeliveries(t, eventId, tenant))[0]).toMatchObject({ status: 'CANCELLED', attemptCount: 1 });
  });
});

describe('manual retry and replay', () => {
  it('retryDelivery on a FAILED delivery makes exactly one MANUAL attempt', async () => {
    let healthy = false;
    const rx = await receiver(() => ({ status: healthy ? 200 : 500 }));
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    const [failed] = await settled(t, eventId, { tenant });
    expect(failed).toMatchObject({ status: 'FAILED', attemptCount: 4 });

    const retried = ok(await t.gql(DispatchRetryDeliveryDoc, { input: { id: failed!.id } }, { tenant }));
    expect(member(retried.retryDelivery, 'RetryDeliveryPayload').delivery.status).toBe('PENDING');
    const [again] = await settled(t, eventId, { tenant });
    expect(again).toMatchObject({ status: 'FAILED', attemptCount: 5 });
    expect(again!.attempts[4]).toMatchObject({ number: 5, trigger: 'MANUAL', outcome: 'FAILED' });
    await sleep(800);
    expect(rx.requests).toHaveLength(5); // a failed manual attempt is not retried

    healthy = true;
    ok(await t.gql(DispatchRetryDeliveryDoc, { input: { id: failed!.id } }, { tenant }));
    const [done] = await settled(t, eventId, { tenant });
    expect(done).toMatchObject({ status: 'SUCCEEDED', attemptCount: 6 });
    expect(done!.attempts[5]).toMatchObject({ number: 6, trigger: 'MANUAL', outcome: 'SUCCEEDED' });
    expect(new Set(rx.requests.map((r) => r.webhookId))).toEqual(new Set([eventId]));

    const conflict = ok(await t.gql(DispatchRetryDeliveryDoc, { input: { id: failed!.id } }, { tenant }));
    expect(conflict.retryDelivery.__typename).toBe('ConflictError');
  });

  it('replayEvents re-queues the failed events of a window, and only those', async () => {
    let healthy = false;
    const rx = await receiver((req) => {
      const { data } = JSON.parse(req.body) as { data: { fail?: boolean } };
      return { status: healthy || !data.fail ? 200 : 500 };
    });
    const { id } = await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const before = await publish(t, { type: 'cashback.created', data: { fail: true, n: 0 } }, tenant);
    await settled(t, before.eventId, { tenant });
    await sleep(20);
    const since = new Date().toISOString();
    const e1 = await publish(t, { type: 'cashback.created', data: { fail: true, n: 1 } }, tenant);
    const e2 = await publish(t, { type: 'cashback.created', data: { fail: false, n: 2 } }, tenant);
    const e3 = await publish(t, { type: 'cashback.created', data: { fail: true, n: 3 } }, tenant);
    for (const e of [e1, e2, e3]) await settled(t, e.eventId, { tenant });
    expect((await eventDeliveries(t, e2.eventId, tenant))[0]!.status).toBe('SUCCEEDED');
    expect((await eventDeliveries(t, e1.eventId, tenant))[0]!.status).toBe('FAILED');

    healthy = true;
    const seen = rx.requests.length;
    const replay = ok(await t.gql(DispatchReplayDoc, { input: { webhookId: id, since, until: new Date().toISOString() } }, { tenant }));
    expect(member(replay.replayEvents, 'ReplayEventsPayload')).toMatchObject({ eventCount: 2, deliveryCount: 2 });
    for (const e of [e1, e3]) {
      await eventually(async () => (await eventDeliveries(t, e.eventId, tenant)).some((d) => d.status === 'SUCCEEDED'), { what: 'replayed delivery' });
    }
    await sleep(300);
    expect(rx.requests.slice(seen).map((r) => r.webhookId).sort()).toEqual([e1.eventId, e3.eventId].sort());
    // Replaying again finds nothing left to do.
    const twice = ok(await t.gql(DispatchReplayDoc, { input: { webhookId: id, since, until: new Date().toISOString() } }, { tenant }));
    expect(member(twice.replayEvents, 'ReplayEventsPayload')).toMatchObject({ eventCount: 0, deliveryCount: 0 });
  });

  it('replayEvents follows the same application routing as publishEvent', async () => {
    let healthy = false;
    const rx = await receiver(() => ({ status: healthy ? 200 : 500 }));
    const app = async (name: string) =>
      member(ok(await t.gql(CreateApplicationDoc, { input: { name } }, { tenant })).createApplication, 'CreateApplicationPayload').application.id;
    const appA = await app('Replay A');
    const appB = await app('Replay B');
    const wA = await createWebhook(t, { url: rx.url('/a'), events: ['session.completed'], applicationId: appA }, tenant);
    const wNone = await createWebhook(t, { url: rx.url('/none'), events: ['session.completed'] }, tenant);
    const since = new Date(Date.now() - 1000).toISOString();
    const ofA = await publish(t, { type: 'session.completed', data: {}, applicationId: appA }, tenant);
    const ofB = await publish(t, { type: 'session.completed', data: {}, applicationId: appB }, tenant);
    const ofNone = await publish(t, { type: 'session.completed', data: {} }, tenant);
    expect([ofA.deliveryCount, ofB.deliveryCount, ofNone.deliveryCount]).toEqual([2, 1, 1]);
    for (const e of [ofA, ofB, ofNone]) await settled(t, e.eventId, { tenant });

    healthy = true;
    const seen = rx.requests.length;
    const replayA = ok(await t.gql(DispatchReplayDoc, { input: { webhookId: wA.id, since } }, { tenant }));
    expect(member(replayA.replayEvents, 'ReplayEventsPayload')).toMatchObject({ eventCount: 1, deliveryCount: 1 });
    const replayNone = ok(await t.gql(DispatchReplayDoc, { input: { webhookId: wNone.id, since } }, { tenant }));
    expect(member(replayNone.replayEvents, 'ReplayEventsPayload')).toMatchObject({ eventCount: 3, deliveryCount: 3 });
    await eventually(() => rx.requests.length >= seen + 4, { what: 'replayed deliveries' });
    await sleep(300);
    const replayed = rx.requests.slice(seen);
    expect(replayed.filter((r) => r.path === '/a').map((r) => r.webhookId)).toEqual([ofA.eventId]);
    expect(replayed.filter((r) => r.path === '/none').map((r) => r.webhookId).sort()).toEqual([ofA.eventId, ofB.eventId, ofNone.eventId].sort());
  });
});

describe('deadlines and caps', () => {
  it('ends an attempt to a receiver that never answers with TIMEOUT at the configured deadline', async () => {
    const rx = await receiver(() => ({ hang: true }));
    const { id } = await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    const [d] = await eventually(async () => {
      const ds = await eventDeliveries(t, eventId, tenant);
      return ds[0] && ds[0].attemptCount >= 1 && ds;
    }, { what: 'first attempt' });
    const [a] = await attemptsOf(t, d!.id, tenant);
    expect(a).toMatchObject({ number: 1, outcome: 'FAILED', errorKind: 'TIMEOUT', responseStatus: null });
    expect(a!.durationMs).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(a!.durationMs).toBeLessThan(TIMEOUT_MS + 2_500); // bounded
    expect(d!.status).toBe('PENDING'); // a timeout is retried
    ok(await t.gql(DispatchDeleteWebhookDoc, { input: { id } }, { tenant }));
  });

  it('keeps only HOOKGATE_RESPONSE_MAX_BYTES of an endless response body, in bounded time', async () => {
    const rx = await receiver(() => ({ endless: true }));
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const started = Date.now();
    const { eventId } = await publish(t, { type: 'cashback.created', data: {} }, tenant);
    const [d] = await settled(t, eventId, { tenant });
    expect(Date.now() - started).toBeLessThan(10_000); // bounded
    expect(d).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });
    const [a] = d!.attempts;
    expect(a).toMatchObject({ outcome: 'SUCCEEDED', responseStatus: 200, errorKind: null });
    expect(a!.responseBody).toHaveLength(MAX_BYTES);
    expect(a!.responseBody).toBe('x'.repeat(MAX_BYTES));
    expect(a!.durationMs).toBeLessThan(TIMEOUT_MS);
  });
});
