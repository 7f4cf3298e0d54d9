// Composition root: the only place that wires config into long-lived parts. buildApp() opens the
// database (applying migrations); start() starts this process's roles (api: HTTP + WebSocket,
// worker: dispatcher) and stop() releases everything in reverse order.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeGracefully, createHttpServer, type Door, type Route } from './http.ts';
import { createConsoleDoor } from './console/door.ts';
import { mayReceiveDevToken } from './auth/devToken.ts';
import pino, { type Logger } from 'pino';
import { createRestDoors } from './api/rest/index.ts';
import { createAuthenticator, type Authenticator } from './auth/jwt.ts';
import { ScopeResolver } from './auth/scope.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database, type DatabaseOptions } from './db/client.ts';
import { lockDataDir } from './db/dataDirLock.ts';
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
import { SchemaRegistry } from './events/schema.ts';

export interface App {
  config: Config;
  logger: Logger;
  db: Database;
  services: Services;
  metrics: Metrics;
  authenticator: Authenticator;
  /** Null in the api role. */
  dispatcher: Dispatcher | null;
  /** Starts the roles this process runs; resolves once it is listening. `url` is the GraphQL
   * endpoint (null on a worker); `httpUrl` serves /healthz, /readyz and /metrics on every role. */
  start(): Promise<{ url: string | null; httpUrl: string }>;
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
  // The embedded database belongs to one process: hold its folder before opening it.
  const dataDirLock =
    config.database.kind === 'pglite' && config.dataDir !== null
      ? await lockDataDir(config.dataDir, (err) => {
          // Another process judged this one dead and took the folder: every further write here
          // could be lost, so stop at once rather than drain.
          logger.fatal({ err, dataDir: config.dataDir }, 'lost the lock on the data folder; exiting');
          process.exit(1);
        })
      : null;
  let db: Database;
  try {
    db = await openDatabase(config.database, {
      onQuery: opts.onQuery,
      poolSize: config.dbPoolSize,
      log: (msg) => logger.info({ component: 'migrate' }, msg),
    });
  } catch (err) {
    await dataDirLock?.release();
    throw err;
  }
  const schemas = new SchemaRegistry();
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
  const runsWorker = config.role !== 'api';
  const waker =
    config.database.kind === 'postgres'
      ? createPgWaker({ url: config.database.url, prisma: db.prisma, logger, listen: runsWorker })
      : createLocalWaker();
  const deliverer = new Deliverer({
    prisma: db.prisma,
    sql: db.sql,
    box,
    outbound,
    bus,
    metrics,
    logger,
    schedule,
    disableAfterMs: config.delivery.disableAfterMs,
    // Operational events (failing, exhausted...) queue deliveries like a publish does.
    onDeliveriesCreated: () => waker.notify(),
  });
  const dispatcher = runsWorker
    ? new Dispatcher({
        prisma: db.prisma,
        sql: db.sql,
        deliverer,
        logger,
        maxInFlight: config.delivery.maxInFlight,
        claimBatch: config.delivery.claimBatch,
        leaseMs: config.delivery.leaseMs,
        pollMs: config.delivery.pollMs,
      })
    : null;

  if (dispatcher) waker.onWake(() => dispatcher.wake());
  let pruner: Pruner | null = null;

  const services: Services = {
    prisma: db.prisma,
    sql: db.sql,
    box,
    allowList,
    config,
    bus,
    deliverer,
    schemas,
    wakeDispatchers: () => waker.notify(),
    scopes: new ScopeResolver(db.prisma),
  };
  const authenticator = createAuthenticator(config);
  let graphql: GraphQLServer | null = null;
  let server: Server | null = null;

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
      const routes: Record<string, Route> = {
        '/healthz': async () => ({ status: 200, type: 'application/json', body: '{"status":"ok"}' }),
        '/readyz': async () => {
          // Probes must answer quickly even when a dependency hangs rather than fails.
          const database = await withinMs(READY_TIMEOUT_MS, db.prisma.$queryRaw`SELECT 1`.then(() => true));
          const redis = config.redisUrl ? await withinMs(READY_TIMEOUT_MS, bus.ready()) : null;
          const ok = database && redis !== false;
          return { status: ok ? 200 : 503, type: 'application/json', body: JSON.stringify({ status: ok ? 'ready' : 'unavailable', database, redis }) };
        },
        '/metrics': async () => ({ status: 200, type: metrics.registry.contentType, body: await metrics.registry.metrics() }),
      };
      // Workers serve no doors, but their probes and metrics (attempt counters) must be scrapeable.
      // On the api role the doors share the one listener, in order: the broad ones last.
      const doors: Door[] = [];
      server = createHttpServer(routes, doors);
      if (config.role !== 'worker') {
        const graphiqlToken =
          config.env === 'development' && authenticator.generatedSecret && authenticator.issueToken
            ? await authenticator.issueToken('dev')
            : undefined;
        graphql = createGraphQLServer({ services, authenticator, logger, graphiqlToken, server });
        doors.push(graphql.door, ...createRestDoors({ services, authenticator, logger }));
        if (config.console.enabled) {
          const consoleDoor = createConsoleDoor({
            frameAncestors: config.console.frameAncestors,
            // Pre-authenticated like GraphiQL: the same token, for the same page loads only.
            devTokenFor: (req) => (graphiqlToken && mayReceiveDevToken(req) ? graphiqlToken : undefined),
          });
          if (!consoleDoor.built) logger.warn('the console is not built (run `npm run console:build`); / explains how');
          doors.push(consoleDoor);
        }
      }
      const listening = server;
      await new Promise<void>((resolve, reject) => {
        listening.once('error', reject);
        listening.listen(config.http.port, config.http.host, () => resolve());
      });
      const { port } = listening.address() as AddressInfo;
      const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
      const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
      return { url: graphql ? `${origin}${GRAPHQL_PATH}` : null, httpUrl: origin };
    },
    async stop() {
      pruner?.stop();
      // Stop taking requests first (API), then drain deliveries (worker), then release resources.
      if (graphql) await graphql.close();
      if (server) await closeGracefully(server, config.shutdownMs);
      if (dispatcher) await dispatcher.stop(config.shutdownMs);
      await waker.close();
      await deliverer.close();
      await bus.close();
      await db.close();
      await dataDirLock?.release();
    },
  };
}

const READY_TIMEOUT_MS = 1_000;

/** Resolves the check's result, or false when it fails or takes longer than `ms`. */
async function withinMs(ms: number, check: Promise<boolean>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([check.catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
