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
