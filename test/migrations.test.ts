// The runtime migrator (src/db/migrate.ts) and the committed migrations: they apply once, match
// schema.prisma (so a schema change without a migration fails CI), refuse a tampered or failed
// history, and serialise processes that start together against a real PostgreSQL.
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrationList, openSchemaEngine, pendingSchemaChanges } from '../scripts/lib/schema-engine.ts';
import {
  applyMigrations,
  DEFAULT_MIGRATIONS_DIR,
  MigrationError,
  pgliteSession,
  pgSession,
} from '../src/db/migrate.ts';
import { PrismaClient } from '../src/generated/prisma/client.ts';

const committed = readdirSync(DEFAULT_MIGRATIONS_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

const fileChecksum = (name: string) =>
  createHash('sha256').update(readFileSync(join(DEFAULT_MIGRATIONS_DIR, name, 'migration.sql'))).digest('hex');

/** A scratch copy of the committed migrations, to add or alter files without touching the repo. */
function copyMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-migrations-'));
  cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function expectMigrationError(promise: Promise<unknown>, code: string): Promise<MigrationError> {
  const err = await promise.then(
    () => {
      throw new Error(`expected a MigrationError ${code}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(MigrationError);
  expect((err as MigrationError).code).toBe(code);
  return err as MigrationError;
}

it('has at least one committed migration', () => {
  expect(committed.length).toBeGreaterThan(0);
});

describe('on an in-memory PGlite', () => {
  // One database for the whole block (booting PGlite costs about a second): the tests build on
  // each other's history, in order.
  let db: PGlite;
  const scratch: string[] = [];
  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
  });
  afterAll(async () => {
    await db.close();
    for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  });

  it('applies the committed migrations, then nothing on a second run', async () => {
    const first = await applyMigrations(pgliteSession(db));
    expect(first.applied).toEqual(committed);
    expect((await applyMigrations(pgliteSession(db))).applied).toEqual([]);

    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT * FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(committed);
    for (const row of rows) {
      expect(row).toMatchObject({
        checksum: fileChecksum(String(row.migration_name)),
        applied_steps_count: 1,
        logs: null,
        rolled_back_at: null,
      });
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
    }
  });

  it("records a history that Prisma's own engine reads as clean and complete", async () => {
    // The wasm build of the engine behind `prisma migrate deploy/status`: if it agrees, the CLI will.
    const schemaPath = join(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma');
    const engine = await openSchemaEngine({
      datamodels: [[schemaPath, readFileSync(schemaPath, 'utf8')]],
      adapterFactory: new PrismaPGlite(db),
    });
    try {
      const migrationsList = await loadMigrationList();
      const filters = { externalTables: [], externalEnums: [] };
      expect(await engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters })).toEqual({
        editedMigrationNames: [],
        failedMigrationNames: [],
        hasMigrationsTable: true,
        history: null,
      });
      expect(await engine.applyMigrations({ migrationsList, filters })).toEqual({ appliedMigrationNames: [] });
    } finally {
      engine.free();
    }
  });

  it('gives the Prisma client a schema it can write and read', async () => {
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    try {
      const created = await prisma.application.create({ data: { tenantId: 'mig', name: 'billing' } });
      const found = await prisma.application.findUniqueOrThrow({ where: { id: created.id } });
      expect(found).toMatchObject({ tenantId: 'mig', name: 'billing' });
    } finally {
      await prisma.$disconnect();
    }
  });

  it('treats line-ending conversions as unchanged, like Prisma', async () => {
    const dir = copyMigrations();
    scratch.push(dir);
    for (const name of committed) {
      const file = join(dir, name, 'migration.sql');
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
    }
    expect((await applyMigrations(pgliteSession(db), { dir })).applied).toEqual([]);
  });

  it('refuses to start when an applied migration was edited, naming it', async () => {
    const name = committed[0]!;
    const dir = copyMigrations();
    scratch.push(dir);
    writeFileSync(join(dir, name, 'migration.sql'), `${readFileSync(join(dir, name, 'migration.sql'), 'utf8')}\n-- edited\n`);
    const err = await expectMigrationError(applyMigrations(pgliteSession(db), { dir }), 'CHECKSUM_MISMATCH');
    expect(err.message).toContain(name);
    expect(err.message).toContain(fileChecksum(name));

    // The same, seen from the other side: a checksum tampered with in the database.
    await db.query("UPDATE _prisma_migrations SET checksum = repeat('0', 64) WHERE migration_name = $1", [name]);
    const tampered = await expectMigrationError(applyMigrations(pgliteSession(db)), 'CHECKSUM_MISMATCH');
    expect(tampered.message).toMatch(new RegExp(`${name} \\(database checksum 0{64}, file checksum ${fileChecksum(name)}\\)`));
    await db.query('UPDATE _prisma_migrations SET checksum = $2 WHERE migration_name = $1', [name, fileChecksum(name)]);
    expect((await applyMigrations(pgliteSession(db))).applied).toEqual([]);
  });

  it('rolls back a failing migration, records it as failed, and then refuses to start', async () => {
    const dir = copyMigrations();
    scratch.push(dir);
    const broken = '99991231235959_broken';
    mkdirSync(join(dir, broken));
    writeFileSync(join(dir, broken, 'migration.sql'), 'CREATE TABLE "Broken" (id INT);\nSELECT 1 / 0;\n');

    const err = await expectMigrationError(applyMigrations(pgliteSession(db), { dir }), 'MIGRATION_FAILED');
    expect(err.message).toContain(broken);
    expect(err.message).toContain('division by zero');
    // The script ran in a transaction: none of it stayed.
    expect((await db.query("SELECT to_regclass('\"Broken\"') AS t")).rows).toEqual([{ t: null }]);
    const { rows } = await db.query<Record<string, unknown>>(
      'SELECT finished_at, logs, applied_steps_count FROM _prisma_migrations WHERE migration_name = $1',
      [broken],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(String(rows[0]?.logs)).toContain('division by zero');

    // Prisma's P3009: nothing starts until someone resolves it, whatever the folder holds.
    for (const opts of [{ dir }, {}]) {
      const failed = await expectMigrationError(applyMigrations(pgliteSession(db), opts), 'FAILED_MIGRATION');
      expect(failed.message).toContain(`The \`${broken}\` migration started at`);
      expect(failed.message).toContain('division by zero');
    }

    // `prisma migrate resolve --rolled-back` sets rolled_back_at; the row is then ignored.
    await db.query('UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = $1', [broken]);
    expect((await applyMigrations(pgliteSession(db))).applied).toEqual([]);
  });

  it('refuses a non-empty schema that has no migration history (P3005)', async () => {
    // A second schema of the same database stands in for a fresh one (saves booting PGlite again):
    // the migrator looks where unqualified names resolve, i.e. current_schema().
    await db.exec('CREATE SCHEMA legacy; SET search_path TO legacy; CREATE TABLE legacy_orders (id INT);');
    try {
      const err = await expectMigrationError(applyMigrations(pgliteSession(db)), 'SCHEMA_NOT_EMPTY');
      expect(err.message).toContain('legacy_orders');
      expect((await db.query("SELECT to_regclass('legacy._prisma_migrations') AS t")).rows).toEqual([{ t: null }]);
    } finally {
      await db.exec('SET search_path TO public; DROP SCHEMA legacy CASCADE;');
    }
  });
});

