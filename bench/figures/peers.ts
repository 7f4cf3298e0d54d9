// Figure 8, peers: the dispatch figure's work (N deliveries over 10 keep-alive receivers, signed
// with Standard Webhooks, a durable attempt row in PostgreSQL per delivery, 64 in flight, one
// worker process) done by graphile-worker, pg-boss and BullMQ (bench/lib/peer-child.ts, each tuned
// as its docs allow, settings printed) and by Hookgate (the dispatch figure's drain), in
// alternating rounds, each run on a fresh database; medians per system. CPU per delivery: the
// worker process, and the store: the database's backends plus the Redis server (BullMQ keeps its
// jobs there; Hookgate publishes live attempts there). Baseline: the signed bare undici loop.
import { Redis } from 'ioredis';
import { createBenchDb, REDIS_URL, sampleBackendCpu } from '../lib/db.ts';
import { startReceivers, type Receivers } from '../lib/hookgate.ts';
import type { PeerSystem, PrepareArgs, WriteMode } from '../lib/peer-child.ts';
import { cpuOf, machineCpu, spawnChild } from '../lib/proc.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { baseline, CONCURRENCY, drainOnce } from './dispatch.ts';

interface Entry {
  label: string;
  system: PeerSystem | 'hookgate';
  write?: WriteMode;
  /** Hookgate from another checkout (--base). */
  root?: string;
}

const ENTRIES: Entry[] = [
  { label: 'graphile-worker 0.17.3, one attempt INSERT per job', system: 'graphile-worker', write: 'each' },
  { label: 'graphile-worker 0.17.3, attempt rows group-committed', system: 'graphile-worker', write: 'group' },
  { label: 'pg-boss 10.4.2, one attempt INSERT per job', system: 'pg-boss', write: 'each' },
  { label: 'pg-boss 10.4.2, one attempt INSERT per fetched batch', system: 'pg-boss', write: 'group' },
  { label: 'BullMQ 6.7.0 (jobs in Redis), attempt rows group-committed in PostgreSQL', system: 'bullmq', write: 'group' },
  { label: 'Hookgate (dispatch figure, PostgreSQL)', system: 'hookgate' },
];

interface Run {
  perSecond: number;
  workerUs: number;
  storeUs: number;
  redisUs: number;
  otherCores: number;
  settings?: Record<string, unknown>;
}

async function redisPid(): Promise<number> {
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    const m = /process_id:(\d+)/.exec(await r.info('server'));
    return m ? Number(m[1]) : 0;
  } finally {
    r.disconnect();
  }
}

async function runPeer(e: Entry & { system: PeerSystem }, receivers: Receivers, count: number, redis: number): Promise<Run> {
  const db = await createBenchDb('pg');
  const child = await spawnChild(`peer-${e.system}`, 'lib/peer-child.ts', { env: { NODE_ENV: 'production' } });
  try {
    const args: PrepareArgs = { system: e.system, write: e.write!, dbUrl: db.env.DATABASE_URL!, redisUrl: REDIS_URL, urls: receivers.urls, count, concurrency: CONCURRENCY };
    const prep = await child.call<{ seedMs: number; settings: Record<string, unknown> }>('prepare', args);
    const backends = sampleBackendCpu(db, cpuOf);
    await backends.ready;
    const c0 = { worker: cpuOf(child.pid), redis: cpuOf(redis), machine: machineCpu().busy, wall: Date.now() };
    const r = await child.call<{ ms: number; done: number; timedOut: boolean; rows: number; perSecond: number }>('run', { timeoutMs: 300_000 });
    const postgres = await backends.stop();
    const worker = cpuOf(child.pid) - c0.worker;
    const redisCpu = cpuOf(redis) - c0.redis;
    const machine = machineCpu().busy - c0.machine;
    const wall = (Date.now() - c0.wall) / 1000;
    if (r.timedOut || r.rows < count) throw new Error(`${e.label}: ${r.done} of ${count} done, ${r.rows} attempt rows`);
    const got = await receivers.child.call<{ total: number }>('stats');
    if (got.total < count) throw new Error(`${e.label}: receivers got ${got.total} of ${count}`);
    const us = (s: number) => r1((s / count) * 1e6);
    return {
      perSecond: r.perSecond,
      workerUs: us(worker),
      storeUs: us(postgres + redisCpu),
      redisUs: us(redisCpu),
      otherCores: r1((machine - worker - postgres - redisCpu) / wall),
      settings: prep.settings,
    };
  } finally {
    await child.close();
    await db.drop();
    await receivers.child.call('reset');
  }
}

