// One fresh PostgreSQL database per benchmark run (hookgate_bench_<random>), dropped afterwards,
// and one fresh PGlite data directory per embedded run (removed afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, withAdmin } from '../../test/helpers/pg.ts';

export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type DbKind = 'pg' | 'pglite';

export interface BenchDb {
  kind: DbKind;
  /** Environment for a Hookgate process on this database. */
  env: Record<string, string>;
  /** Backend pids of this database's connections (CPU accounting); [] on PGlite. */
  backendPids(): Promise<number[]>;
  drop(): Promise<void>;
}

const cleanups = new Set<() => Promise<void>>();
/** Drops every database / removes every directory still registered (the driver is exiting). */
export async function cleanupAll(): Promise<void> {
  await Promise.allSettled([...cleanups].map((f) => f()));
}

export async function createBenchDb(kind: DbKind): Promise<BenchDb> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'hookgate-bench-'));
    const drop = async () => {
      cleanups.delete(drop);
      rmSync(dir, { recursive: true, force: true });
    };
    cleanups.add(drop);
    return { kind, env: { HOOKGATE_DATA_DIR: dir }, backendPids: async () => [], drop };
  }
  const db = await createScratchDatabase('hookgate_bench', PG_ADMIN_URL);
  const { name } = db;
  const drop = async () => {
    cleanups.delete(drop);
    await db.drop();
  };
  cleanups.add(drop);
  return {
    kind,
    env: { DATABASE_URL: db.url },
    backendPids: () =>
      withAdmin(PG_ADMIN_URL, async (c) => (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map((r) => r.pid)),
    drop,
  };
}

/**
 * CPU seconds used by the database's backends from now until stop(). Backends come and go with
 * the pools, so they are sampled every 500 ms: one that closed before the end still counts.
 */
export function sampleBackendCpu(db: BenchDb, cpuOf: (pid: number) => number) {
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let sampling = true;
  const take = async () => {
    for (const pid of await db.backendPids().catch(() => [])) {
      const c = cpuOf(pid);
      if (!first.has(pid)) first.set(pid, started ? 0 : c);
      if (c > 0 || !last.has(pid)) last.set(pid, c);
    }
  };
  let started = false;
  const ready = take().then(() => {
    started = true;
  });
  const loop = (async () => {
    await ready;
    while (sampling) {
      await new Promise((r) => setTimeout(r, 500));
      await take();
    }
  })();
  return {
    ready,
    async stop(): Promise<number> {
      sampling = false;
      await loop;
      await take();
      return [...last].reduce((sum, [pid, c]) => sum + Math.max(0, c - (first.get(pid) ?? 0)), 0);
    },
  };
}
