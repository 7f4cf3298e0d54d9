// Production topology: two API and two worker processes (real child processes) on one PostgreSQL
// database and the machine's Redis. 2,000 deliveries to local receivers all succeed, each exactly
// once, both workers share the work, and a graphql-ws subscriber on API process 1 sees every
// attempt, whichever worker made it (attempts cross processes through Redis).
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptedBy, Cluster, eventually, type HookgateProcess } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { subscribe, type Subscription } from '../helpers/ws.ts';

const WEBHOOKS = 10;
const EVENTS = 200;
const DELIVERIES = WEBHOOKS * EVENTS;
const TENANT = 'prod-cluster';

type AttemptItem = { deliveryAttempts: { id: string; outcome: string; number: number; webhookId: string; eventId: string } };
const AttemptsDoc = parse(`subscription { deliveryAttempts { id outcome number webhookId eventId } }`) as TypedDocumentNode<AttemptItem, Record<string, never>>;

let cluster: Cluster;
const receivers: Receiver[] = [];
let sub: Subscription<AttemptItem> | undefined;

beforeAll(async () => {
  cluster = await Cluster.create();
});

afterAll(async () => {
  await sub?.stop();
  await cluster?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('two API and two worker processes', () => {
  it('deliver 2,000 webhooks exactly once, shared by both workers, every attempt live on API 1', { timeout: 120_000 }, async () => {
    // Migrations run once (the first process), the others find the schema current.
    const api1 = await cluster.start('api');
    const [api2, w1, w2] = await Promise.all([
      cluster.start('api'),
      cluster.start('worker', { LOG_LEVEL: 'debug' }),
      cluster.start('worker', { LOG_LEVEL: 'debug' }),
    ]);
    const workers: HookgateProcess[] = [w1, w2];

    // Five receivers (separate HTTP servers), two webhook paths each.
    for (let i = 0; i < 5; i++) receivers.push(await startReceiver());
    const webhookIds = new Set<string>();
    const expectedUrls: string[] = [];
    for (let i = 0; i < WEBHOOKS; i++) {
      const url = receivers[i % receivers.length]!.url(`/hook-${i}`);
      expectedUrls.push(url);
      webhookIds.add(await cluster.createWebhook(api1, { url, events: ['cashback.created'] }, TENANT));
    }
    // A probe webhook on another event type proves the subscription is live before the load.
    const probeRx = await startReceiver();
    receivers.push(probeRx);
    const probeHook = await cluster.createWebhook(api1, { url: probeRx.url('/probe'), events: ['cashback.cleared'] }, TENANT);

    sub = subscribe(api1.url!, `Bearer ${await cluster.token(TENANT)}`, AttemptsDoc, {});
    await eventually(
      async () => {
        await cluster.publish(api2, 'cashback.cleared', { probe: true }, TENANT);
        return eventually(() => sub!.items.some((i) => i.deliveryAttempts.webhookId === probeHook), { timeoutMs: 1_500 }).catch(() => false);
      },
      { timeoutMs: 30_000, what: 'the subscription to receive a probe attempt' },
    );
    const probes = await cluster.db.count('Delivery');

    // The load: 200 events, each fanned out to the 10 webhooks, published through both APIs.
    const eventIds = await cluster.publishMany([api1, api2], 'cashback.created', EVENTS, {
      concurrency: 8,
      tenant: TENANT,
      expectDeliveries: WEBHOOKS,
    });
    await cluster.db.drained({ expected: DELIVERIES + probes, timeoutMs: 90_000 });

    // Database: every delivery SUCCEEDED after exactly one attempt.
    expect(await cluster.db.statusCounts()).toEqual({ SUCCEEDED: DELIVERIES + probes });
    expect(await cluster.db.count('DeliveryAttempt')).toBe(DELIVERIES + probes);
    expect(await cluster.db.count('Delivery', '"attemptCount" <> 1')).toBe(0);

    // Receivers: exactly the expected (webhook-id, URL) pairs, each once.
    const received = receivers.filter((r) => r !== probeRx).flatMap((r) => r.requests.map((q) => `${q.webhookId} ${r.url(q.path)}`));
    expect(received).toHaveLength(DELIVERIES);
    expect(new Set(received).size).toBe(DELIVERIES);
    const expected = new Set(eventIds.flatMap((id) => expectedUrls.map((u) => `${id} ${u}`)));
    expect(new Set(received)).toEqual(expected);

    // Both workers did part of the work, and no delivery was attempted by both.
    const byWorker = workers.map((w) => attemptedBy(w));
    const counts = byWorker.map((ids) => ids.length);
    expect(counts[0]! + counts[1]!).toBe(DELIVERIES + probes);
    expect(Math.min(...counts), `attempts per worker: ${counts.join(', ')}`).toBeGreaterThan(0);
    const union = new Set(byWorker.flat());
    expect(union.size).toBe(DELIVERIES + probes);
    const rows = await cluster.db.query<{ id: string }>('SELECT id::text AS id FROM "Delivery"');
    expect(union).toEqual(new Set(rows.map((r) => r.id)));

    // The subscriber on API 1 saw all 2,000 attempts (made by both workers, relayed by Redis).
    const live = await eventually(
      () => {
        const items = sub!.items.map((i) => i.deliveryAttempts).filter((a) => webhookIds.has(a.webhookId));
        return items.length >= DELIVERIES && items;
      },
      { timeoutMs: 30_000, what: `all ${DELIVERIES} attempts on the subscription` },
    );
    expect(live).toHaveLength(DELIVERIES);
    expect(new Set(live.map((a) => a.id)).size).toBe(DELIVERIES);
    expect(live.every((a) => a.outcome === 'SUCCEEDED' && a.number === 1)).toBe(true);
    expect(sub.errors).toEqual([]);
    console.log(`[cluster] attempts per worker: ${counts.join(' / ')}`);
  });
});
