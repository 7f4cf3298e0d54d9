// Deliveries started by a person rather than by publishEvent: a test send (inline, waits for the
// outcome), a retry of one delivery, and a replay of a webhook's events over a time window.
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { encodeId } from '../ids.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { AttemptMessage } from '../pubsub/index.ts';
import { findLiveWebhook } from '../webhooks/service.ts';
import type { Deliverer } from './deliver.ts';
import { loadForSend } from './queue.ts';
import { joinLines, LINE_SEQUENCE, promote, takeLineSeqs } from './line.ts';
import { ownedDeliveries, type Scope } from '../auth/scope.ts';

export async function sendTestWebhook(
  deps: { prisma: PrismaClient; deliverer: Deliverer },
  scope: Scope,
  webhookId: string,
  eventType: string | null | undefined,
): Promise<AttemptMessage> {
  const { tenantId } = scope;
  const webhook = await findLiveWebhook(deps.prisma, scope, webhookId);
  const typeName = eventType ?? webhook.events[0] ?? null;
  const type = typeName
    ? await deps.prisma.eventType.findFirst({ where: { name: typeName, OR: [{ tenantId: null }, { tenantId }] } })
    : await deps.prisma.eventType.findFirst({ where: { group: webhook.eventGroup, OR: [{ tenantId: null }, { tenantId }] }, orderBy: { name: 'asc' } });
  if (!type) throw ValidationError.one(['input', 'eventType'], `Unknown event type "${typeName ?? ''}"`);
  const data = (type.example ?? {}) as Prisma.InputJsonObject;
  // A test event is stored like any other (so its attempt is queryable) but marked isTest and
  // never fanned out; its delivery is not due (nextAttemptAt null), so no worker claims it.
  const delivery = await deps.prisma.$transaction(async (tx) => {
    // The webhook's application owns the test event, so a portal sees its own tests.
    const event = await tx.event.create({ data: { tenantId, applicationId: webhook.applicationId, type: type.name, data: { ...data, test: true }, isTest: true } });
    return tx.delivery.create({ data: { tenantId, eventId: event.id, webhookId: webhook.id, url: webhook.urls[0]!, nextAttemptAt: null } });
  });
  const [row] = await loadForSend(deps.prisma, [delivery.id]);
  // The webhook may be inactive: a test must still reach it, so attempt as if it were active.
  return deps.deliverer.attempt({ ...row!, webhook: { ...row!.webhook, isActive: true } }, null, 'TEST');
}

export async function retryDelivery(prisma: PrismaClient, scope: Scope, deliveryId: string, onQueued: () => void) {
  const delivery = await prisma.delivery.findFirst({ where: { ...ownedDeliveries(scope), id: deliveryId }, include: { webhook: true } });
  if (!delivery) throw new NotFoundError('Delivery', deliveryId);
  if (delivery.webhook.deletedAt) throw new NotFoundError('Webhook', delivery.webhookId);
  if (delivery.status === 'SUCCEEDED') throw new ConflictError('The delivery already succeeded');
  if (!delivery.webhook.isActive) {
    throw new ConflictError(`The webhook is disabled (${delivery.webhook.disabledReason ?? 'by the user'}); enable it with updateWebhook first`);
  }
  if (delivery.status === 'PENDING' && delivery.nextAttemptAt !== null) {
    // Already queued: bring the next attempt forward instead of adding a second one.
    await prisma.delivery.updateMany({ where: { id: deliveryId, status: 'PENDING' }, data: { nextAttemptAt: new Date(), manual: true } });
  } else if (delivery.status === 'PENDING' && delivery.lineSeq !== null) {
    // Parked in a FIFO line: it goes when its turn comes, and jumping the line would break the
    // order it is there for. Nothing to do.
    return delivery;
  } else if (delivery.webhook.ordering === 'FIFO') {
    // Back into its line at its old place (before everything published after it): it is sent
    // as soon as the delivery now in flight, if any, is done.
    await prisma.$transaction(async (tx) => {
      await joinLines(tx, delivery.webhookId, [delivery.url]);
      const seq = delivery.lineSeq ?? (await takeLineSeqs(tx, 1))[0]!;
      await tx.delivery.update({
        where: { id: deliveryId },
        data: { status: 'PENDING', nextAttemptAt: null, completedAt: null, manual: true, leaseUntil: null, leasedBy: null, lineSeq: seq },
      });
      await promote(tx, delivery.webhookId, delivery.url);
    });
  } else {
    await prisma.delivery.update({
      where: { id: deliveryId },
      data: { status: 'PENDING', nextAttemptAt: new Date(), completedAt: null, manual: true, leaseUntil: null, leasedBy: null, lineSeq: null },
    });
  }
  onQueued();
  return prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
}