async function runHookgate(receivers: Receivers, count: number, redis: number, root: string | undefined): Promise<Run> {
  const r0 = cpuOf(redis);
  const h = await drainOnce('pg', receivers, count, { root });
  const redisCpu = cpuOf(redis) - r0;
  if (h.statuses.SUCCEEDED !== count || h.attempts !== count) throw new Error(`Hookgate: ${JSON.stringify(h.statuses)}, ${h.attempts} attempts`);
  const us = (s: number) => r1((s / count) * 1e6);
  return { perSecond: h.perSecond, workerUs: us(h.cpu.worker), storeUs: us(h.cpu.postgres + redisCpu), redisUs: us(redisCpu), otherCores: r1(h.cpu.other / h.cpu.wall) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export async function run(opts: Options): Promise<Figure[]> {
  const count = opts.quick ? 5000 : (opts.count ?? 20_000);
  const rounds = opts.rounds ?? (opts.quick ? 2 : 5);
  const only = opts.only;
  const all = opts.base ? [...ENTRIES, { label: `Hookgate before (${opts.base})`, system: 'hookgate' as const, root: opts.base }] : ENTRIES;
  const entries = only ? all.filter((e) => only.some((o) => e.label.toLowerCase().includes(o) || `${e.system}-${e.write ?? ''}`.includes(o))) : all;
  const receivers = await startReceivers(10);
  const redis = await redisPid();
  const runs = new Map<Entry, Run[]>(entries.map((e) => [e, []]));
  try {
    const before = await baseline(receivers, count);
    log(`baseline (signed bare undici loop, ${CONCURRENCY} in flight): ${r1(before)} req/s`);
    for (let round = 1; round <= rounds; round++) {
      // Alternate the order too, so that no system always runs right after another one.
      const order = round % 2 ? entries : [...entries].reverse();
      for (const e of order) {
        const r = e.system === 'hookgate' ? await runHookgate(receivers, count, redis, e.root) : await runPeer(e as Entry & { system: PeerSystem }, receivers, count, redis);
        runs.get(e)!.push(r);
        log(`round ${round}: ${e.label}: ${r1(r.perSecond)}/s, worker ${r.workerUs} µs + store ${r.storeUs} µs (Redis ${r.redisUs}) per delivery, other ${r.otherCores} cores${r.settings ? ` ${JSON.stringify(r.settings)}` : ''}`);
      }
    }
    const after = await baseline(receivers, count);
    const base = (before + after) / 2;
    const med = new Map([...runs].map(([e, rs]) => [e, { perSecond: median(rs.map((r) => r.perSecond)), workerUs: median(rs.map((r) => r.workerUs)), storeUs: median(rs.map((r) => r.storeUs)), redisUs: median(rs.map((r) => r.redisUs)) }]));
    const hook = [...med].find(([e]) => e.system === 'hookgate' && !e.root)?.[1];
    const prior = [...med].find(([e]) => e.root)?.[1];
    const peers = [...med].filter(([e]) => e.system !== 'hookgate');
    // BullMQ's jobs live in Redis: its queue is not durable the way a PostgreSQL queue is.
    const durable = peers.filter(([e]) => e.system !== 'bullmq');
    const fastest = durable.reduce<[Entry, { perSecond: number }] | null>((best, cur) => (!best || cur[1].perSecond > best[1].perSecond ? cur : best), null);
    const figures: Figure[] = [...med].map(([e, m]) => ({
      figure: `peers: ${e.label}, ${count} deliveries, ${rounds} rounds`,
      target: e.system === 'hookgate' && !e.root ? `≥ 1.1 × the fastest durable peer${prior ? `; ≥ 2.0 × before (${r1(m.perSecond / prior.perSecond)} ×)` : ''}` : 'report',
      measured: `${r1(m.perSecond)} deliveries/s (median; ${runs.get(e)!.map((r) => Math.round(r.perSecond)).join(', ')}); CPU per delivery: worker ${m.workerUs} µs + store ${m.storeUs} µs (Redis ${m.redisUs})`,
      baseline:
        e.system === 'hookgate' && !e.root && fastest
          ? `fastest durable peer: ${fastest[0].label} ${r1(fastest[1].perSecond)}/s`
          : `signed bare undici loop ${r1(base)} req/s`,
      ratio: e.system === 'hookgate' && !e.root && fastest ? m.perSecond / fastest[1].perSecond : m.perSecond / base,
      pass: e.system === 'hookgate' && !e.root && fastest ? m.perSecond >= 1.1 * fastest[1].perSecond : null,
      details: { runs: runs.get(e), settings: runs.get(e)!.find((r) => r.settings)?.settings, baselineBefore: before, baselineAfter: after },
    }));
    if (hook) log(`Hookgate vs each peer (medians): ${peers.map(([e, m]) => `${e.label}: ${(hook.perSecond / m.perSecond).toFixed(2)}x`).join('; ')}`);
    return figures;
  } finally {
    await receivers.child.close();
  }
}
