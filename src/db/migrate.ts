// The runtime migrator: applies prisma/migrations/*/migration.sql at start-up, to PGlite (embedded)
// or PostgreSQL, without Prisma's native schema engine (which cannot be downloaded here, and whose
// wasm build fails to describe a real PostgreSQL database: see shared/notes/prisma-7-offline.md).
//
// It mirrors `prisma migrate deploy` (prisma-engines: schema-engine/core/src/commands/
// apply_migrations.rs and sql-schema-connector's migration persistence) closely enough that the
// official CLI, run later on a machine with internet, sees the same `_prisma_migrations` history:
// same DDL, same checksum format, same row life cycle, same advisory-lock key.
// Deliberate differences: each script runs inside an explicit transaction together with the
// bookkeeping update that marks it finished, and an applied migration whose file was edited is
// refused (Prisma's deploy only checks that in `migrate dev`/`migrate status`).
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGliteInterface } from '@electric-sql/pglite';
import type { Client, PoolClient } from 'pg';

export interface SqlSession {
  query(sql: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Runs a script of several statements (simple-query protocol, no parameters). */
  exec(sql: string): Promise<void>;
}

export interface ApplyMigrationsOptions {
  /** Folder holding `<name>/migration.sql` directories; defaults to the repo's prisma/migrations. */
  dir?: string;
  log?: (msg: string) => void;
  /** How long to wait for another process that holds the migration lock (default 60 s). */
  lockTimeoutMs?: number;
}

export type MigrationErrorCode =
  | 'FAILED_MIGRATION' // Prisma P3009
  | 'CHECKSUM_MISMATCH'
  | 'SCHEMA_NOT_EMPTY' // Prisma P3005
  | 'PROVIDER_SWITCHED' // Prisma P3019
  | 'MIGRATION_FAILED' // Prisma P3018
  | 'UNREADABLE_MIGRATION'
  | 'LOCK_TIMEOUT';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly code: MigrationErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Prisma Migrate's advisory-lock key: sharing it serialises us with the official CLI too. */
const MIGRATE_LOCK_KEY = 72707369;

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

// Byte-for-byte the DDL of sql-schema-connector's PostgresFlavour::create_migrations_table, so a
// table we create is indistinguishable from one the CLI created.
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
`;

// PostGIS creates these in the target schema itself; Prisma does not count them as "not empty".
const IGNORED_TABLES = /^(spatial_ref_sys|geometry_columns)$/i;

interface MigrationDir {
  name: string;
  path: string;
  /** The script, or why it could not be read (Prisma only fails once it needs the script). */
  script: { ok: true; text: string; checksum: string } | { ok: false; error: string };
}

interface MigrationRecord {
  id: string;
  checksum: string;
  migrationName: string;
  finishedAt: unknown;
  rolledBackAt: unknown;
  startedAt: unknown;
  logs: string | null;
}

export function pgliteSession(db: PGliteInterface): SqlSession {
  return {
    async query(sql, params) {
      const res = await db.query<Record<string, unknown>>(sql, params);
      return { rows: res.rows };
    },
    async exec(sql) {
      await db.exec(sql);
    },
  };
}

export function pgSession(client: Client | PoolClient): SqlSession {
  return {
    async query(sql, params) {
      // No values means node-postgres uses the simple-query protocol, as Prisma's raw_cmd does.
      const res = params === undefined ? await client.query(sql) : await client.query(sql, params);
      return { rows: res.rows as Record<string, unknown>[] };
    },
    async exec(sql) {
      await client.query(sql);
    },
  };
}

/** sha256 hex of the exact file bytes: what Prisma stores in `_prisma_migrations.checksum`. */
export function migrationChecksum(script: string | Uint8Array): string {
  return createHash('sha256').update(script).digest('hex');
}

/**
 * Prisma's `script_matches_checksum`: tolerant of git's line-ending conversions, and of the
 * non-zero-padded hex that very old engines stored.
 */
function scriptMatchesChecksum(script: string, checksum: string): boolean {
  const variants = [script, script.replaceAll('\r\n', '\n'), script.replaceAll('\n', '\r\n')];
  return variants.some((variant) => {
    const digest = createHash('sha256').update(variant).digest();
    const rendered =
      checksum.length !== 0 && checksum.length !== 64
        ? Array.from(digest, (b) => b.toString(16)).join('')
        : digest.toString('hex');
    return rendered === checksum;
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

async function readMigrationDirs(dir: string): Promise<{ lockfile: string | null; migrations: MigrationDir[] }> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // Like the CLI: no migrations folder simply means no migrations.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lockfile: null, migrations: [] };
    throw err;
  }
  const lockfile = await readFile(join(dir, 'migration_lock.toml'), 'utf8').catch(() => null);
  const migrations: MigrationDir[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(dir, entry.name, 'migration.sql');
    let script: MigrationDir['script'];
    try {
      const bytes = await readFile(path);
      script = { ok: true, text: utf8.decode(bytes), checksum: migrationChecksum(bytes) };
    } catch (err) {
      script = { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
    migrations.push({ name: entry.name, path, script });
  }
  // The CLI sorts with localeCompare; for `<timestamp>_<name>` that is chronological order.
  migrations.sort((a, b) => a.name.localeCompare(b.name));
  return { lockfile, migrations };
}

/** Prisma's read_provider_from_lock_file. */
function lockfileProvider(content: string): string {
  const line = content.split(/\r?\n/).find((l) => l.startsWith('provider'));
  if (line === undefined) return '<PROVIDER NOT FOUND>';
  return line.replace(/^(provider = )+/, '').replace(/^"+|"+$/g, '');
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

function formatTime(value: unknown): string {
  return value instanceof Date ? value.toISOString() : str(value);
}

function toRecord(row: Record<string, unknown>): MigrationRecord {
  return {
    id: str(row.id),
    checksum: str(row.checksum),
    migrationName: str(row.migration_name),
    finishedAt: row.finished_at ?? null,
    rolledBackAt: row.rolled_back_at ?? null,
    startedAt: row.started_at,
    logs: row.logs == null ? null : str(row.logs),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function acquireLock(session: SqlSession, timeoutMs: number, log: (msg: string) => void): Promise<void> {
  // Polling the try-variant instead of blocking in pg_advisory_lock gives us a timeout without
  // touching the session's lock_timeout, and a log line telling why start-up is waiting.
  const deadline = Date.now() + timeoutMs;
  let delay = 25;
  let warned = false;
  for (;;) {
    const { rows } = await session.query(`SELECT pg_try_advisory_lock(${MIGRATE_LOCK_KEY}) AS locked`);
    if (rows[0]?.locked === true) return;
    if (!warned) {
      log(`waiting for another process to finish migrating (advisory lock ${MIGRATE_LOCK_KEY})`);
      warned = true;
    }
    if (Date.now() >= deadline) {
      throw new MigrationError(
        'LOCK_TIMEOUT',
        `Timed out after ${timeoutMs} ms waiting for the migration lock (SELECT pg_advisory_lock(${MIGRATE_LOCK_KEY})) ` +
          'held by another connection. Is another instance stuck while migrating?',
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 250);
  }
}

async function ensureMigrationsTable(session: SqlSession): Promise<void> {
  // The unqualified name resolves through search_path, like every statement the CLI and the
  // migration scripts run, so look in current_schema() as Prisma looks in the URL's schema.
  const { rows } = await session.query(
    `SELECT c.relname AS table_name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND n.nspname = current_schema()`,
  );
  const tables = rows.map((r) => str(r.table_name));
  if (tables.includes('_prisma_migrations')) return;
  const foreign = tables.filter((t) => !IGNORED_TABLES.test(t));
  if (foreign.length > 0) {
    throw new MigrationError(
      'SCHEMA_NOT_EMPTY',
      `The database schema is not empty but has no _prisma_migrations table (Prisma P3005); found tables: ` +
        `${foreign.slice(0, 10).join(', ')}${foreign.length > 10 ? ', ...' : ''}. Refusing to apply migrations ` +
        'over an unknown schema: baseline it first (https://pris.ly/d/migrate-baseline) or use an empty database.',
    );
  }
  await session.exec(CREATE_MIGRATIONS_TABLE);
}

/**
 * Applies every migration in `dir` not yet recorded in `_prisma_migrations`, in name order, each in
 * its own transaction, holding Prisma's advisory lock for the whole run. Throws `MigrationError`
 * before applying anything if the history holds a failed migration or an edited one.
 */
export async function applyMigrations(
  session: SqlSession,
  opts: ApplyMigrationsOptions = {},
): Promise<{ applied: string[] }> {
  const dir = opts.dir ?? DEFAULT_MIGRATIONS_DIR;
  const log = opts.log ?? (() => {});
  const { lockfile, migrations } = await readMigrationDirs(dir);

  if (lockfile !== null) {
    const provider = lockfileProvider(lockfile);
    if (provider !== 'postgresql') {
      throw new MigrationError(
        'PROVIDER_SWITCHED',
        `${join(dir, 'migration_lock.toml')} says provider "${provider}" but this migrator only runs ` +
          'PostgreSQL migrations (Prisma P3019).',
      );
    }
  }

  await acquireLock(session, opts.lockTimeoutMs ?? 60_000, log);
  try {
    await ensureMigrationsTable(session);

    const { rows } = await session.query(
      `SELECT id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count
         FROM _prisma_migrations ORDER BY started_at ASC`,
    );
    const records = rows.map(toRecord);
    const live = records.filter((r) => r.rolledBackAt === null);

    const failed = live.filter((r) => r.finishedAt === null);
    if (failed.length > 0) {
      const details = failed
        .map((r) => {
          const logs = r.logs?.trim() ? ` with the following logs:\n${r.logs.trim()}` : '';
          return `The \`${r.migrationName}\` migration started at ${formatTime(r.startedAt)} failed${logs}`;
        })
        .join('\n');
      throw new MigrationError(
        'FAILED_MIGRATION',
        `Found failed migrations in the target database, new migrations will not be applied (Prisma P3009).\n` +
          `${details}\nFix the database by hand, then mark the migration with ` +
          '`prisma migrate resolve --rolled-back <name>` (it will be re-applied) or `--applied <name>`.',
      );
    }

    const byName = new Map(migrations.map((m) => [m.name, m]));
    const edited: string[] = [];
    for (const record of live) {
      const local = byName.get(record.migrationName);
      if (local === undefined) {
        log(`migration ${record.migrationName} is applied in the database but missing from ${dir}`);
        continue;
      }
      if (!local.script.ok) {
        edited.push(`${record.migrationName} (its migration.sql cannot be read: ${local.script.error})`);
      } else if (!scriptMatchesChecksum(local.script.text, record.checksum)) {
        edited.push(
          `${record.migrationName} (database checksum ${record.checksum}, file checksum ${local.script.checksum})`,
        );
      }
    }
    if (edited.length > 0) {
      throw new MigrationError(
        'CHECKSUM_MISMATCH',
        `These migrations were modified after they were applied to this database:\n  ${edited.join('\n  ')}\n` +
          'Never edit an applied migration: restore the original file and add a new migration instead.',
      );
    }

    const appliedNames = new Set(live.map((r) => r.migrationName));
    const pending = migrations.filter((m) => !appliedNames.has(m.name));
    const applied: string[] = [];
    for (const migration of pending) {
      if (!migration.script.ok) {
        throw new MigrationError(
          'UNREADABLE_MIGRATION',
          `Failed to read migration script at ${migration.path}: ${migration.script.error}`,
        );
      }
      log(`applying migration ${migration.name}`);
      const started = performance.now();
      const id = randomUUID();
      // Recorded before (and outside) the script's transaction, as Prisma does: if the process
      // dies or the script fails, the row stays unfinished and the next start refuses (P3009).
      await session.query(
        'INSERT INTO _prisma_migrations (id, checksum, started_at, migration_name) VALUES ($1, $2, now(), $3)',
        [id, migration.script.checksum, migration.name],
      );
      try {
        // A script may hold its own BEGIN/COMMIT (Prisma emits them around enum rewrites): that
        // commits our transaction early, exactly as it ends the implicit one under the CLI.
        await session.exec('BEGIN');
        await session.exec(migration.script.text);
        await session.query(
          `UPDATE _prisma_migrations
              SET applied_steps_count = applied_steps_count + 1, finished_at = clock_timestamp()
            WHERE id = $1`,
          [id],
        );
        await session.exec('COMMIT');
      } catch (err) {
        await session.exec('ROLLBACK').catch(() => {});
        const message = err instanceof Error ? err.message : String(err);
        const logs = `Database error applying migration \`${migration.name}\`:\n${message}`;
        await session
          .query('UPDATE _prisma_migrations SET logs = $2 WHERE id = $1', [id, logs])
          .catch(() => {});
        throw new MigrationError('MIGRATION_FAILED', `Migration ${migration.name} failed (Prisma P3018): ${message}`, {
          cause: err,
        });
      }
      applied.push(migration.name);
      log(`applied migration ${migration.name} in ${Math.round(performance.now() - started)} ms`);
    }
    if (applied.length === 0) log('no pending migrations');
    return { applied };
  } finally {
    await session.query(`SELECT pg_advisory_unlock(${MIGRATE_LOCK_KEY})`).catch(() => {});
  }
}
