// Operational events on PostgreSQL with two worker processes: deliveries of one webhook failing,
// succeeding again and answering 410 at the same moment in both workers publish one failing, one
// recovered and one disabled (conditional UPDATE ... RETURNING under real concurrency), and every
// delivery that ends FAILED is reported by exactly one hookgate.delivery.exhausted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptedBy, Cluster, eventually, sleep } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

const TENANT = 'prod-opevents';
const URLS = 10;
const EVENTS = 10;
/** Both workers' first claims: each holds this many requests in flight. */
const IN_FLIGHT = 10;

let cluster: Cluster;
const receivers: Receiver[] = [];

beforeAll(async () => {
  cluster = await Cluster.create({
    env: {
      HOOKGATE_POLL_MS: '100',
      HOOKGATE_RETRY_SCHEDULE: '0s',
      HOOKGATE_CLAIM_BATCH: String(IN_FLIGHT),
      HOOKGATE_MAX_IN_FLIGHT: String(IN_FLIGHT),
    },
  });
});

afterAll(async () => {
  await cluster?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

describe('operational events across two workers', () => {
  it('publishes each state change once and each FAILED delivery once', { timeout: 180_000 }, async () => {
    const api = await cluster.start('api');
    const ops = await startReceiver();
    receivers.push(ops);
    await cluster.createWebhook(api, { url: ops.url('/ops'), eventGroup: 'hookgate' }, TENANT);

    // The receiver holds the first 2 x IN_FLIGHT requests of each phase until all of them are
    // there: both workers have claimed their batch while the webhook still looked unchanged, so
    // their attempts all try the same state change at the same time (bounded wait).
    let status = 400;
    let phaseStart = 0;
    let open: () => void = () => {};
    let gate = Promise.resolve();
    const phase = (s: number) => {
      status = s;
      phaseStart = rx.requests.length;
      gate = new Promise<void>((resolve) => (open = resolve));
    };
    const rx = await startReceiver({
      handler: async () => {
        if (rx.requests.length - phaseStart >= 2 * IN_FLIGHT) open();
        await Promise.race([gate, sleep(15_000)]);
        return { status };
      },
    });
    receivers.push(rx);
    const hook = await cluster.createWebhook(api, { urls: Array.from({ length: URLS }, (_, i) => rx.url(`/u${i}`)), events: ['cashback.created'] }, TENANT);
    const counts = async () => {
      const rows = await cluster.db.query<{ type: string; n: number }>(`SELECT type, count(*)::int AS n FROM "Event" WHERE type LIKE 'hookgate.%' GROUP BY type`);
      return Object.fromEntries(rows.map((r) => [r.type, r.n]));
    };

    // 1. Every delivery fails at once (400, not retried): one failing, one exhausted each.
    phase(400);
    await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: URLS });
    const workers = await Promise.all([cluster.start('worker', { LOG_LEVEL: 'debug' }), cluster.start('worker', { LOG_LEVEL: 'debug' })]);
    await cluster.db.drained({ timeoutMs: 90_000 });
    for (const w of workers) expect(attemptedBy(w).length, w.name).toBeGreaterThan(0);
    expect(await counts()).toEqual({ 'hookgate.webhook.failing': 1, 'hookgate.delivery.exhausted': URLS * EVENTS });

    // 2. Every delivery succeeds: one recovered.
    phase(200);
    await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: URLS });
    await cluster.db.drained({ timeoutMs: 90_000 });
    expect((await counts())['hookgate.webhook.recovered']).toBe(1);

    // 3. 410 everywhere: one disabled; the deliveries still pending are cancelled, the attempted
    // ones are FAILED and reported.
    phase(410);
    await cluster.publishMany([api], 'cashback.created', EVENTS, { tenant: TENANT, expectDeliveries: URLS });
    await cluster.db.drained({ timeoutMs: 90_000 });
    const final = await counts();
    expect(final['hookgate.webhook.disabled']).toBe(1);
    // A 410 disables without a failing event first.
    expect(final['hookgate.webhook.failing']).toBe(1);
    const [failed] = await cluster.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "Delivery" WHERE "webhookId" = $1::uuid AND status = 'FAILED'`,
      [hook.replace(/^wh_/, '').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')],
    );
    expect(final['hookgate.delivery.exhausted']).toBe(failed!.n);
    const [distinct] = await cluster.db.query<{ n: number }>(
      `SELECT count(DISTINCT data #>> '{delivery,id}')::int AS n FROM "Event" WHERE type = 'hookgate.delivery.exhausted'`,
    );
    expect(distinct!.n).toBe(failed!.n);

    // The observer got every operational event once, none about itself.
    const total = Object.values(final).reduce((a, b) => a + b, 0);
    await eventually(() => ops.requests.length >= total, { timeoutMs: 30_000, what: 'every operational event at the observer' });
    expect(new Set(ops.requests.map((r) => r.webhookId)).size).toBe(total);
    for (const r of ops.requests) expect((JSON.parse(r.body) as { data: { webhook: { id: string } } }).data.webhook.id).toBe(hook);
  });
});
