// Composition root: the only place that wires config into long-lived parts. buildApp() opens the
// database (applying migrations); start() starts this process's roles (api: HTTP + WebSocket,
// worker: dispatcher) and stop() releases everything in reverse order.
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { createAuthenticator, type Authenticator } from './auth/jwt.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseOptions } from './db/client.ts';
import { Deliverer } from './delivery/deliver.ts';
import { Dispatcher } from './delivery/dispatcher.ts';
import { parseAllowList } from './delivery/outbound.ts';
import { parseSchedule } from './delivery/retry.ts';
import { createOutboundClient } from './delivery/send.ts';
import { syncBuiltinEventTypes } from './events/catalog.ts';
import type { Services } from './graphql/context.ts';
import { createGraphQLServer, GRAPHQL_PATH, type GraphQLServer } from './graphql/server.ts';
import { loadOrCreateKeyFile } from './keyfile.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createAttemptBus } from './pubsub/index.ts';
import { createLocalWaker, createPgWaker } from './pubsub/wake.ts';
import { startPruner, type Pruner } from './events/retention.ts';
import { SecretBox } from './webhooks/crypto.ts';

export interface App {
  config: Config;
  logger: Logger;
  db: Database;
  services: Services;
  metrics: Metrics;
  authenticator: Authenticator;
  /** Null in the api role. */
  dispatcher: Dispatcher | null;
  /** Starts the roles this process runs; resolves once it is listening. */
  start(): Promise<{ url: string | null }>;
  stop(): Promise<void>;
}

export interface BuildOptions {
  logger?: Logger;
  onQuery?: DatabaseOptions['onQuery'];
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const logger = opts.logger ?? pino({ level: config.logLevel, base: { service: 'hookgate', role: config.role } });
  const schedule = parseSchedule(config.delivery.retrySchedule);
  const allowList = parseAllowList(config.delivery.outboundAllow);
  const db = await openDatabase(config.database, {
    onQuery: opts.onQuery,
    poolSize: config.dbPoolSize,
    log: (msg) => logger.info({ component: 'migrate' }, msg),
  });
  const added = await syncBuiltinEventTypes(db.prisma);
  if (added > 0) logger.info({ added }, 'built-in event types added');

  const box = SecretBox.fromString(config.secretKey ?? loadOrCreateKeyFile(config.dataDir, 'secret-key', 32).value);
  const metrics = createMetrics(db.prisma, { defaultMetrics: config.env !== 'test' });
  const bus = createAttemptBus({ redisUrl: config.redisUrl });
  const outbound = createOutboundClient({
    allowList,
    timeoutMs: config.delivery.timeoutMs,
    maxResponseBytes: config.delivery.responseMaxBytes,
    caFile: config.delivery.caFile,
  });
  const deliverer = new Deliverer({ prisma: db.prisma, box, outbound, bus, metrics, logger, schedule, disableAfterMs: config.delivery.disableAfterMs });
  const runsWorker = config.role !== 'api';
  const dispatcher = runsWorker
    ? new Dispatcher({
        prisma: db.prisma,
        deliverer,
        logger,
        maxInFlight: config.delivery.maxInFlight,
        claimBatch: config.delivery.claimBatch,
        leaseMs: config.delivery.leaseMs,
        pollMs: config.delivery.pollMs,
      })
    : null;

  const waker =
    config.database.kind === 'postgres'
      ? createPgWaker({ url: config.database.url, prisma: db.prisma, logger, listen: runsWorker })
      : createLocalWaker();
  if (dispatcher) waker.onWake(() => dispatcher.wake());
  let pruner: Pruner | null = null;

  const services: Services = {
    prisma: db.prisma,
    box,
    allowList,
    config,
    bus,
    deliverer,
    wakeDispatchers: () => waker.notify(),
  };
  const authenticator = createAuthenticator(config);
  let graphql: GraphQLServer | null = null;

  return {
    config,
    logger,
    db,
    services,
    metrics,
    authenticator,
    dispatcher,
    async start() {
      dispatcher?.start();
      if (runsWorker) {
        pruner = startPruner({ prisma: db.prisma, logger, retentionMs: config.retention.ms, intervalMs: config.retention.intervalMs });
      }
      if (config.role === 'worker') return { url: null };
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
          '/readyz': async () => {
            const database = await db.prisma.$queryRaw`SELECT 1`.then(
              () => true,
              () => false,
            );
            const redis = config.redisUrl ? await bus.ready() : null;
            const ok = database && redis !== false;
            return { status: ok ? 200 : 503, type: 'application/json', body: JSON.stringify({ status: ok ? 'ready' : 'unavailable', database, redis }) };
          },
          '/metrics': async () => ({ status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() }),
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
      pruner?.stop();
      if (graphql) await graphql.close();
      if (dispatcher) await dispatcher.stop(config.shutdownMs);
      await waker.close();
      await deliverer.close();
      await bus.close();
      await db.close();
    },
  };
}
