// Prisma's schema engine compiled to WebAssembly (@prisma/schema-engine-wasm), so migrations can be
// generated and checked on machines that cannot download the native engine binary. Used by
// scripts/migrate-new.ts and test/migrations.test.ts; the service itself never loads it.
//
// The package is a wasm-bindgen *bundler* build: its entry point does `import * as wasm from
// "./schema_engine_bg.wasm"`, which Node cannot load. So we instantiate the .wasm ourselves and hand
// its exports to the JS glue (see /work/shared/notes/prisma-7-offline.md).
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { applyMigrations, DEFAULT_MIGRATIONS_DIR, pgliteSession } from '../../src/db/migrate.ts';

export type { SchemaEngine };

// The glue keeps the wasm exports in a module-level variable, so instantiating twice would only
// replace the first instance under any engine already created: do it once per process.
let initialised = false;

/** The one export we call ourselves; the glue reaches the others through `__wbg_set_wasm`. */
interface SchemaEngineWasmExports {
  __wbindgen_start(): void;
}

function initWasm(): void {
  if (initialised) return;
  const require = createRequire(import.meta.url);
  // The package's "exports" map hides the .wasm file, so locate it next to the glue instead.
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const wasmPath = gluePath.replace(/schema_engine_bg\.js$/, 'schema_engine_bg.wasm');
  const module = new WebAssembly.Module(readFileSync(wasmPath));
  // The glue module *is* the import object the wasm expects under its bundler module name.
  const imports = { './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports };
  const instance = new WebAssembly.Instance(module, imports);
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as unknown as SchemaEngineWasmExports).__wbindgen_start();
  initialised = true;
}

/** The version string baked into the wasm engine (useful in logs and bug reports). */
export function schemaEngineVersion(): string {
  initWasm();
  return bg.version();
}

export interface OpenSchemaEngineOptions {
  /** Prisma schema files as [path, contents] pairs; the path is only used in messages. */
  datamodels: [string, string][];
  /** The engine's own database connection (it never opens one by itself in wasm). */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Receives the engine's JSON log lines; silent by default. */
  log?: (line: string) => void;
}

export async function openSchemaEngine(opts: OpenSchemaEngineOptions): Promise<SchemaEngine> {
  initWasm();
  const log = opts.log ?? (() => {});
  // The engine expects the error-capturing wrapper: it reads driver errors back from its registry
  // instead of from thrown exceptions.
  const adapter = bindMigrationAwareSqlAdapterFactory(opts.adapterFactory);
  return bg.SchemaEngine.new({ datamodels: opts.datamodels }, log, adapter);
}

/**
 * A migrations folder in the shape the engine's migrate commands take, read the way the CLI reads
 * it (sorted with localeCompare, unreadable scripts passed as errors).
 */
export async function loadMigrationList(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationList> {
  const lockfile = await readFile(join(dir, 'migration_lock.toml'), 'utf8').catch(() => null);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories = await Promise.all(
    entries
      .filter((e) => e.isDirectory())
      .map(async (e) => ({
        path: e.name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(join(dir, e.name, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (err: Error) => ({ tag: 'error' as const, value: err.message }),
          ),
        },
      })),
  );
  migrationDirectories.sort((a, b) => a.path.localeCompare(b.path));
  return {
    baseDir: dir,
    lockfile: { path: 'migration_lock.toml', content: lockfile },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}

export interface SchemaDiffOptions {
  /** A schema file, or a folder of .prisma files; defaults to the repo's prisma/schema.prisma. */
  schemaPath?: string;
  /** Defaults to the repo's prisma/migrations. */
  migrationsDir?: string;
}

export const DEFAULT_SCHEMA_PATH = fileURLToPath(new URL('../../prisma/schema.prisma', import.meta.url));

async function readSchemaFiles(schemaPath: string): Promise<[string, string][]> {
  if (!(await stat(schemaPath)).isDirectory()) return [[schemaPath, await readFile(schemaPath, 'utf8')]];
  const names = (await readdir(schemaPath, { recursive: true })).filter((n) => n.endsWith('.prisma')).sort();
  return Promise.all(names.map(async (n): Promise<[string, string]> => {
    const path = join(schemaPath, n);
    return [path, await readFile(path, 'utf8')];
  }));
}

/**
 * The SQL that would bring a database built from the committed migrations up to the schema, or
 * null when they are in sync. The database is a throw-away in-memory PGlite migrated by the same
 * `applyMigrations` the service runs, so this also proves the committed migrations apply cleanly.
 */
export async function pendingSchemaChanges(opts: SchemaDiffOptions = {}): Promise<string | null> {
  const schemaPath = opts.schemaPath ?? DEFAULT_SCHEMA_PATH;
  const files = await readSchemaFiles(schemaPath);
  const db = new PGlite();
  let engine: SchemaEngine | undefined;
  try {
    await applyMigrations(pgliteSession(db), opts.migrationsDir === undefined ? {} : { dir: opts.migrationsDir });
    engine = await openSchemaEngine({ datamodels: files, adapterFactory: new PrismaPGlite(db) });
    const schemas = files.map(([path, content]) => ({ path, content }));
    const result = await engine.diff({
      // "schemaDatasource" = the database the engine is connected to, i.e. our PGlite via the adapter.
      from: { tag: 'schemaDatasource', files: schemas, configDir: dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files: schemas },
      script: true,
      // Makes the engine report emptiness as exitCode 0 instead of us parsing its placeholder text.
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    if (result.exitCode === 0) return null;
    return result.stdout ?? '';
  } finally {
    engine?.free();
    await db.close();
  }
}
