// The Prisma client, built from config with a driver adapter: PGlite (in-process PostgreSQL in
// WebAssembly) on the embedded default, node-postgres against a PostgreSQL server otherwise.
// Migrations are applied before the client is handed out, so callers always see the current schema.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { Config } from '../config.ts';
import { PrismaClient } from '../generated/prisma/client.ts';
import { applyMigrations, pgliteSession, pgSession } from './migrate.ts';
import { pgliteSql, pgSql, type Sql } from './sql.ts';

export type { PrismaClient } from '../generated/prisma/client.ts';

export interface Database {
  prisma: PrismaClient;
  kind: 'pglite' | 'postgres';
  /** The same connection(s) without Prisma, for the delivery hot path (sql.ts). */
  sql: Sql;
  /** Migrations applied by this start-up (empty when the database was current). */
  migrationsApplied: string[];
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Called for every SQL statement Prisma sends (query-count tests, debugging). */
  onQuery?: (sql: string) => void;
  log?: (msg: string) => void;
  /** node-postgres pool size per process. */
  poolSize?: number;
}

export async function openDatabase(config: Config['database'], opts: DatabaseOptions = {}): Promise<Database> {
  if (config.kind === 'pglite') {
    if (config.dataDir !== null) mkdirSync(config.dataDir, { recursive: true });
    const options = { postgresqlconf: [`shared_buffers=${config.sharedBuffers ?? '16MB'}`] };
    const pglite = config.dataDir === null ? new PGlite(options) : new PGlite(config.dataDir, options);
    await pglite.waitReady;
    const { applied } = await applyMigrations(pgliteSession(pglite), { log: opts.log });
    const prisma = makeClient(new PrismaPGlite(pglite), opts);
    return {
      prisma,
      kind: 'pglite',
      sql: pgliteSql(pglite, opts.onQuery),
      migrationsApplied: applied,
      async close() {
        await prisma.$disconnect();
        await pglite.close();
      },
    };
  }

  // Migrations run on a dedicated connection: they hold a session-level advisory lock.
  const migrator = new pg.Client({ connectionString: config.url });
  await migrator.connect();
  let applied: string[];
  try {
    ({ applied } = await applyMigrations(pgSession(migrator), { log: opts.log }));
  } finally {
    await migrator.end();
  }
  // One pool for Prisma and the hot path's raw statements.
  const pool = new pg.Pool({ connectionString: config.url, max: opts.poolSize ?? 10 });
  const prisma = makeClient(new PrismaPg(pool), opts);
  return {
    prisma,
    kind: 'postgres',
    sql: pgSql(pool, opts.onQuery),
    migrationsApplied: applied,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

function makeClient(adapter: PrismaPg | PrismaPGlite, opts: DatabaseOptions): PrismaClient {
  if (!opts.onQuery) return new PrismaClient({ adapter });
  const onQuery = opts.onQuery;
  const prisma = new PrismaClient({ adapter, log: [{ level: 'query' as const, emit: 'event' as const }] });
  prisma.$on('query', (e) => onQuery(e.query));
  return prisma as unknown as PrismaClient;
}
