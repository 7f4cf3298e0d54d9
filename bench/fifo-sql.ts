// FIFO's cost to UNORDERED webhooks, in SQL alone (issue 11 item 2), on a fresh PostgreSQL
// database: the claim's plan and time with a FIFO line holding 3,635 parked deliveries beside
// 36,365 due UNORDERED ones (parked rows are not in the due index: the claim never sees them),
// and the fan-out statement's time for an event matching 10 UNORDERED webhooks. With
// --base=<checkout> the same statements of an earlier checkout run alternately on the same data.
//   npx tsx bench/fifo-sql.ts [--base=DIR]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { uuidv7 } from '../src/delivery/queue.ts';
import { createScratchDatabase } from '../test/helpers/pg.ts';
import { PG_ADMIN_URL } from './lib/db.ts';

const base = process.argv.find((a) => a.startsWith('--base='))?.slice(7);
const here = new URL('..', import.meta.url).pathname;
const constant = (dir: string, file: string, name: string) => new RegExp(`const ${name} = \`([\\s\\S]*?)\`;`).exec(readFileSync(join(dir, file), 'utf8'))![1]!;
const versions = [...(base ? [['base', base] as const] : []), ['this', here] as const].map(([label, dir]) => ({
  label,
  claim: constant(dir, 'src/delivery/queue.ts', 'CLAIM_FOR_SEND').replaceAll('$1', `'w'`).replaceAll('$2::float8', '30::float8').replaceAll('$3::int', '64::int'),
  fanOut: constant(dir, 'src/events/publish.ts', 'FAN_OUT'),
}));

const scratch = await createScratchDatabase('hookgate_fifosql', PG_ADMIN_URL);
try {
  await (await openDatabase({ kind: 'postgres', url: scratch.url })).close();
  const c = new pg.Client({ connectionString: scratch.url });
  await c.connect();
  await c.query(`
    INSERT INTO "Webhook" (id, "tenantId", urls, events, "updatedAt", ordering)
    SELECT gen_random_uuid(), 't', ARRAY['http://127.0.0.1:1/hook'], ARRAY['T' || i], now(),
           CASE WHEN i = 10 THEN 'FIFO' ELSE 'UNORDERED' END::"DeliveryOrdering" FROM generate_series(0, 10) i;
    INSERT INTO "Webhook" (id, "tenantId", urls, events, "updatedAt") SELECT gen_random_uuid(), 'f', ARRAY['http://127.0.0.1:1/f' || i], ARRAY['F'], now() FROM generate_series(1, 10) i;
    INSERT INTO "Event" (id, "tenantId", type, data) SELECT gen_random_uuid(), 't', 'T' || (i % 11), '{"i":1}' FROM generate_series(1, 40000) i;
    INSERT INTO "Delivery" (id, "tenantId", "eventId", "webhookId", url, "updatedAt", "nextAttemptAt", "lineSeq")
    SELECT gen_random_uuid(), 't', e.id, w.id, w.urls[1], now(),
           CASE WHEN w.ordering = 'FIFO' AND row_number() OVER (PARTITION BY w.id ORDER BY e.id) > 1 THEN NULL ELSE now() - interval '1 s' END,
           CASE WHEN w.ordering = 'FIFO' THEN nextval('"Delivery_lineSeq_seq"') END
      FROM "Event" e JOIN "Webhook" w ON w.events[1] = e.type;
    ANALYZE;`);
  const parked = (await c.query(`SELECT count(*)::int AS n FROM "Delivery" WHERE "nextAttemptAt" IS NULL`)).rows[0].n as number;
  console.log(`${parked} parked FIFO deliveries, ${40000 - parked} due UNORDERED ones`);
  for (const v of versions) {
    await c.query('BEGIN');
    const r = await c.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${v.claim}`);
    await c.query('ROLLBACK');
    console.log(`== claim plan (${v.label}), the part that finds the due rows:`);
    console.log(r.rows.map((x) => x['QUERY PLAN'] as string).slice(0, 12).join('\n'));
  }
  const best: Record<string, { claim: number; fanOut: number[] }> = {};
  for (const v of versions) best[v.label] = { claim: Infinity, fanOut: [] };
  const ROUNDS = 15;
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of versions) {
      for (let k = 0; k < 20; k++) {
        await c.query('BEGIN');
        const t0 = performance.now();
        await c.query(v.claim);
        best[v.label]!.claim = Math.min(best[v.label]!.claim, performance.now() - t0);
        await c.query('ROLLBACK');
      }
      // Inside one transaction that is rolled back: the statement's own cost, without the commit's
      // WAL flush (the same for both) and without growing the tables between versions.
      await c.query('BEGIN');
      const t0 = performance.now();
      for (let k = 0; k < 200; k++) {
        await c.query({ name: `fan-out-${v.label}`, text: v.fanOut, values: [uuidv7(), 'f', 'F', '{"amount":1}', null, new Date().toISOString(), null, uuidv7(), null, null] });
      }
      best[v.label]!.fanOut.push(((performance.now() - t0) / 200) * 1000);
      await c.query('ROLLBACK');
    }
  }
  for (const v of versions) {
    const f = best[v.label]!.fanOut.sort((a, b) => a - b);
    console.log(
      `${v.label}: claim of 64, best of ${ROUNDS * 20}: ${best[v.label]!.claim.toFixed(2)} ms; ` +
        `fan-out to 10 UNORDERED webhooks (prepared), median of ${ROUNDS} x 200: ${f[Math.floor(ROUNDS / 2)]!.toFixed(0)} µs (min ${f[0]!.toFixed(0)})`,
    );
  }
  await c.end();
} finally {
  await scratch.drop();
}
