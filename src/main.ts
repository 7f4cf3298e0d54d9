// Entry point: read config, build the app, start it, stop it cleanly on SIGTERM/SIGINT.
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { DataDirLockedError } from './db/dataDirLock.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await buildApp(config);
  const { url, httpUrl } = await app.start();
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