// The events of a window that this webhook would receive if they were published now: the same
// routing as fan-out (publish.ts): subscribed type or group, application, the webhook's filter,
// never an operational event about itself. With onlyFailed, events it already received or is
// receiving are left out. Events with a SKIPPED delivery are left out too: that row itself is
// re-queued (REQUEUE_SKIPPED), so a skipped event keeps its place in publish order.
const REPLAY_EVENTS = `
  SELECT e.id::text AS id
    FROM "Event" e, "Webhook" h
   WHERE h.id = $1::uuid AND e."tenantId" = h."tenantId" AND NOT e."isTest"
     AND e."createdAt" >= $2::timestamptz AND e."createdAt" < $3::timestamptz
     AND (e.type = ANY (h.events) OR (h."eventGroup" IS NOT NULL AND EXISTS (
           SELECT 1 FROM "EventType" t
            WHERE t.name = e.type AND t."group" = h."eventGroup" AND (t."tenantId" IS NULL OR t."tenantId" = h."tenantId"))))
     AND (h."applicationId" IS NULL OR e."applicationId" = h."applicationId")
     AND (h."filterPath" IS NULL OR jsonb_build_object('type', e.type, 'data', e.data) @@ h."filterPath"::jsonpath)
     AND NOT (e.type LIKE 'hookgate.%' AND e.data #>> '{webhook,id}' = $5)
     AND NOT EXISTS (
           SELECT 1 FROM "Delivery" d
            WHERE d."eventId" = e.id AND d."webhookId" = h.id
              AND (d.status = 'SKIPPED' OR ($4::boolean AND d.status IN ('SUCCEEDED', 'PENDING'))))
   ORDER BY e.id
   LIMIT 10000`;

// FIFO ($4): re-queued rows are parked at their place in the line (their lineSeq from publish;
// rows skipped while the webhook was UNORDERED get one now, after everything queued), and the line
// moves when idle (line.ts). UNORDERED: due now.
const REQUEUE_SKIPPED = `
  UPDATE "Delivery" d
     SET status = 'PENDING', "completedAt" = NULL, "updatedAt" = now(),
         "nextAttemptAt" = CASE WHEN $4::boolean THEN NULL ELSE now() END,
         "lineSeq" = CASE WHEN $4::boolean THEN COALESCE(d."lineSeq", nextval('${LINE_SEQUENCE}')) END
    FROM "Event" e
   WHERE d."webhookId" = $1::uuid AND d.status = 'SKIPPED' AND e.id = d."eventId"
     AND e."createdAt" >= $2::timestamptz AND e."createdAt" < $3::timestamptz
  RETURNING d."eventId"::text AS "eventId"`;

/**
 * Queues the webhook's events of [since, until) again: by default only those whose delivery to
 * this webhook did not succeed, were skipped while it was disabled (their SKIPPED deliveries are
 * re-queued), or never existed. The webhook must be enabled.
 */
export async function replayEvents(
  prisma: PrismaClient,
  scope: Scope,
  webhookId: string,
  window: { since: Date; until: Date; onlyFailed: boolean },
  onQueued: () => void,
): Promise<{ eventCount: number; deliveryCount: number }> {
  const { tenantId } = scope;
  if (!(window.since < window.until)) throw ValidationError.one(['input', 'until'], 'until must be after since');
  if (window.until.getTime() - window.since.getTime() > 31 * 24 * 3600 * 1000) throw ValidationError.one(['input', 'since'], 'The window may span at most 31 days');
  const webhook = await findLiveWebhook(prisma, scope, webhookId);
  if (!webhook.isActive) {
    throw new ConflictError(`The webhook is disabled (${webhook.disabledReason ?? 'by the user'}); enable it with updateWebhook first`);
  }
  const since = window.since.toISOString();
  const until = window.until.toISOString();
  const fifo = webhook.ordering === 'FIFO';
  const result = await prisma.$transaction(async (tx) => {
    // FIFO: the lines first (line.ts lock order); then every statement below sees what a
    // concurrent fan-out parked in them.
    if (fifo) await joinLines(tx, webhookId, webhook.urls);
    const events = await tx.$queryRawUnsafe<Array<{ id: string }>>(REPLAY_EVENTS, webhookId, since, until, window.onlyFailed, encodeId('Webhook', webhookId));
    // In event order: for a FIFO webhook the new deliveries join the end of their lines in it.
    const seqs = fifo ? await takeLineSeqs(tx, events.length * webhook.urls.length) : [];
    const rows = events.flatMap((e, i) =>
      webhook.urls.map((url, j) => ({
        tenantId,
        eventId: e.id,
        webhookId,
        url,
        ...(fifo ? { nextAttemptAt: null, lineSeq: seqs[i * webhook.urls.length + j]! } : {}),
      })),
    );
    if (rows.length > 0) await tx.delivery.createMany({ data: rows });
    const requeued = await tx.$queryRawUnsafe<Array<{ eventId: string }>>(REQUEUE_SKIPPED, webhookId, since, until, fifo);
    if (fifo) for (const url of webhook.urls) await promote(tx, webhookId, url);
    return { eventCount: events.length + new Set(requeued.map((r) => r.eventId)).size, deliveryCount: rows.length + requeued.length };
  });
  if (result.deliveryCount > 0) onQueued();
  return result;
}
