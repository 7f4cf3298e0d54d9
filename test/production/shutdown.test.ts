// SIGTERM during load. A worker stops claiming, lets its in-flight requests finish until
// HOOKGATE_SHUTDOWN_MS, hands back what is still running (released leases, taken at once by the
// other worker, not after the lease) and exits 0 within the deadline plus a few seconds. Nothing is
// lost. An API process closes its WebSockets with 1001 (going away) and exits 0.
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptedBy, Cluster, eventually, sleep } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { subscribe, type Subscription } from '../helpers/ws.ts';

const SHUTDOWN_MS = 2_000;
/** Far longer than the test: a released lease, not an expired one, must hand work over. */
const LEASE_MS = 60_000;
const WEBHOOKS = 4;
const EVENTS = 100;
const STUCK_EVENTS = 3;
const TENANT = 'prod-shutdown';

type AttemptItem = { deliveryAttempts: { id: string; webhookId: string } };
const AttemptsDoc = parse(`subscription { deliveryAttempts { id webhookId } }`) as TypedDocumentNode<AttemptItem, Record<string, never>>;

let cluster: Cluster;
const receivers: Receiver[] = [];
let sub: Subscription<AttemptItem> | undefined;
let releaseStuck: () => void = () => {};
const stuckGate = new Promise<void>((resolve) => (releaseStuck = resolve));

beforeAll(async () => {
  cluster = await Cluster.create({
    env: {
      HOOKGATE_SHUTDOWN_MS: String(SHUTDOWN_MS),
      HOOKGATE_LEASE_MS: String(LEASE_MS),
      HOOKGATE_POLL_MS: '200',
      HOOKGATE_MAX_IN_FLIGHT: '16',
      HOOKGATE_DELIVERY_TIMEOUT_MS: '60000',
    },
  });
});

