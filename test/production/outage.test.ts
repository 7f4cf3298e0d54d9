// Dependencies failing under load. PostgreSQL: every connection of the service is terminated
// mid-run (pools, the LISTEN connection); the processes reconnect, nothing is lost, every delivery
// ends SUCCEEDED. Redis (a private redis-server, so no one else's Redis is restarted): stopped
// mid-run, deliveries go on without it; restarted, the live subscription resumes on the same
// WebSocket (ioredis reconnects and re-subscribes) and carries new attempts again.
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, eventually, sleep, startPrivateRedis, type HookgateProcess, type PrivateRedis } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';
import { subscribe, type Subscription } from '../helpers/ws.ts';

const WEBHOOKS = 5;
const MAX_IN_FLIGHT = 8;
const TENANT = 'prod-outage';

type AttemptItem = { deliveryAttempts: { id: string; webhookId: string; eventId: string } };
const AttemptsDoc = parse(`subscription { deliveryAttempts { id webhookId eventId } }`) as TypedDocumentNode<AttemptItem, Record<string, never>>;

let redis: PrivateRedis;
let cluster: Cluster;
let api: HookgateProcess;
let workers: HookgateProcess[];
const receivers: Receiver[] = [];
const urls: string[] = [];
let sub: Subscription<AttemptItem> | undefined;

beforeAll(async () => {
  redis = await startPrivateRedis();
  cluster = await Cluster.create({
    redisUrl: redis.url,
    env: {
      HOOKGATE_LEASE_MS: '2000',
      HOOKGATE_POLL_MS: '200',
      HOOKGATE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT),
      HOOKGATE_RETRY_SCHEDULE: '0s,200ms,500ms,1s,1s,1s,1s',
    },
  });
  api = await cluster.start('api');
  workers = await Promise.all([cluster.start('worker'), cluster.start('worker')]);
  for (let i = 0; i < WEBHOOKS; i++) {
    const rx = await startReceiver({ handler: () => ({ status: 200, delayMs: 100 }) });
    receivers.push(rx);
    urls.push(rx.url(`/hook-${i}`));
    await cluster.createWebhook(api, { url: urls[i], events: ['cashback.created'] }, TENANT);
  }
  sub = subscribe(api.url!, `Bearer ${await cluster.token(TENANT)}`, AttemptsDoc, {});
});

afterAll(async () => {
  await sub?.stop();
  await cluster?.close();
  await redis?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

/** Receipts per "<webhook-id> <url>". */
function receipts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const rx of receivers) for (const q of rx.requests) m.set(`${q.webhookId} ${rx.url(q.path)}`, (m.get(`${q.webhookId} ${rx.url(q.path)}`) ?? 0) + 1);
  return m;
}

function expectAllReceived(eventIds: string[], got = receipts()): void {
  const missing = eventIds.flatMap((id) => urls.map((u) => `${id} ${u}`)).filter((k) => !got.has(k));
  expect(missing, 'deliveries that never reached their receiver').toEqual([]);
}

function alive(): void {
  for (const p of cluster.processes) expect(p.exit, `${p.name} died:\n${p.lines.slice(-30).join('\n')}`).toBeNull();
}

