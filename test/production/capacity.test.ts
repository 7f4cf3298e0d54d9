// Capacity measurement (bounded) for docs/OPERATIONS.md: what one API process sustains in
// publishEvent/s, and what one and two worker processes sustain in deliveries/s to fast local
// receivers, on this machine. It asserts only correctness (every delivery SUCCEEDED, one attempt
// each) and prints the numbers. Size: HOOKGATE_CAPACITY_DELIVERIES (default 1000 per phase; set,
// it also reports PostgreSQL row writes per delivery), as in docs/OPERATIONS.md:
//   HOOKGATE_CAPACITY_DELIVERIES=6000 npx vitest run test/production/capacity.test.ts
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, sleep, type HookgateProcess } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

const N = Math.max(100, Math.min(20_000, Number(process.env.HOOKGATE_CAPACITY_DELIVERIES ?? 1000)));
const FANOUT = 10;
const SINGLE = Math.round(N / 5); // fan-out-1 events per phase
const MULTI = Math.round((N - SINGLE) / FANOUT); // fan-out-10 events per phase
const PER_PHASE = SINGLE + MULTI * FANOUT;
const CONCURRENCY = 16;
const TENANT = 'prod-capacity';

let cluster: Cluster;
const receivers: Receiver[] = [];

beforeAll(async () => {
  cluster = await Cluster.create();
});

afterAll(async () => {
  await cluster?.close();
  await Promise.all(receivers.map((r) => r.close()));
});

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000 * 10) / 10;

/** Publishes one phase's backlog; returns publishEvent/s for fan-out 1 and fan-out 10. */
async function publishBacklog(api: HookgateProcess) {
  let t = Date.now();
  await cluster.publishMany([api], 'cashback.cleared', SINGLE, { tenant: TENANT, concurrency: CONCURRENCY, expectDeliveries: 1 });
  const single = rate(SINGLE, Date.now() - t);
  t = Date.now();
  await cluster.publishMany([api], 'cashback.created', MULTI, { tenant: TENANT, concurrency: CONCURRENCY, expectDeliveries: FANOUT });
  const multi = rate(MULTI, Date.now() - t);
  return { single, multi };
}

/** The code measured: HEAD, plus "+dirty" when src/ has uncommitted changes. */
function revision(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', 'src'], { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return 'unknown';
  }
}

type PgStats = { inserted: number; updated: number };

/**
 * This database's row-write counters (pg_stat_database). Idle backends flush their
 * counters within 10 s, so a snapshot waits 11 s: only when a size was asked for (measurement
 * runs), not in the normal suite.
 */
const MEASURE_PG = process.env.HOOKGATE_CAPACITY_DELIVERIES !== undefined;
async function pgStats(): Promise<PgStats> {
  if (!MEASURE_PG) return { inserted: NaN, updated: NaN };
  await sleep(11_000);
  const [row] = await cluster.db.query<{ inserted: string; updated: string }>(
    'SELECT tup_inserted AS inserted, tup_updated AS updated FROM pg_stat_database WHERE datname = current_database()',
  );
  return { inserted: Number(row!.inserted), updated: Number(row!.updated) };
}

/** Per-delivery PostgreSQL row writes between two snapshots. */
function perDelivery(a: PgStats, b: PgStats, n: number) {
  const r = (x: number) => Math.round((x / n) * 100) / 100;
  return { rowsInserted: r(b.inserted - a.inserted), rowsUpdated: r(b.updated - a.updated) };
}

/** Deliveries/s of the attempts recorded since `since` (first start to last record). */
async function drainRate(since: Date) {
  const [row] = await cluster.db.query<{ n: number; first: Date; last: Date }>(
    'SELECT count(*)::int AS n, min("startedAt") AS first, max("createdAt") AS last FROM "DeliveryAttempt" WHERE "createdAt" >= $1',
    [since],
  );
  return { n: row!.n, ms: row!.last.getTime() - row!.first.getTime(), perSecond: rate(row!.n, row!.last.getTime() - row!.first.getTime()) };
}

describe('capacity (measurement)', () => {
  it(`publishes and delivers ${PER_PHASE} deliveries per phase with one and with two workers`, { timeout: 600_000 }, async () => {
    const api = await cluster.start('api');
    for (let i = 0; i < 5; i++) receivers.push(await startReceiver());
    for (let i = 0; i < FANOUT; i++) await cluster.createWebhook(api, { url: receivers[i % 5]!.url(`/multi-${i}`), events: ['cashback.created'] }, TENANT);
    await cluster.createWebhook(api, { url: receivers[0]!.url('/single'), events: ['cashback.cleared'] }, TENANT);

    // Phase 1: the API alone fills the queue; then one worker drains it.
    const s0 = await pgStats();
    const pub1 = await publishBacklog(api);
    const s1 = await pgStats();
    let since = new Date();
    const w1 = await cluster.start('worker');
    await cluster.db.drained({ expected: PER_PHASE, timeoutMs: 300_000 });
    const one = await drainRate(since);
    const s2 = await pgStats();
    expect(one.n).toBe(PER_PHASE);
    expect((await w1.kill('SIGTERM')).code).toBe(0);

    // Phase 2: the same backlog again, drained by two workers started together.
    const pub2 = await publishBacklog(api);
    since = new Date();
    await Promise.all([cluster.start('worker'), cluster.start('worker')]);
    await cluster.db.drained({ expected: 2 * PER_PHASE, timeoutMs: 300_000 });
    const two = await drainRate(since);
    expect(two.n).toBe(PER_PHASE);

    expect(await cluster.db.statusCounts()).toEqual({ SUCCEEDED: 2 * PER_PHASE });
    expect(await cluster.db.count('DeliveryAttempt')).toBe(2 * PER_PHASE);
    expect(receivers.reduce((n, r) => n + r.requests.length, 0)).toBe(2 * PER_PHASE);

    const result = {
      revision: revision(),
      cpus: availableParallelism(),
      deliveriesPerPhase: PER_PHASE,
      publishPerSecond: { fanout1: [pub1.single, pub2.single], fanout10: [pub1.multi, pub2.multi], concurrency: CONCURRENCY },
      oneWorker: one,
      twoWorkers: two,
      // PostgreSQL work per delivery: publishing (fan-out mix above) and delivering (one worker).
      pgPerDelivery: MEASURE_PG ? { publish: perDelivery(s0, s1, PER_PHASE), deliver: perDelivery(s1, s2, PER_PHASE) } : 'set HOOKGATE_CAPACITY_DELIVERIES',
    };
    console.log(`[capacity] ${JSON.stringify(result)}`);
  });
});
