// Figure 7, scaleout: the dispatch backlog (default 20,000 deliveries over 10 receivers) drained
// by 1, 2 and 4 worker processes on PostgreSQL, each from a fresh database, with where the CPU
// went (workers, PostgreSQL backends, receivers, everything else on the machine). From the
// per-delivery CPU it projects the rate on bigger machines (docs/OPERATIONS.md, "Capacity model"):
// with the receivers elsewhere, a machine of C cores split between workers and PostgreSQL in the
// ratio of their CPU per delivery delivers C / (worker µs + PostgreSQL µs) per second, until
// PostgreSQL's write rate caps it (WAL bytes per delivery: bench/sql-cost.ts, which measures the
// dispatch path's statements alone; server-wide counters here would include the seeding and
// other clients). Baseline: the bare undici loop of the dispatch figure, same run.
import { startReceivers } from '../lib/hookgate.ts';
import { log, r1, r2, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { baseline, drainOnce, CONCURRENCY, type DrainResult } from './dispatch.ts';
import { availableParallelism } from 'node:os';

const WORKERS = [1, 2, 4];

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
    const runs: Array<{ workers: number; h: DrainResult }> = [];
    for (const workers of WORKERS) {
      const h = await drainOnce('pg', receivers, count, { workers });
      runs.push({ workers, h });
      log(`${workers} worker(s): ${r1(h.perSecond)}/s ${JSON.stringify(breakdown(h))}`);
    }
    const after = await baseline(receivers, count);
    const base = (before + after) / 2;
    const ok = (h: DrainResult) => h.statuses.SUCCEEDED === count && h.attempts === count;
    const one = runs[0]!.h;
    // The model takes the 1-worker CPU per delivery: with more processes than cores here, the
    // others' figures include contention that a machine with enough cores would not have.
    const b1 = breakdown(one);
    const usPerDelivery = b1.cpuUsPerDelivery.workers + b1.cpuUsPerDelivery.postgres;
    const project = (cores: number) => Math.round((cores / usPerDelivery) * 1e6);
    const model = {
      usPerDelivery: { workers: b1.cpuUsPerDelivery.workers, postgres: b1.cpuUsPerDelivery.postgres },
      workerShare: r2(b1.cpuUsPerDelivery.workers / usPerDelivery),
      projected: { cores8: project(8), cores16: project(16) },
    };
    log(`model: ${JSON.stringify(model)}`);
    return runs.map(({ workers, h }) => {
      const b = breakdown(h);
      const limit =
        b.cores.machine >= availableParallelism() * 0.9
          ? `CPU: the machine's ${availableParallelism()} cores are busy (${b.cores.machine} cores: workers ${b.cores.workers}, PostgreSQL ${b.cores.postgres}, receivers ${b.cores.receivers}, other ${b.cores.other})`
          : `not CPU-saturated (${b.cores.machine} of ${availableParallelism()} cores busy): latency-bound`;
      return {
        figure: `scaleout (PostgreSQL), ${count} deliveries, ${workers} worker${workers > 1 ? 's' : ''}`,
        target: workers === 1 ? 'report (ratio to baseline); model for 8/16 cores in details' : `report (ratio to baseline; ${workers} vs 1 in measured)`,
        measured:
          `${r1(h.perSecond)} deliveries/s` +
          (workers > 1 ? ` (${r2(h.perSecond / one.perSecond)} × 1 worker)` : '') +
          `; CPU per delivery: workers ${b.cpuUsPerDelivery.workers} µs, PostgreSQL ${b.cpuUsPerDelivery.postgres} µs; limited by ${limit}` +
          (workers === 1 ? `; projected with PostgreSQL beside the workers: 8 cores ${model.projected.cores8}/s, 16 cores ${model.projected.cores16}/s` : ''),
        baseline: `${r1(base)} req/s bare undici (${CONCURRENCY} in flight)`,
        ratio: h.perSecond / base,
        pass: ok(h) ? null : false,
        details: { ...h, ...b, vsOne: h.perSecond / one.perSecond, limit, ...(workers === 1 ? { model } : {}), baselineBefore: before, baselineAfter: after },
      };
    });
  } finally {
    await receivers.child.close();
  }
}