describe('dependency outages under load', () => {
  it('PostgreSQL connections terminated mid-run: processes reconnect, nothing is lost', { timeout: 90_000 }, async () => {
    const EVENTS = 60;
    const first = await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: WEBHOOKS });
    await eventually(async () => (await cluster.db.count('DeliveryAttempt')) >= (EVENTS * WEBHOOKS) / 4, {
      timeoutMs: 30_000,
      what: 'a quarter of the deliveries',
    });
    const terminated = await cluster.db.terminateConnections();
    const pendingThen = (await cluster.db.statusCounts()).PENDING ?? 0;
    // Each process had pooled connections, and each worker its LISTEN connection.
    expect(terminated).toBeGreaterThanOrEqual(cluster.processes.length);
    expect(pendingThen, 'terminated mid-run').toBeGreaterThan(0);

    // The API reconnects: new events are accepted right away.
    const second = await cluster.publishMany([api], 'cashback.created', 20, { tenant: TENANT, expectDeliveries: WEBHOOKS, concurrency: 1 });
    const total = (EVENTS + 20) * WEBHOOKS;
    await cluster.db.drained({ expected: total, timeoutMs: 60_000 });
    expect(await cluster.db.statusCounts()).toEqual({ SUCCEEDED: total });
    alive();
    expectAllReceived([...first, ...second]);
    // Requests whose outcome could not be recorded at the termination are sent again after the
    // lease: at most what was in flight then, and with the same webhook-id (the key).
    const duplicates = [...receipts().values()].filter((n) => n > 1);
    expect(duplicates.every((n) => n === 2)).toBe(true);
    expect(duplicates.length).toBeLessThanOrEqual(workers.length * MAX_IN_FLIGHT);
    // The wake-up listeners noticed and reconnected.
    for (const w of workers) expect(w.logged('wake listener connection lost; reconnecting').length, w.name).toBeGreaterThan(0);
    console.log(`[outage] PostgreSQL: ${terminated} connections terminated, ${pendingThen} pending then, ${duplicates.length} sent twice`);
  });

  it('Redis stopped mid-run: deliveries go on; restarted: the subscription resumes', { timeout: 90_000 }, async () => {
    // The subscription is live before the outage.
    const before = await cluster.publish(api, 'cashback.created', { phase: 'before' }, TENANT);
    await eventually(() => sub!.items.filter((i) => i.deliveryAttempts.eventId === before.eventId).length === WEBHOOKS, {
      timeoutMs: 15_000,
      what: 'live attempts before the outage',
    });

    await redis.stop();
    const during = await cluster.publishMany([api], 'cashback.created', 30, { tenant: TENANT, expectDeliveries: WEBHOOKS });
    // Delivered while Redis is still down.
    await eventually(
      () => {
        const got = receipts();
        return during.every((id) => urls.every((u) => got.has(`${id} ${u}`)));
      },
      { timeoutMs: 30_000, what: 'deliveries during the Redis outage' },
    );
    expect(redis.running).toBe(false);
    alive();

    await redis.start();
    // The same WebSocket carries attempts again once the processes have reconnected: probe until
    // an attempt made after the restart arrives, then every attempt of a new batch must arrive.
    await eventually(
      async () => {
        const probe = await cluster.publish(api, 'cashback.created', { phase: 'probe' }, TENANT);
        await sleep(500);
        return sub!.items.some((i) => i.deliveryAttempts.eventId === probe.eventId);
      },
      { timeoutMs: 30_000, what: 'the subscription to resume after the Redis restart' },
    );
    const after = await cluster.publishMany([api], 'cashback.created', 20, { tenant: TENANT, expectDeliveries: WEBHOOKS });
    const afterSet = new Set(after);
    await eventually(() => sub!.items.filter((i) => afterSet.has(i.deliveryAttempts.eventId)).length === after.length * WEBHOOKS, {
      timeoutMs: 30_000,
      what: 'every attempt after the restart on the subscription',
    });
    expect(sub!.closeCode).toBeUndefined();
    expect(sub!.completed).toBe(false);
    expect(sub!.errors).toEqual([]);
    await cluster.db.drained({ timeoutMs: 30_000 });
    expect(Object.keys(await cluster.db.statusCounts())).toEqual(['SUCCEEDED']);
    expectAllReceived([before.eventId, ...during, ...after]);
    alive();
    const duringSet = new Set(during);
    const seenDuring = sub!.items.filter((i) => duringSet.has(i.deliveryAttempts.eventId)).length;
    console.log(`[outage] Redis: attempts made during the outage that still reached the subscriber: ${seenDuring}/${during.length * WEBHOOKS}`);
  });
});
