// A Hookgate process for the benchmarks. It does exactly what src/main.ts does (loadConfig from
// the environment, buildApp, start), and over IPC it also lets the driver set up webhooks and
// insert events through the same code path as the publishEvent mutation (events/publish.ts)
// before the roles start, read SQL statement counts (BuildOptions.onQuery), and query stats.
import { buildApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { publishEvent } from '../../src/events/publish.ts';
import { encodeId } from '../../src/ids.ts';
import { createWebhook, type CreateWebhookInput } from '../../src/webhooks/service.ts';
import { serve } from './proc.ts';

let statements = 0;
const countQueries = process.env.BENCH_COUNT_QUERIES === '1';
const config = loadConfig(process.env);
const app: App = await buildApp(config, countQueries ? { onQuery: () => statements++ } : {});
const prisma = app.db.prisma;
let started = false;

function plain(rows: unknown): unknown {
  return JSON.parse(JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)));
}

serve(
  {
    async setup(args: { tenant: string; applications?: string[]; webhooks: CreateWebhookInput[] }) {
      const apps: string[] = [];
      for (const name of args.applications ?? []) {
        const a = await prisma.application.create({ data: { tenantId: args.tenant, name } });
        apps.push(a.id);
      }
      const out: Array<{ id: string; publicId: string; secret: string }> = [];
      for (const input of args.webhooks) {
        const applicationId = input.applicationId?.startsWith('#') ? apps[Number(input.applicationId.slice(1))]! : input.applicationId;
        const { webhook, signingSecret } = await createWebhook(app.services, { tenantId: args.tenant, applicationId: null }, { ...input, applicationId });
        out.push({ id: webhook.id, publicId: encodeId('Webhook', webhook.id), secret: signingSecret });
      }
      return { webhooks: out, applications: apps };
    },
    /** Inserts events through events/publish.ts with `concurrency` publishes at once. */
    async seed(args: { tenant: string; types: string[]; count: number; concurrency: number; expectDeliveries?: number; applicationId?: string }) {
      const deps = {
        prisma,
        sql: app.db.sql,
        payloadMaxBytes: config.api.payloadMaxBytes,
        jsonMaxDepth: config.api.jsonMaxDepth,
        schemas: app.services.schemas,
        onDeliveriesCreated: app.services.wakeDispatchers,
      };
      let next = 0;
      let deliveries = 0;
      const t0 = performance.now();
      const worker = async () => {
        while (next < args.count) {
          const i = next++;
          const type = args.types[i % args.types.length]!;
          const p = await publishEvent(deps, { tenantId: args.tenant, applicationId: null }, { type, data: { amount: 4.5, currency: 'EUR', i }, applicationId: args.applicationId ?? null });
          if (args.expectDeliveries !== undefined && p.deliveryCount !== args.expectDeliveries) {
            throw new Error(`event ${i}: ${p.deliveryCount} deliveries, expected ${args.expectDeliveries}`);
          }
          deliveries += p.deliveryCount;
        }
      };
      await Promise.all(Array.from({ length: args.concurrency }, worker));
      return { events: args.count, deliveries, ms: performance.now() - t0 };
    },
    async start() {
      const t0 = Date.now();
      const { url } = await app.start();
      started = true;
      return { url, t0 };
    },
    token: (args: { tenant: string }) => app.authenticator.issueToken!(args.tenant, '2h'),
    async sql(args: { sql: string }) {
      return plain(await prisma.$queryRawUnsafe(args.sql));
    },
    async exec(args: { sql: string }) {
      return prisma.$executeRawUnsafe(args.sql);
    },
    /** Waits until no delivery is PENDING and `expected` deliveries exist. */
    async drain(args: { expected: number; timeoutMs: number; intervalMs?: number }) {
      const deadline = Date.now() + args.timeoutMs;
      for (;;) {
        const [row] = (await prisma.$queryRawUnsafe(
          `SELECT count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*)::int AS total FROM "Delivery"`,
        )) as Array<{ pending: number; total: number }>;
        if (row && row.pending === 0 && row.total >= args.expected) break;
        if (Date.now() > deadline) throw new Error(`not drained: ${JSON.stringify(row)}`);
        await new Promise((r) => setTimeout(r, args.intervalMs ?? 100));
      }
      const [stats] = plain(
        await prisma.$queryRawUnsafe(`
          SELECT (SELECT json_object_agg(status, n) FROM (SELECT status::text, count(*)::int AS n FROM "Delivery" GROUP BY status) s) AS statuses,
                 (SELECT count(*)::int FROM "DeliveryAttempt") AS attempts,
                 (SELECT avg("durationMs")::float8 FROM "DeliveryAttempt") AS "avgRequestMs",
                 (SELECT extract(epoch FROM min("startedAt")) * 1000 FROM "DeliveryAttempt")::float8 AS "firstStartedAt",
                 (SELECT extract(epoch FROM max("completedAt")) * 1000 FROM "Delivery")::float8 AS "lastCompletedAt"`),
      ) as unknown[];
      return stats;
    },
    statements: (args: { reset?: boolean }) => {
      const n = statements;
      if (args?.reset) statements = 0;
      return n;
    },
    memory: () => process.memoryUsage(),
    /** Full GC first (needs --expose-gc), then memory: what is really retained. */
    retained: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    },
    async heapSnapshot(args: { file: string }) {
      const { writeHeapSnapshot } = await import('node:v8');
      return writeHeapSnapshot(args.file);
    },
    inFlight: () => app.dispatcher?.inFlight ?? 0,
  },
  async () => {
    // Stop like main.ts on SIGTERM (in-flight attempts finish, leases handed back).
    await app.stop().catch(() => {});
    void started;
  },
);
