// Entry point: read config, build the app, start it, stop it cleanly on SIGTERM/SIGINT.
import v8 from 'node:v8';
import vm from 'node:vm';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/dataDirLock.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const { url, httpUrl } = await app.start();
  if (app.db.kind === 'pglite' && app.db.migrationsApplied.length > 0) collectStartupGarbage();
  app.logger.info({ url, httpUrl, role: config.role, database: app.db.kind, migrationsApplied: app.db.migrationsApplied }, 'Hookgate started');

  if (url && app.authenticator.generatedSecret && app.authenticator.issueToken) {
    // Development convenience: the embedded default has no auth configured, so print a token for
    // tenant "dev" signed with the secret generated into the data folder.
    const token = await app.authenticator.issueToken('dev');
    process.stdout.write(
      `\nHookgate is running on the embedded database.\n` +
        (config.console.enabled ? `  Console:   ${httpUrl}/\n` : '') +
        `  GraphiQL:  ${url}\n` +
        `  Token (tenant "dev", 30 days; GraphiQL has it pre-filled):\n\n` +
        `  Authorization: Bearer ${token}\n\n`,
    );
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'stopping');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/**
 * A new embedded database is made in this process: PGlite runs initdb in a WebAssembly instance
 * of its own, then the migrations create the schema. Afterwards about 300 MiB of that is garbage,
 * but V8 sees no reason to collect it soon (its own heap is small), so a first start idled near
 * 700 MiB where a restart idles under 300 (BENCHMARKS.md, "memory"). One full collection, once.
 */
function collectStartupGarbage(): void {
  // Reaches V8's collector without starting Node with --expose-gc: the flag exposes `gc` to
  // contexts created after it is set.
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  if (err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`Hookgate failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
