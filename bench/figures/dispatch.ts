// Figure 1, dispatch: N small events (default 20,000; one delivery each, spread over 10 webhooks on
// 10 local keep-alive receivers) drained by one worker, from its first claim to the last
// SUCCEEDED, as durable deliveries/s. Baseline: the bare undici loop (baseline-child.ts) POSTing
// the same kind of signed bodies to the same receivers at the worker's concurrency (64 in flight),
// measured before and after Hookgate in the same run (the mean is the ceiling).
import { createBenchDb, sampleBackendCpu, type DbKind } from '../lib/db.ts';
import { latestProfile, setupWebhooks, startHookgate, startReceivers, TENANT, TYPES, type Receivers } from '../lib/hookgate.ts';
import { cpuOf, machineCpu, spawnChild } from '../lib/proc.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { summarizeProfile } from '../profile-summary.ts';

export const CONCURRENCY = 64; // HOOKGATE_MAX_IN_FLIGHT default

/** CPU per request of the last baseline run: the undici client and the receivers. */
export let lastBaselineCpu: { clientUsPerRequest: number; receiversUsPerRequest: number } | null = null;

export async function baseline(receivers: Receivers, count: number): Promise<number> {
  const b = await spawnChild('baseline', 'lib/baseline-child.ts');
  try {
    const cpu0 = cpuOf(receivers.child.pid);
    const r = await b.call<{ perSecond: number; ok: number; n: number; cpuUsPerRequest: number }>('run', { urls: receivers.urls, count, concurrency: CONCURRENCY });
    if (r.ok !== r.n) throw new Error(`baseline: ${r.n - r.ok} requests failed`);
    lastBaselineCpu = { clientUsPerRequest: r1(r.cpuUsPerRequest), receiversUsPerRequest: r1(((cpuOf(receivers.child.pid) - cpu0) / (r.n + 2000)) * 1e6) };
    return r.perSecond;
  } finally {
    await b.close();
    await receivers.child.call('reset');
  }
}

export interface DrainResult {
  n: number;
  ms: number;
  perSecond: number;
  statuses: Record<string, number>;
  attempts: number;
  /** Mean durationMs of the attempts (request and response, as recorded). */
  avgRequestMs: number;
  /** CPU seconds during the drain: ours, the whole machine's, and everything else ("other"). */
  cpu: { worker: number; receivers: number; postgres: number; wall: number; machine: number; other: number };
  seed: { events: number; ms: number };
  workerRssMb: number | null;
  sqlStatementsPerDelivery?: number;
}

/**
 * Seeds `count` events (one delivery each) with the workers stopped, then starts `workers`
 * worker processes and measures from the first claim to the last SUCCEEDED.
 */
export async function drainOnce(
  kind: DbKind,
  receivers: Receivers,
  count: number,
  opts: {
    workers?: number;
    profile?: boolean;
    countQueries?: boolean;
    coldStats?: boolean;
    env?: Record<string, string>;
    /** Another checkout to run Hookgate from (run.ts --base=DIR): an earlier version, same run. */
    root?: string;
    /** The webhooks' ordering (fifo figure); default UNORDERED. */
    ordering?: 'UNORDERED' | 'FIFO';
    onStarted?: (pids: number[]) => () => unknown;
  } = {},
): Promise<DrainResult & { extra?: unknown }> {
  const db = await createBenchDb(kind);
  const workers = opts.workers ?? 1;
  try {
    // PGlite is in-process: the worker itself must insert the backlog. On PostgreSQL a separate
    // API-role process seeds it, so the worker starts as clean as in production.
    const seeder = kind === 'pg' ? await startHookgate('seeder', db, 'api', { root: opts.root }) : null;
    // The embedded database allows one process: it runs both roles (the API stays idle).
    const first = seeder ? null : await startHookgate('worker', db, 'all', { profile: opts.profile, countQueries: opts.countQueries, env: opts.env, root: opts.root });
    const s = (seeder ?? first)!;
    await setupWebhooks(s, receivers.urls, { ordering: opts.ordering });
    log(`${kind}: seeding ${count} events`);
    const seed = await s.call<{ events: number; deliveries: number; ms: number }>('seed', {
      tenant: TENANT,
      // One webhook per receiver, webhook i on TYPES[i]: every event has one delivery.
      types: TYPES.slice(0, Math.min(TYPES.length, receivers.urls.length)),
      count,
      concurrency: kind === 'pg' ? 16 : 4,
      expectDeliveries: 1,
    });
    log(`${kind}: seeded ${seed.events} events in ${Math.round(seed.ms)} ms`);
    // Planner statistics as autovacuum leaves them shortly after a burst (see BENCHMARKS.md: with
    // the statistics of an empty table, every claim sorts the whole backlog).
    if (!opts.coldStats) await s.call('exec', { sql: 'ANALYZE' });
    if (seeder) await seeder.close();
    const procs = first
      ? [first]
      : await Promise.all(Array.from({ length: workers }, (_, i) => startHookgate(i === 0 ? 'worker' : `worker${i + 1}`, db, 'worker', { profile: opts.profile, countQueries: opts.countQueries, env: opts.env, root: opts.root })));
    const cpu0 = { workers: procs.map((p) => cpuOf(p.pid)), receivers: cpuOf(receivers.child.pid) };
    const backends = sampleBackendCpu(db, cpuOf);
    await backends.ready;
    const finish = opts.onStarted?.(procs.map((p) => p.pid));
    const wall0 = Date.now();
    const machine0 = machineCpu().busy;
    const starts = await Promise.all(procs.map((p) => p.call<{ t0: number }>('start')));
    const t0 = Math.min(...starts.map((x) => x.t0));
    const statements0 = opts.countQueries ? await procs[0]!.call<number>('statements', { reset: true }) : 0;
    const reached = await receivers.child.call<{ total: number; reached: boolean }>('waitFor', { total: count, timeoutMs: 600_000 });
    if (!reached.reached) throw new Error(`receivers got ${reached.total} of ${count}`);
    const stats = await procs[0]!.call<{ statuses: Record<string, number>; attempts: number; lastCompletedAt: number; avgRequestMs: number }>('drain', {
      expected: count,
      timeoutMs: 120_000,
    });
    const wall = (Date.now() - wall0) / 1000;
    const machine = machineCpu().busy - machine0;
    const postgres = await backends.stop();
    const extra = finish?.();
    const workerCpu = procs.reduce((sum, p, i) => sum + cpuOf(p.pid) - cpu0.workers[i]!, 0);
    const receiverCpu = cpuOf(receivers.child.pid) - cpu0.receivers;
    const rss = await procs[0]!.call<{ rss: number }>('memory');
    const statements = opts.countQueries ? await procs[0]!.call<number>('statements', {}) : null;
    void statements0;
    await Promise.all(procs.map((p) => p.close()));
    await receivers.child.call('reset');
    const ms = stats.lastCompletedAt - t0;
    return {
      n: count,
      ms,
      perSecond: (count / ms) * 1000,
      statuses: stats.statuses,
      attempts: stats.attempts,
      avgRequestMs: stats.avgRequestMs,
      cpu: { worker: workerCpu, receivers: receiverCpu, postgres, wall, machine, other: machine - workerCpu - receiverCpu - postgres },
      seed: { events: seed.events, ms: seed.ms },
      workerRssMb: Math.round(rss.rss / 1024 / 1024),
      ...(statements !== null ? { sqlStatementsPerDelivery: Math.round((statements / count) * 100) / 100 } : {}),
      extra,
    };
  } finally {
    await db.drop();
  }
}

