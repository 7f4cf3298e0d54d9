// A worker SIGKILLed mid-flight (receivers answer after ~200 ms, so it always has requests open):
// nothing is lost, the other worker completes everything once the dead worker's leases expire,
// and the only duplicates at the receivers are requests that were in flight at the kill; they
// carry the same webhook-id and the same body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptedBy, Cluster, eventually } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

const WEBHOOKS = 6;
const EVENTS = 80;
const DELIVERIES = WEBHOOKS * EVENTS;
const MAX_IN_FLIGHT = 16;
const LEASE_MS = 2_000;
const TENANT = 'prod-crash';

let cluster: Cluster;
const receivers: Receiver[] = [];

beforeAll(async () => {
  cluster = await Cluster.create({
    env: { HOOKGATE_LEASE_MS: String(LEASE_MS), HOOKGATE_POLL_MS: '200', HOOKGATE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) },
  });
});

afterAll(async () => {
  await cluster?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('a worker killed with SIGKILL mid-flight', () => {
  it('loses nothing: the other worker takes over after the lease; duplicates only for in-flight requests', { timeout: 120_000 }, async () => {
    const api = await cluster.start('api');
    const [survivor, victim] = await Promise.all([cluster.start('worker', { LOG_LEVEL: 'debug' }), cluster.start('worker', { LOG_LEVEL: 'debug' })]);

    for (let i = 0; i < 3; i++) receivers.push(await startReceiver({ handler: () => ({ status: 200, delayMs: 200 }) }));
    const urls: string[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      const url = receivers[i % receivers.length]!.url(`/slow-${i}`);
      urls.push(url);
      await cluster.createWebhook(api, { url, events: ['cashback.created'] }, TENANT);
    }
    const eventIds = await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: WEBHOOKS });

    // Kill the victim while it is busy: it has recorded attempts and the queue is far from empty.
    await eventually(() => attemptedBy(victim).length >= 20, { timeoutMs: 30_000, what: 'the victim to make 20 attempts' });
    const exit = await victim.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const pendingAtKill = (await cluster.db.statusCounts()).PENDING ?? 0;
    expect(pendingAtKill, 'the kill happened mid-run').toBeGreaterThan(DELIVERIES / 4);

    // Everything completes on the survivor, after the victim's leases ran out.
    await cluster.db.drained({ expected: DELIVERIES, timeoutMs: 60_000 });
    expect(await cluster.db.statusCounts()).toEqual({ SUCCEEDED: DELIVERIES });
    // Attempts in flight at the kill were never recorded: one recorded attempt per delivery.
    expect(await cluster.db.count('DeliveryAttempt')).toBe(DELIVERIES);
    expect(await cluster.db.count('Delivery', '"attemptCount" <> 1')).toBe(0);
    // No delivery was attempted by both (the victim's last log lines may be lost with it, so its
    // log is a subset of what it recorded).
    const survivorIds = new Set(attemptedBy(survivor));
    const recordedByVictim = new Set(attemptedBy(victim));
    expect(survivorIds.size).toBeLessThan(DELIVERIES);
    for (const id of recordedByVictim) expect(survivorIds.has(id), `delivery ${id} attempted by both`).toBe(false);

    // Receivers: every (webhook-id, URL) at least once and nothing else.
    const all = receivers.flatMap((r) => r.requests.map((q) => ({ key: `${q.webhookId} ${r.url(q.path)}`, q })));
    const byKey = new Map<string, typeof all>();
    for (const x of all) byKey.set(x.key, [...(byKey.get(x.key) ?? []), x]);
    const expected = new Set(eventIds.flatMap((id) => urls.map((u) => `${id} ${u}`)));
    expect(new Set(byKey.keys())).toEqual(expected);

    // Duplicates: the first copy reached the receiver before the victim was gone, the second
    // came from the survivor after the kill; same webhook-id (the key) and the same body. At most
    // the victim's in-flight limit, and at least one (it was killed mid-flight).
    const duplicates = [...byKey.values()].filter((xs) => xs.length > 1);
    for (const xs of duplicates) {
      expect(xs, xs[0]!.key).toHaveLength(2);
      const [first, second] = [xs[0]!.q, xs[1]!.q];
      expect(first.at).toBeLessThanOrEqual(exit.at);
      expect(second.at).toBeGreaterThan(exit.at);
      expect(second.body).toBe(first.body);
      expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    }
    expect(duplicates.length).toBeGreaterThanOrEqual(1);
    expect(duplicates.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    expect(all.length).toBe(DELIVERIES + duplicates.length);
    console.log(`[worker-crash] in flight at the kill and sent again: ${duplicates.length}; pending at kill: ${pendingAtKill}`);
  });
});