afterAll(async () => {
  releaseStuck();
  await sub?.stop();
  await cluster?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('SIGTERM during load', () => {
  it('a worker finishes or hands back its work and exits 0 in time; nothing is lost', { timeout: 120_000 }, async () => {
    const api = await cluster.start('api');
    const victim = await cluster.start('worker', { LOG_LEVEL: 'debug' });

    // Normal receivers answer in 300 ms; the stuck one holds its first request of each event until
    // the test lets go (well past the shutdown deadline) and answers a second one at once.
    for (let i = 0; i < 2; i++) receivers.push(await startReceiver({ handler: () => ({ status: 200, delayMs: 300 }) }));
    const stuck = await startReceiver({
      handler: async (r) => {
        if (r.nth === 1) await stuckGate;
        return { status: 200 };
      },
    });
    receivers.push(stuck);
    for (let i = 0; i < WEBHOOKS; i++) {
      await cluster.createWebhook(api, { url: receivers[i % 2]!.url(`/normal-${i}`), events: ['cashback.created'] }, TENANT);
    }
    await cluster.createWebhook(api, { url: stuck.url('/stuck'), events: ['cashback.cleared'] }, TENANT);

    // Only the victim runs yet: it takes the stuck deliveries.
    const stuckIds = await cluster.publishMany([api], 'cashback.cleared', STUCK_EVENTS, { tenant: TENANT, expectDeliveries: 1 });
    await eventually(() => stuck.requests.length === STUCK_EVENTS, { timeoutMs: 15_000, what: 'the stuck requests to be in flight' });

    const survivor = await cluster.start('worker', { LOG_LEVEL: 'debug' });
    const eventIds = await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: WEBHOOKS });
    await eventually(() => attemptedBy(victim).length >= 20, { timeoutMs: 30_000, what: 'the victim to be busy with the load' });

    const termAt = Date.now();
    void victim.kill('SIGTERM');
    const inTime = await Promise.race([victim.exited.then(() => true), sleep(SHUTDOWN_MS + 5_000).then(() => false)]);
    const releasedAt = Number(victim.logged('released unfinished deliveries at shutdown')[0]?.time ?? NaN) - termAt;
    // Soft: when this fails, the rest still shows whether anything was lost.
    expect
      .soft(inTime, `still running ${SHUTDOWN_MS + 5_000} ms after SIGTERM (leases released after ${releasedAt} ms), with the stuck requests open`)
      .toBe(true);
    releaseStuck();
    const exit = await victim.exited;
    expect(exit.code, victim.lines.slice(-20).join('\n')).toBe(0);
    expect(victim.logged('released unfinished deliveries at shutdown').map((e) => e.released)).toEqual([STUCK_EVENTS]);

    // Nothing lost: the survivor completes everything, including the handed-back deliveries,
    // long before their 60 s lease would have expired.
    const total = WEBHOOKS * EVENTS + STUCK_EVENTS;
    await cluster.db.drained({ expected: total, timeoutMs: 40_000 });
    expect(Date.now() - termAt).toBeLessThan(LEASE_MS / 2);
    expect(await cluster.db.statusCounts()).toEqual({ SUCCEEDED: total });

    // Normal deliveries in flight at SIGTERM finished on the victim: each reached its receiver
    // exactly once. Only the stuck ones were sent twice, with the same webhook-id.
    const normal = receivers.slice(0, 2).flatMap((r) => r.requests.map((q) => `${q.webhookId} ${q.path}`));
    expect(normal).toHaveLength(WEBHOOKS * EVENTS);
    expect(new Set(normal).size).toBe(WEBHOOKS * EVENTS);
    expect(new Set(normal.map((k) => k.split(' ')[0]))).toEqual(new Set(eventIds));
    for (const id of stuckIds) {
      const reqs = stuck.byId(id);
      expect(reqs, id).toHaveLength(2);
      expect(reqs[1]!.at).toBeGreaterThanOrEqual(termAt + SHUTDOWN_MS - 100);
      expect(reqs[1]!.body).toBe(reqs[0]!.body);
    }
    // Only handed-back deliveries may have an attempt logged by both workers.
    const survivorIds = new Set(attemptedBy(survivor));
    const handedBack = await cluster.db.query<{ id: string }>(`SELECT id::text AS id FROM "Delivery" WHERE url LIKE '%/stuck'`);
    const both = attemptedBy(victim).filter((id) => survivorIds.has(id));
    expect(both.every((id) => handedBack.some((d) => d.id === id)), JSON.stringify(both)).toBe(true);
  });

  it('an API process closes its WebSockets with 1001 and exits 0', { timeout: 60_000 }, async () => {
    const [api, other] = await Promise.all([cluster.start('api'), cluster.start('api')]);
    const rx = await startReceiver();
    receivers.push(rx);
    const hook = await cluster.createWebhook(other, { url: rx.url('/ws'), events: ['cashback.reverted'] }, TENANT);
    sub = subscribe(api.url!, `Bearer ${await cluster.token(TENANT)}`, AttemptsDoc, {});
    await eventually(
      async () => {
        await cluster.publish(other, 'cashback.reverted', {}, TENANT);
        await sleep(300);
        return sub!.items.some((i) => i.deliveryAttempts.webhookId === hook);
      },
      { timeoutMs: 30_000, what: 'a live attempt on the subscription' },
    );

    const termAt = Date.now();
    const exit = await api.kill('SIGTERM');
    expect(exit.code, api.lines.slice(-20).join('\n')).toBe(0);
    expect(exit.at - termAt).toBeLessThanOrEqual(SHUTDOWN_MS + 5_000);
    await eventually(() => sub!.closeCode !== undefined, { timeoutMs: 5_000, what: 'the WebSocket to close' });
    expect(sub.closeCode).toBe(1001);
    // The other API process is unaffected.
    expect((await cluster.publish(other, 'cashback.reverted', {}, TENANT)).deliveryCount).toBe(1);
  });

  it('an API process answers the requests in flight at SIGTERM: no accepted event goes unacknowledged', { timeout: 60_000 }, async () => {
    const tenant = 'prod-shutdown-http';
    const api = await cluster.start('api');
    await cluster.createWebhook(api, { url: 'http://127.0.0.1:9/never-called', events: ['cashback.created'], isActive: false }, tenant);
    // 16 clients publish back to back; SIGTERM lands while several requests are being processed.
    let acknowledged = 0;
    const failures = new Map<string, number>();
    let stop = false;
    const clients = Array.from({ length: 16 }, async () => {
      while (!stop) {
        try {
          await cluster.publish(api, 'cashback.created', {}, tenant);
          acknowledged++;
        } catch (err) {
          const code = String((err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message).slice(0, 60);
          failures.set(code, (failures.get(code) ?? 0) + 1);
          if (api.exit) return;
          await sleep(20);
        }
      }
    });
    await eventually(() => acknowledged >= 50, { timeoutMs: 20_000, what: '50 acknowledged publishes' });
    const exit = await api.kill('SIGTERM');
    stop = true;
    await Promise.all(clients);
    expect(exit.code).toBe(0);
    // Requests refused or cut before they were accepted are the client's to retry; an event that
    // was committed must have been acknowledged, or a retry would publish it twice.
    const rows = await cluster.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "Event" WHERE "tenantId" = $1', [tenant]);
    expect(rows[0]!.n, `acknowledged ${acknowledged}; failures ${JSON.stringify([...failures])}`).toBe(acknowledged);
  });
});
