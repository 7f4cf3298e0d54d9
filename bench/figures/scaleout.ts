// Figure 7, scaleout: the dispatch backlog (default 20,000 deliveries over 10 receivers) drained
// by one and then by two worker processes on PostgreSQL, each from a fresh database, with where
// the CPU went (workers, PostgreSQL backends, receivers, everything else on the machine): what
// limits the next step. Baseline: the bare undici loop of the dispatch figure, same run.
import { startReceivers } from '../lib/hookgate.ts';
import { log, r1, r2, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { baseline, drainOnce, CONCURRENCY, type DrainResult } from './dispatch.ts';
import { availableParallelism } from 'node:os';

function breakdown(h: DrainResult) {
  const per = (s: number) => r1((s / h.n) * 1e6);
  const cores = (s: number) => r2(s / h.cpu.wall);
  return {
    cpuUsPerDelivery: { workers: per(h.cpu.worker), postgres: per(h.cpu.postgres), receivers: per(h.cpu.receivers) },
    cores: { workers: cores(h.cpu.worker), postgres: cores(h.cpu.postgres), receivers: cores(h.cpu.receivers), other: cores(h.cpu.other), machine: cores(h.cpu.machine) },
  };
}

export async function run(opts: Options): Promise<Figure[]> {
  const count = opts.quick ? 5000 : (opts.count ?? 20_000);
  const receivers = await startReceivers(10);
  try {
    const before = await baseline(receivers, count);
    log(`baseline: ${r1(before)} req/s`);
    const one = await drainOnce('pg', receivers, count, { workers: 1 });
    log(`1 worker: ${r1(one.perSecond)}/s ${JSON.stringify(breakdown(one))}`);
    const two = await drainOnce('pg', receivers, count, { workers: 2 });
    log(`2 workers: ${r1(two.perSecond)}/s ${JSON.stringify(breakdown(two))}`);
    const after = await baseline(receivers, count);
    const base = (before + after) / 2;
    const ok = (h: DrainResult) => h.statuses.SUCCEEDED === count && h.attempts === count;
    const b2 = breakdown(two);
    const limit =
      b2.cores.machine >= availableParallelism() * 0.9
        ? `CPU: the machine's ${availableParallelism()} cores are busy (${b2.cores.machine} cores: workers ${b2.cores.workers}, PostgreSQL ${b2.cores.postgres}, receivers ${b2.cores.receivers}, other ${b2.cores.other})`
        : `not CPU-saturated (${b2.cores.machine} of ${availableParallelism()} cores busy): latency-bound`;
    return [
      {
        figure: `scaleout (PostgreSQL), ${count} deliveries, 1 worker`,
        target: 'report (ratio to baseline)',
        measured: `${r1(one.perSecond)} deliveries/s`,
        baseline: `${r1(base)} req/s bare undici (${CONCURRENCY} in flight)`,
        ratio: one.perSecond / base,
        pass: ok(one) ? null : false,
        details: { ...one, ...breakdown(one) },
      },
      {
        figure: `scaleout (PostgreSQL), ${count} deliveries, 2 workers`,
        target: 'report (ratio to baseline; 2 vs 1 in details)',
        measured: `${r1(two.perSecond)} deliveries/s (${r2(two.perSecond / one.perSecond)} × 1 worker); next step limited by ${limit}`,
        baseline: `${r1(base)} req/s bare undici (${CONCURRENCY} in flight)`,
        ratio: two.perSecond / base,
        pass: ok(two) ? null : false,
        details: { ...two, ...b2, twoVsOne: two.perSecond / one.perSecond, limit, baselineBefore: before, baselineAfter: after },
      },
    ];
  } finally {
    await receivers.child.close();
  }
}
