// Throwaway PostgreSQL databases on the machine's server, for the production tests and the
// benchmarks: created with a random name, connections terminated and dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export async function withAdmin<T>(adminUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => {});
  }
}

export interface ScratchDatabase {
  name: string;
  url: string;
  /** Terminates every connection to the database but the caller's admin one; returns how many. */
  terminateConnections(): Promise<number>;
  drop(): Promise<void>;
}

export async function createScratchDatabase(prefix: string, adminUrl: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const terminate = (c: pg.Client) =>
    c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
  return {
    name,
    url: u.toString(),
    terminateConnections: () => withAdmin(adminUrl, async (c) => (await terminate(c)).rowCount ?? 0),
    drop: () =>
      withAdmin(adminUrl, async (c) => {
        await terminate(c);
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}
