// Composition root: the only place that wires config into long-lived parts. buildApp() opens the
// database (applying migrations), then start() listens and stop() releases everything in reverse.
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createAuthenticator, type Authenticator } from './auth/jwt.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseOptions } from './db/client.ts';
import { parseAllowList } from './delivery/outbound.ts';
import { syncBuiltinEventTypes } from './events/catalog.ts';
import type { Services } from './graphql/context.ts';
import { createGraphQLServer, GRAPHQL_PATH, type GraphQLServer } from './graphql/server.ts';
import { loadOrCreateKeyFile } from './keyfile.ts';
import { SecretBox } from './webhooks/crypto.ts';

export interface App {
  config: Config;
  logger: Logger;
  db: Database;
  services: Services;
  authenticator: Authenticator;
  /** Starts the roles this process runs; resolves once it is listening. */
  start(): Promise<{ url: string }>;
  stop(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  onQuery?: DatabaseOptions['onQuery'];
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { service: 'hookgate' } });
  const db = await openDatabase(config.database, {
    onQuery: opts.onQuery,
    log: (msg) => logger.info({ component: 'migrate' }, msg),
  });
  const added = await syncBuiltinEventTypes(db.prisma);
  if (added > 0) logger.info({ added }, 'built-in event types added');

  const box = SecretBox.fromString(config.secretKey ?? loadOrCreateKeyFile(config.dataDir, 'secret-key', 32).value);
  const services: Services = {
    prisma: db.prisma,
    box,
    allowList: parseAllowList(config.delivery.outboundAllow),
    config,
  };
  const authenticator = createAuthenticator(config);

  let graphql: GraphQLServer | null = null;

  return {
    config,
    logger,
    db,
    services,
    authenticator,
    async start() {
      const graphiqlToken =
        config.env === 'development' && authenticator.generatedSecret && authenticator.issueToken
          ? await authenticator.issueToken('dev')
          : undefined;
      graphql = createGraphQLServer({
        services,
        authenticator,
        logger,
        graphiqlToken,
        routes: {
          '/healthz': async () => ({ status: 200, type: 'application/json', body: '{"status":"ok"}' }),
        },
      });
      const server = graphql.server;
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.http.port, config.http.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      return { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}` };
    },
    async stop() {
      if (graphql) await graphql.close();
      await db.close();
    },
  };
}
