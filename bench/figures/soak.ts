// Figure 6, soak: one worker process (PostgreSQL, production configuration) through a long
// backlog: 100,000 deliveries by default, 200,000 with --full, 20,000 with --quick (events with 10
// matching webhooks each, seeded first by an API-role process). Reports the worker's RSS at start,
// peak and end (sampled every second from /proc) and the delivery rate of the first vs the last
// 10% of the deliveries: flat memory and a flat rate mean nothing accumulates per delivery (the
// ratio is last / first). Baseline for the rate: the bare undici loop, same run.
import { createBenchDb } from '../lib/db.ts';
import { setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { sampleRss, type Child } from '../lib/proc.ts';
import { log, mb, r1, r2, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { baseline, CONCURRENCY } from './dispatch.ts';

export async function run(opts: Options): Promise<Figure[]> {
  const deliveries = opts.count ?? (opts.full ? 200_000 : opts.quick ? 20_000 : 100_000);
  const events = Math.ceil(deliveries / 10);
  const n = events * 10;
  const receivers = await startReceivers(10);
  const db = await createBenchDb('pg');
  const procs: Child[] = [];
  try {
    const base = await baseline(receivers, 20_000);
    log(`baseline: ${r1(base)} req/s`);
    const seeder = await startHookgate('seeder', db, 'api');
    await setupWebhooks(seeder, receivers.urls, { events: [TYPES[0]!] });
    log(`soak: seeding ${events} events x 10 webhooks = ${n} deliveries`);
    const seed = await seeder.call<{ ms: number }>('seed', { tenant: TENANT, types: [TYPES[0]], count: events, concurrency: 16, expectDeliveries: 10 });
    log(`soak: seeded in ${Math.round(seed.ms)} ms`);
    await seeder.call('exec', { sql: 'ANALYZE' });
    await seeder.close();

    // --expose-gc only lets the figure force a full collection before reading the retained heap.
    const worker = await startHookgate('worker', db, 'worker', { exposeGc: true });
    procs.push(worker);
    const rss = sampleRss(worker.pid, 1000);
    const { t0 } = await worker.call<{ t0: number }>('start');
    // Retained heap once the worker is up and has made its first attempts.
    await receivers.child.call('waitFor', { total: Math.min(n, 2000), timeoutMs: 120_000 });
    const heapStart = (await worker.call<{ heapUsed: number }>('retained')).heapUsed;
    let last = 0;
    const progress = setInterval(() => {
      void receivers.child.call<{ total: number }>('stats').then((s) => {
        log(`soak: ${s.total}/${n} delivered (${r1((s.total - last) / 10)}/s over the last 10 s)`);
        last = s.total;
      });
    }, 10_000);
    const reached = await receivers.child.call<{ reached: boolean; total: number }>('waitFor', { total: n, timeoutMs: 1_800_000 });
    clearInterval(progress);
    if (!reached.reached) throw new Error(`receivers got ${reached.total} of ${n}`);
    const stats = await worker.call<{ statuses: Record<string, number>; attempts: number; lastCompletedAt: number }>('drain', { expected: n, timeoutMs: 120_000 });
    const samples = rss.stop();
    const heap = await worker.call<{ heapUsed: number; rss: number }>('retained');
    if (process.env.BENCH_HEAP_SNAPSHOT) log(`heap snapshot: ${await worker.call<string>('heapSnapshot', { file: process.env.BENCH_HEAP_SNAPSHOT })}`);
    const decile = Math.floor(n / 10);
    const at = async (offset: number) =>
      (await worker.call<Array<{ t: number }>>('sql', {
        sql: `SELECT (extract(epoch FROM "createdAt") * 1000)::float8 AS t FROM "DeliveryAttempt" ORDER BY "createdAt", id OFFSET ${offset} LIMIT 1`,
      }))[0]!.t;
    const tFirst = await at(decile - 1);
    const tLastStart = await at(n - decile - 1);
    const tEnd = await at(n - 1);
    const firstRate = (decile / (tFirst - t0)) * 1000;
    const lastRate = (decile / (tEnd - tLastStart)) * 1000;
    const overall = (n / (stats.lastCompletedAt - t0)) * 1000;
    // RSS after start-up settles (first 5 s skipped), its peak and the last sample.
    const steady = samples.filter((s) => s.t >= t0 + 5000);
    const start = (steady[0] ?? samples[0]!).rss;
    const peak = Math.max(...samples.map((s) => s.rss));
    const end = samples[samples.length - 1]!.rss;
    const ok = stats.statuses.SUCCEEDED === n && stats.attempts === n;
    log(`soak: retained heap ${mb(heapStart)} after 2,000 deliveries, ${mb(heap.heapUsed)} at the end`);
    log(`soak: first 10% ${r1(firstRate)}/s, last 10% ${r1(lastRate)}/s, overall ${r1(overall)}/s; RSS ${mb(start)} start, ${mb(peak)} peak, ${mb(end)} end`);
    return [
      {
        figure: `soak (PostgreSQL), ${n} deliveries through 1 worker`,
        target: 'RSS flat; rate last 10% ≈ first 10% (ratio: last / first)',
        measured: `RSS ${mb(start)} → peak ${mb(peak)} → end ${mb(end)} (heap after full GC ${mb(heapStart)} → ${mb(heap.heapUsed)}); ${r1(firstRate)}/s first 10%, ${r1(lastRate)}/s last 10% (${r1(overall)}/s overall, ${r2(overall / base)} × baseline)`,
        baseline: `${r1(base)} req/s bare undici (${CONCURRENCY} in flight)`,
        ratio: lastRate / firstRate,
        pass: ok ? null : false,
        details: { n, statuses: stats.statuses, attempts: stats.attempts, firstRate, lastRate, overall, rss: { start, peak, end, samples: samples.length }, heapRetained: { start: heapStart, end: heap.heapUsed }, seedMs: seed.ms },
      },
    ];
  } finally {
    await Promise.all(procs.map((p) => p.close()));
    await db.drop();
    await receivers.child.close();
  }
}