export async function run(opts: Options): Promise<Figure[]> {
  const count = opts.quick ? 5000 : (opts.count ?? 20_000);
  const receivers = await startReceivers(10);
  const figures: Figure[] = [];
  try {
    for (const kind of opts.dbs) {
      const before = await baseline(receivers, count);
      log(`baseline (bare undici, ${CONCURRENCY} in flight): ${r1(before)} req/s`);
      // With --base, the earlier version runs before and after this one (ABA), medians compared.
      const prior = opts.base ? [await drainOnce(kind, receivers, count, { root: opts.base, coldStats: opts.coldStats })] : [];
      const h = await drainOnce(kind, receivers, count, { profile: opts.profile, countQueries: opts.sql, coldStats: opts.coldStats });
      log(`${kind}: ${r1(h.perSecond)} deliveries/s ${JSON.stringify({ statuses: h.statuses, attempts: h.attempts, cpu: h.cpu })}`);
      if (opts.base) {
        prior.push(await drainOnce(kind, receivers, count, { root: opts.base, coldStats: opts.coldStats }));
        const rate = (prior[0]!.perSecond + prior[1]!.perSecond) / 2;
        const per = (p: DrainResult) => ({ worker: r1((p.cpu.worker / count) * 1e6), postgres: r1((p.cpu.postgres / count) * 1e6) });
        log(`${kind}: before (${opts.base}): ${prior.map((p) => r1(p.perSecond)).join(' / ')} deliveries/s, CPU per delivery ${prior.map((p) => JSON.stringify(per(p))).join(' / ')}`);
        figures.push({
          figure: `dispatch (${kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite'}), ${count} deliveries, 1 worker, vs the version in ${opts.base}`,
          target: kind === 'pg' ? '≥ 2.0 × before' : '≥ 1.5 × before',
          measured: `${r1(h.perSecond)} deliveries/s; worker ${r1((h.cpu.worker / count) * 1e6)} µs + database ${r1((h.cpu.postgres / count) * 1e6)} µs per delivery`,
          baseline: `before: ${r1(rate)} deliveries/s (${prior.map((p) => r1(p.perSecond)).join(' / ')}, run before and after); ${prior.map((p) => JSON.stringify(per(p))).join(' / ')}`,
          ratio: h.perSecond / rate,
          pass: h.perSecond / rate >= (kind === 'pg' ? 2 : 1.5),
          details: { prior },
        });
      }
      const after = await baseline(receivers, count);
      log(`baseline again: ${r1(after)} req/s ${JSON.stringify(lastBaselineCpu)}`);
      const base = (before + after) / 2;
      const ok = h.statuses.SUCCEEDED === count && h.attempts === count;
      const ratio = h.perSecond / base;
      const target = kind === 'pg' ? 0.5 : 0.25;
      figures.push({
        figure: `dispatch (${kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite'}), ${count} deliveries, 1 worker`,
        target: `≥ ${target} × baseline`,
        measured: `${r1(h.perSecond)} deliveries/s${ok ? '' : ' (INCOMPLETE)'}`,
        baseline: `${r1(base)} req/s (${r1(before)} / ${r1(after)})`,
        ratio,
        pass: ok && ratio >= target,
        details: { ...h, baselineBefore: before, baselineAfter: after, baselineCpu: lastBaselineCpu, cpuPerDeliveryUs: { worker: r1((h.cpu.worker / count) * 1e6), postgres: r1((h.cpu.postgres / count) * 1e6), receivers: r1((h.cpu.receivers / count) * 1e6) } },
      });
      if (opts.profile) {
        const file = latestProfile('worker');
        if (file) {
          log(`profile: ${file}`);
          console.log(summarizeProfile(file, 25));
        }
      }
    }
  } finally {
    await receivers.child.close();
  }
  return figures;
}
