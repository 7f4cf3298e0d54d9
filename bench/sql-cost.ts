// The dispatch path's SQL alone, without HTTP: N deliveries (one event each) are claimed in batches
// and their attempts recorded exactly as the dispatcher does it (claimForSend, AttemptWriter), on
// a fresh PostgreSQL database, and the CPU of the client process and of the database backends is
// reported per delivery, with the heap-only-tuple share of the Delivery updates and WAL bytes.
// `npx tsx bench/sql-cost.ts [N] [--ddl="<SQL run after the migrations>"]`: compare schema
// variants (indexes, fillfactor) back to back.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { AttemptWriter, claimForSend, type AttemptRecord } from '../src/delivery/queue.ts';
import { createScratchDatabase } from '../test/helpers/pg.ts';
import { PG_ADMIN_URL } from './lib/db.ts';
import { cpuOf } from './lib/proc.ts';

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 20_000);
const ddl = process.argv.find((a) => a.startsWith('--ddl='))?.slice(6) ?? '';
// Claims only (leases held, no attempts written): separates the claim's cost from the write's.
const claimsOnly = process.argv.includes('--claims-only');
const scratch = await createScratchDatabase('hookgate_sqlcost', PG_ADMIN_URL);
try {
  const db = await openDatabase({ kind: 'postgres', url: scratch.url });
  const admin = new pg.Client({ connectionString: scratch.url });
  await admin.connect();
  if (ddl) await admin.query(ddl);
  const tenant = 'sqlcost';
  await admin.query(`
    INSERT INTO "Webhook" (id, "tenantId", urls, events, "updatedAt")
    SELECT gen_random_uuid(), '${tenant}', ARRAY['http://127.0.0.1:1/hook'], ARRAY['T' || i], now() FROM generate_series(0, 9) i;
    INSERT INTO "Event" (id, "tenantId", type, data) SELECT gen_random_uuid(), '${tenant}', 'T' || (i % 10), '{"amount":4.5,"i":1}' FROM generate_series(1, ${n}) i;
    INSERT INTO "Delivery" (id, "tenantId", "eventId", "webhookId", url, "updatedAt")
    SELECT gen_random_uuid(), '${tenant}', e.id, w.id, w.urls[1], now() FROM "Event" e JOIN "Webhook" w ON w.events[1] = e.type;
    ANALYZE;`);
  const pids = async () => (await admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()')).rows.map((r) => r.pid);
  await db.prisma.$queryRawUnsafe('SELECT 1');
  const b0 = new Map((await pids()).map((p) => [p, cpuOf(p)]));
  const wal0 = (await admin.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0]!.lsn;
  const writer = new AttemptWriter(db.sql);
  const workerId = `sqlcost-${randomUUID()}`;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  let done = 0;
  const loops = Array.from({ length: 2 }, async () => {
    for (;;) {
      const rows = await claimForSend(db.sql, { workerId, limit: 32, leaseMs: 30_000 });
      if (rows.length === 0) return;
      if (claimsOnly) {
        done += rows.length;
        continue;
      }
      await Promise.all(
        rows.map((d) => {
          const a: AttemptRecord = {
            number: d.attemptCount + 1, trigger: 'SCHEDULED', outcome: 'SUCCEEDED', url: d.url, startedAt: new Date(), durationMs: 1,
            requestHeaders: { 'content-type': 'application/json', 'webhook-id': d.eventId }, responseStatus: 200,
            responseHeaders: { 'content-length': '2' }, responseBody: 'ok', errorKind: null, errorMessage: null,
          };
          return writer.record(d, workerId, a, { kind: 'succeeded' });
        }),
      );
      done += rows.length;
    }
  });
  await Promise.all(loops);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  let backend = 0;
  for (const p of await pids()) backend += cpuOf(p) - (b0.get(p) ?? 0);
  const stats = (
    await admin.query(`SELECT n_tup_upd, n_tup_hot_upd, pg_wal_lsn_diff(pg_current_wal_lsn(), '${wal0}')::bigint AS wal
                         FROM pg_stat_user_tables WHERE relname = 'Delivery'`)
  ).rows[0] as { n_tup_upd: string; n_tup_hot_upd: string; wal: string };
  const left = (await admin.query(`SELECT count(*)::int AS n FROM "Delivery" WHERE status = 'PENDING'`)).rows[0] as { n: number };
  console.log(
    JSON.stringify({
      n, done, pendingLeft: left.n, ms: Math.round(ms), perSecond: Math.round((done / ms) * 1000),
      clientUsPerDelivery: Math.round((c.user + c.system) / done), backendUsPerDelivery: Math.round((backend / done) * 1e6),
      updates: Number(stats.n_tup_upd), hotUpdates: Number(stats.n_tup_hot_upd), walBytesPerDelivery: Math.round(Number(stats.wal) / done), claimsOnly, ddl,
    }),
  );
  await admin.end();
  await db.close();
} finally {
  await scratch.drop();
}
