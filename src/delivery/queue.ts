// The delivery queue lives in the Delivery table. A worker claims due rows with
// FOR UPDATE SKIP LOCKED and a lease; a row whose lease ran out (its worker died) is due again.
// Every attempt is written together with the delivery's next state, in one transaction.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export interface ClaimedDelivery {
  id: string;
  attemptCount: number;
}

export async function claimDue(prisma: PrismaClient, opts: { workerId: string; limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  if (opts.limit <= 0) return [];
  return prisma.$queryRaw<ClaimedDelivery[]>`
    UPDATE "Delivery" AS d
       SET "leaseUntil" = now() + make_interval(secs => ${opts.leaseMs / 1000}::float8),
           "leasedBy" = ${opts.workerId},
           "updatedAt" = now()
      FROM (
        SELECT id FROM "Delivery"
         WHERE status = 'PENDING'
           AND "nextAttemptAt" <= now()
           AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
         ORDER BY "nextAttemptAt"
         LIMIT ${opts.limit}
         FOR UPDATE SKIP LOCKED
      ) AS due
     WHERE d.id = due.id
 RETURNING d.id, d."attemptCount"`;
}

/** Everything needed to send one delivery, loaded for a whole claimed batch in one query. */
export function loadForSend(prisma: PrismaClient, ids: string[]) {
  return prisma.delivery.findMany({
    where: { id: { in: ids } },
    include: {
      event: { include: { application: { select: { id: true, name: true } } } },
      webhook: {
        include: {
          headers: { orderBy: { position: 'asc' } },
          oauthCredential: true,
          secrets: { where: { OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] }, orderBy: { version: 'desc' } },
        },
      },
    },
  });
}

export type DeliveryForSend = Awaited<ReturnType<typeof loadForSend>>[number];

export interface AttemptRecord {
  number: number;
  trigger: 'SCHEDULED' | 'MANUAL' | 'TEST';
  outcome: 'SUCCEEDED' | 'FAILED';
  url: string;
  startedAt: Date;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  errorKind: string | null;
  errorMessage: string | null;
}

export type NextState =
  | { kind: 'succeeded' }
  | { kind: 'retry'; at: Date }
  | { kind: 'failed'; reason: string }
  | { kind: 'cancelled'; reason: string };

/**
 * Writes the attempt and the delivery's next state. The delivery update is conditional on this
 * worker still holding the lease, so a worker that lost its lease cannot overwrite a newer state;
 * the attempt is recorded either way because it did happen.
 */
export async function recordAttempt(
  prisma: PrismaClient,
  d: { id: string; tenantId: string; webhookId: string; eventId: string },
  workerId: string | null,
  attempt: AttemptRecord,
  next: NextState,
  webhookUpdate: Prisma.WebhookUpdateManyMutationInput | null,
) {
  const now = new Date();
  const deliveryData: Prisma.DeliveryUpdateManyMutationInput = {
    attemptCount: { increment: 1 },
    leaseUntil: null,
    leasedBy: null,
    manual: false,
    lastError: attempt.outcome === 'SUCCEEDED' ? null : (attempt.errorMessage ?? attempt.errorKind),
  };
  switch (next.kind) {
    case 'succeeded':
      Object.assign(deliveryData, { status: 'SUCCEEDED', nextAttemptAt: null, completedAt: now });
      break;
    case 'retry':
      Object.assign(deliveryData, { nextAttemptAt: next.at });
      break;
    case 'failed':
      Object.assign(deliveryData, { status: 'FAILED', nextAttemptAt: null, completedAt: now, lastError: next.reason });
      break;
    case 'cancelled':
      Object.assign(deliveryData, { status: 'CANCELLED', nextAttemptAt: null, completedAt: now, lastError: next.reason });
      break;
  }
  const [row] = await prisma.$transaction([
    prisma.deliveryAttempt.create({
      data: {
        ...attempt,
        tenantId: d.tenantId,
        deliveryId: d.id,
        webhookId: d.webhookId,
        eventId: d.eventId,
        responseHeaders: attempt.responseHeaders ?? undefined,
      },
    }),
    prisma.delivery.updateMany({
      where: { id: d.id, status: 'PENDING', ...(workerId ? { leasedBy: workerId } : {}) },
      data: deliveryData,
    }),
    ...(webhookUpdate ? [prisma.webhook.updateMany({ where: { id: d.webhookId }, data: webhookUpdate })] : []),
  ]);
  return row;
}

/** A disabled or deleted webhook stops receiving: its pending deliveries are cancelled. */
export function cancelPendingFor(prisma: PrismaClient, webhookId: string, reason: string) {
  return prisma.delivery.updateMany({
    where: { webhookId, status: 'PENDING' },
    data: { status: 'CANCELLED', nextAttemptAt: null, completedAt: new Date(), lastError: reason, leaseUntil: null, leasedBy: null },
  });
}

/** Extends the leases of deliveries still being attempted, so no other worker takes them over. */
export function renewLeases(prisma: PrismaClient, workerId: string, ids: string[], leaseMs: number) {
  if (ids.length === 0) return Promise.resolve({ count: 0 });
  return prisma.delivery.updateMany({
    where: { id: { in: ids }, leasedBy: workerId, status: 'PENDING' },
    data: { leaseUntil: new Date(Date.now() + leaseMs) },
  });
}

/** On shutdown: hand unfinished claims back so another worker picks them up at once. */
export function releaseLeases(prisma: PrismaClient, workerId: string, ids: string[]) {
  if (ids.length === 0) return Promise.resolve({ count: 0 });
  return prisma.delivery.updateMany({ where: { id: { in: ids }, leasedBy: workerId, status: 'PENDING' }, data: { leaseUntil: null, leasedBy: null } });
}

export async function queueStats(prisma: PrismaClient): Promise<{ depth: number; oldestDueAgeSeconds: number }> {
  const [row] = await prisma.$queryRaw<Array<{ depth: bigint; oldest: Date | null }>>`
    SELECT count(*) AS depth, min("nextAttemptAt") AS oldest
      FROM "Delivery" WHERE status = 'PENDING' AND "nextAttemptAt" <= now()`;
  const oldest = row?.oldest ? (Date.now() - row.oldest.getTime()) / 1000 : 0;
  return { depth: Number(row?.depth ?? 0), oldestDueAgeSeconds: Math.max(0, oldest) };
}