// Concurrent: each check boots its own PGlite, and the boots overlap well.
describe.concurrent('the committed migrations', () => {
  it('are in sync with prisma/schema.prisma (run `npm run migrate:new -- <name>` if not)', async ({ expect }) => {
    const missing = await pendingSchemaChanges();
    expect(missing, `schema.prisma changes without a migration:\n${missing ?? ''}`).toBeNull();
    // Replaying every migration and diffing with the WebAssembly engine is CPU-bound: on a busy
    // 2-core machine it outlasts the default 30 s.
  }, 120_000);

  it('are reported out of sync when the schema gains a change no migration holds', async ({ expect }) => {
    const dir = mkdtempSync(join(tmpdir(), 'hookgate-schema-'));
    try {
      const schemaPath = join(dir, 'schema.prisma');
      const schema = readFileSync(join(DEFAULT_MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
      writeFileSync(schemaPath, `${schema}\nmodel MigrationProbe {\n  id Int @id\n}\n`);
      const missing = await pendingSchemaChanges({ schemaPath });
      expect(missing).toContain('CREATE TABLE "MigrationProbe"');
      expect(missing).not.toContain('_prisma_migrations');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

const adminUrl = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

// Without TEST_PG_URL a machine with no local PostgreSQL skips this block; with it, it must run.
const runPostgres = process.env.TEST_PG_URL !== undefined || (await postgresReachable());

describe.runIf(runPostgres)('on a real PostgreSQL', () => {
  const dbName = `hookgate_mig_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  const dbUrl = (() => {
    const url = new URL(adminUrl);
    url.pathname = `/${dbName}`;
    return url.toString();
  })();

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE "${dbName}"`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  it('lets exactly one of three processes starting together apply the migrations', async () => {
    const clients = [0, 1, 2].map(() => new pg.Client({ connectionString: dbUrl }));
    await Promise.all(clients.map((c) => c.connect()));
    try {
      const results = await Promise.all(clients.map((c) => applyMigrations(pgSession(c))));
      const appliers = results.filter((r) => r.applied.length > 0);
      expect(appliers).toEqual([{ applied: committed }]);
      expect(results.filter((r) => r.applied.length === 0)).toHaveLength(2);

      const check = clients[0]!;
      const { rows } = await check.query(
        `SELECT migration_name, checksum, finished_at IS NOT NULL AS finished, applied_steps_count
           FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(rows).toEqual(
        committed.map((name) => ({
          migration_name: name,
          checksum: fileChecksum(name),
          finished: true,
          applied_steps_count: 1,
        })),
      );
      // The lock is released: nobody is left holding Prisma's key.
      const locks = await check.query(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
          WHERE l.locktype = 'advisory' AND l.objid = 72707369 AND d.datname = current_database()`,
      );
      expect(locks.rows).toEqual([{ n: 0 }]);
      // The table matches what Prisma's own engine creates.
      const columns = await check.query(
        `SELECT column_name, data_type, character_maximum_length AS len, is_nullable, column_default
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      expect(columns.rows).toEqual([
        { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO', column_default: null },
        { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO', column_default: null },
        { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO', column_default: null },
        { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES', column_default: null },
        { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO', column_default: 'now()' },
        { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO', column_default: '0' },
      ]);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });
});
