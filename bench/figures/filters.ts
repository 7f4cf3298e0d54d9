// Figure: fan-out with payload filters. One tenant, 10 unfiltered webhooks subscribed to the
// event type (the baseline), then 100 and 1,000 more subscribed webhooks each with a filter of its
// own (`data.shop` equal to its shop and `data.amount >= 10`, so one of them matches each event).
// Measures publishEvent (the core call: validation + the one fan-out statement, no HTTP) per
// event at 0, 100 and 1,000 filtered webhooks, and, as the floor of the alternative design
// (loading every subscribed webhook's filter into the process for each event and evaluating it in
// JavaScript), the time of just selecting those rows for one event.
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { publishEvent } from '../../src/events/publish.ts';
import { createWebhook } from '../../src/webhooks/service.ts';
import { createBenchDb, type DbKind } from '../lib/db.ts';
import { log, percentile, r2, r3, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

const TENANT = 'bench-filters';
const SCOPE = { tenantId: TENANT, applicationId: null };
const TYPE = 'cashback.created';
const UNFILTERED = 10;

export async function run(opts: Options): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const kind of opts.dbs) figures.push(await runOn(kind, opts));
  return figures;
}

async function runOn(kind: DbKind, opts: Options): Promise<Figure> {
  const events = opts.count ?? (opts.quick ? 200 : 1000);
  const db = await createBenchDb(kind);
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', HOOKGATE_ROLE: 'api', PORT: '0', HOOKGATE_JWT_SECRET: 'x'.repeat(32), HOOKGATE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'), ...db.env });
  const app = await buildApp(config);
  const { prisma } = app.services;
  const deps = { prisma, payloadMaxBytes: config.api.payloadMaxBytes, jsonMaxDepth: config.api.jsonMaxDepth, schemas: app.services.schemas };
  try {
    const add = async (from: number, to: number, filtered: boolean) => {
      for (let i = from; i < to; i++) {
        await createWebhook(app.services, SCOPE, {
          url: `https://shop-${i}.example.com/hooks`,
          events: [TYPE],
          filter: filtered ? { 'data.shop': `shop-${i - UNFILTERED}`, 'data.amount': { $gte: 10 } } : null,
        });
      }
    };
    /** Publishes `events` events (each matching one filtered webhook, when there are any); ms per event. */
    const measure = async (filtered: number, label: string) => {
      const times: number[] = [];
      for (let i = 0; i < events; i++) {
        const shop = filtered > 0 ? `shop-${i % filtered}` : 'none';
        const t0 = performance.now();
        const p = await publishEvent(deps, SCOPE, { type: TYPE, data: { shop, amount: 10 + (i % 50), currency: 'EUR', i } });
        times.push(performance.now() - t0);
        const want = UNFILTERED + (filtered > 0 ? 1 : 0);
        if (p.deliveryCount !== want) throw new Error(`${label}: event ${i} got ${p.deliveryCount} deliveries, expected ${want}`);
      }
      // The first tenth warms caches and plans.
      const s = times.slice(Math.floor(events / 10));
      const r = { mean: r3(s.reduce((a, b) => a + b, 0) / s.length), p50: r3(percentile(s, 50)), p99: r3(percentile(s, 99)) };
      log(`filters ${kind}: ${label}: ${JSON.stringify(r)}`);
      return r;
    };
    await add(0, UNFILTERED, false);
    const base = await measure(0, `${UNFILTERED} unfiltered webhooks`);
    await add(UNFILTERED, UNFILTERED + 100, true);
    const f100 = await measure(100, `+100 filtered`);
    await add(UNFILTERED + 100, UNFILTERED + 1000, true);
    const f1000 = await measure(1000, `+1,000 filtered`);

    // The alternative's floor: what evaluating filters in the process would have to read per event.
    const load: number[] = [];
    for (let i = 0; i < Math.min(events, 300); i++) {
      const t0 = performance.now();
      const rows = await prisma.webhook.findMany({
        where: { tenantId: TENANT, deletedAt: null, events: { has: TYPE } },
        select: { id: true, urls: true, isActive: true, filter: true },
      });
      load.push(performance.now() - t0);
      if (rows.length !== UNFILTERED + 1000) throw new Error(`loaded ${rows.length} webhooks`);
    }
    const loadP50 = r3(percentile(load.slice(30), 50));
    log(`filters ${kind}: loading the ${UNFILTERED + 1000} subscribed webhooks' filters for one event: p50 ${loadP50} ms`);
    return {
      figure: `filters (${kind === 'pg' ? 'PostgreSQL' : 'PGlite'}): publishEvent with ${UNFILTERED} unfiltered + 1,000 filtered subscribed webhooks`,
      target: 'fan-out stays one statement; cost per event flat as filtered webhooks grow (ratio: mean vs unfiltered)',
      measured: `mean ${f1000.mean} ms/event (p99 ${f1000.p99}); +100 filtered: ${f100.mean} ms`,
      baseline: `${UNFILTERED} unfiltered only: mean ${base.mean} ms (p99 ${base.p99}); in-process alternative just loading the filters: p50 ${loadP50} ms`,
      ratio: r2(f1000.mean / base.mean),
      pass: null,
      details: { events, base, f100, f1000, loadFiltersP50: loadP50 },
    };
  } finally {
    await app.stop();
    await db.drop();
  }
}
