// Per-webhook rate limit shared by every worker: GCRA on the Webhook row. Taking a slot moves the
// row's theoretical arrival time (rateTat) forward by 1/rate; a slot is free while rateTat is at
// most one interval ahead (a burst of two), which keeps the rate from falling below the limit
// when claims arrive a little late, and any 1 s window within limit + 1. When no slot is free the
// caller postpones the delivery instead of waiting, so no worker slot is held; the claim query
// skips the webhook until its next slot (queue.ts).
import type { PrismaClient } from '../generated/prisma/client.ts';

export async function takeRateSlot(prisma: PrismaClient, webhookId: string): Promise<{ allowed: true } | { allowed: false; waitMs: number }> {
  const rows = await prisma.$queryRaw<Array<{ allowed: boolean; wait: number }>>`
    WITH w AS (
      SELECT id, GREATEST(COALESCE("rateTat", now()), now()) AS tat, "rateLimitPerSecond" AS r
        FROM "Webhook" WHERE id = ${webhookId}::uuid FOR UPDATE
    ), upd AS (
      UPDATE "Webhook" h SET "rateTat" = w.tat + make_interval(secs => 1.0 / w.r)
        FROM w WHERE h.id = w.id AND w.tat <= now() + make_interval(secs => 1.0 / w.r)
      RETURNING 1
    )
    SELECT EXISTS (SELECT 1 FROM upd) AS allowed,
           EXTRACT(EPOCH FROM (w.tat - make_interval(secs => 1.0 / w.r) - now()))::float8 * 1000 AS wait
      FROM w`;
  const row = rows[0];
  if (!row || row.allowed) return { allowed: true };
  return { allowed: false, waitMs: Math.max(1, Math.ceil(row.wait)) };
}

/** Puts claimed deliveries back, due at `at`, without counting an attempt. */
export function postpone(prisma: PrismaClient, deliveryIds: string[], workerId: string, at: Date) {
  return prisma.delivery.updateMany({
    where: { id: { in: deliveryIds }, leasedBy: workerId, status: 'PENDING' },
    data: { nextAttemptAt: at, leaseUntil: null, leasedBy: null },
  });
}
