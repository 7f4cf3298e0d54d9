// The dispatcher's claim is planned once per connection, not at every batch: with the batch size
// as a parameter PostgreSQL's generic plan assumed a tenth of the queue, so every execution was
// planned again (queue.ts CLAIMS). Checked on the server's own bookkeeping
// (pg_prepared_statements) on both databases, through the real statement path (db/sql.ts).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/client.ts';
import { claimForSend, claimSize } from '../src/delivery/queue.ts';
import { PG_ADMIN_URL } from './helpers/cluster.ts';
import { createScratchDatabase, type ScratchDatabase } from './helpers/pg.ts';

const SEED = `
  INSERT INTO "Webhook" (id, "tenantId", urls, events, "updatedAt")
  VALUES ('018f0000-0000-7000-8000-000000000001', 'plan', ARRAY['http://127.0.0.1:1/hook'], ARRAY['t'], now());
  INSERT INTO "Event" (id, "tenantId", type, data)
  SELECT ('018f0000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, 'plan', 't', '{}' FROM generate_series(1, 40) i;
  INSERT INTO "Delivery" (id, "tenantId", "eventId", "webhookId", url, "updatedAt")
  SELECT gen_random_uuid(), 'plan', e.id, '018f0000-0000-7000-8000-000000000001', 'http://127.0.0.1:1/hook', now() FROM "Event" e`;

async function claimPlans(db: Database): Promise<Array<{ name: string; generic: number; custom: number }>> {
  const rows = await db.sql.queryText<{ name: string; generic_plans: string; custom_plans: string }>(
    `SELECT name, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE name LIKE 'hookgate_claim%'`,
    [],
  );
  return rows.map((r) => ({ name: r.name, generic: Number(r.generic_plans), custom: Number(r.custom_plans) }));
}

describe('claimSize', () => {
  it('is the largest power of two not above the room, and 0 without room', () => {
    expect([0, -3, 1, 2, 3, 31, 32, 33, 63, 64, 96, 1000, 5000].map(claimSize)).toEqual([0, 0, 1, 2, 2, 16, 32, 32, 32, 64, 64, 512, 1024]);
  });
});

describe.each(['pglite', 'postgres'] as const)('the claim on %s', (kind) => {
  let db: Database;
  let scratch: ScratchDatabase | null = null;

  beforeAll(async () => {
    if (kind === 'postgres') {
      scratch = await createScratchDatabase('hookgate_plan', PG_ADMIN_URL);
      // One connection: the prepared statement and its plan counts live on it.
      db = await openDatabase({ kind: 'postgres', url: scratch.url }, { poolSize: 1 });
    } else {
      db = await openDatabase({ kind: 'pglite', dataDir: null });
    }
    await db.prisma.$executeRawUnsafe(`DO $$ BEGIN ${SEED.split(';').join(';\n')}; END $$`);
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('keeps one generic plan per batch size after the first executions', async () => {
    const worker = `plan-${randomUUID()}`;
    let claimed = 0;
    // 10 claims of 4 (limit 5 claims 4): past the 5 custom plans PostgreSQL makes before it
    // compares them with the generic one.
    for (let i = 0; i < 10; i++) claimed += (await claimForSend(db.sql, { workerId: worker, limit: 5, leaseMs: 60_000 })).length;
    expect(claimed).toBe(40);
    const plans = await claimPlans(db);
    expect(plans).toHaveLength(1);
    expect(plans[0]!.name).toBe('hookgate_claim_for_send_v6_4');
    expect(plans[0]!.custom).toBeLessThanOrEqual(5);
    expect(plans[0]!.generic).toBeGreaterThanOrEqual(5);
  });
});
