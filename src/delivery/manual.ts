// Deliveries started by a person rather than by publishEvent: a test send (inline, waits for the
// outcome), a retry of one delivery, and a replay of a webhook's events over a time window.
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { AttemptMessage } from '../pubsub/index.ts';
import { findLiveWebhook } from '../webhooks/service.ts';
import type { Deliverer } from './deliver.ts';
import { loadForSend } from './queue.ts';

export async function sendTestWebhook(
  deps: { prisma: PrismaClient; deliverer: Deliverer },
  tenantId: string,
  webhookId: string,
  eventType: string | null | undefined,
): Promise<AttemptMessage> {
  const webhook = await findLiveWebhook(deps.prisma, tenantId, webhookId);
  const typeName = eventType ?? webhook.events[0] ?? null;
  const type = typeName
    ? await deps.prisma.eventType.findFirst({ where: { name: typeName, OR: [{ tenantId: null }, { tenantId }] } })
    : await deps.prisma.eventType.findFirst({ where: { group: webhook.eventGroup, OR: [{ tenantId: null }, { tenantId }] }, orderBy: { name: 'asc' } });
  if (!type) throw ValidationError.one(['eventType'], `Unknown event type "${typeName ?? ''}"`);
  const data = (type.example ?? {}) as Prisma.InputJsonObject;
  // A test event is stored like any other (so its attempt is queryable) but marked isTest and
  // never fanned out; its delivery is not due (nextAttemptAt null), so no worker claims it.
  const delivery = await deps.prisma.$transaction(async (tx) => {
    const event = await tx.event.create({ data: { tenantId, type: type.name, data: { ...data, test: true }, isTest: true } });
    return tx.delivery.create({ data: { tenantId, eventId: event.id, webhookId: webhook.id, url: webhook.urls[0]!, nextAttemptAt: null } });
  });
  const [row] = await loadForSend(deps.prisma, [delivery.id]);
  // The webhook may be inactive: a test must still reach it, so attempt as if it were active.
  return deps.deliverer.attempt({ ...row!, webhook: { ...row!.webhook, isActive: true } }, null, 'TEST');
}

export async function retryDelivery(prisma: PrismaClient, tenantId: string, deliveryId: string, onQueued: () => void) {
  const delivery = await prisma.delivery.findFirst({ where: { id: deliveryId, tenantId }, include: { webhook: true } });
  if (!delivery) throw new NotFoundError('Delivery', deliveryId);
  if (delivery.webhook.deletedAt) throw new NotFoundError('Webhook', delivery.webhookId);
  if (delivery.status === 'SUCCEEDED') throw new ConflictError('The delivery already succeeded');
  if (!delivery.webhook.isActive) {
    throw new ConflictError(`The webhook is disabled (${delivery.webhook.disabledReason ?? 'by the user'}); enable it with updateWebhook first`);
  }
  if (delivery.status === 'PENDING' && delivery.nextAttemptAt !== null) {
    // Already queued: bring the next attempt forward instead of adding a second one.
    await prisma.delivery.updateMany({ where: { id: deliveryId, status: 'PENDING' }, data: { nextAttemptAt: new Date(), manual: true } });
  } else {
    await prisma.delivery.update({
      where: { id: deliveryId },
      data: { status: 'PENDING', nextAttemptAt: new Date(), completedAt: null, manual: true, leaseUntil: null, leasedBy: null },
    });
  }
  onQueued();
  return prisma.delivery.findUniqueOrThrow({ where: { id: deliveryId } });
}

/**
 * Queues the webhook's events of [since, until) again: by default only those whose delivery to
 * this webhook did not succeed (or never existed, e.g. while the webhook was disabled).
 */
export async function replayEvents(
  prisma: PrismaClient,
  tenantId: string,
  webhookId: string,
  window: { since: Date; until: Date; onlyFailed: boolean },
  onQueued: () => void,
): Promise<{ eventCount: number; deliveryCount: number }> {
  if (!(window.since < window.until)) throw ValidationError.one(['until'], 'until must be after since');
  if (window.until.getTime() - window.since.getTime() > 31 * 24 * 3600 * 1000) throw ValidationError.one(['since'], 'The window may span at most 31 days');
  const webhook = await findLiveWebhook(prisma, tenantId, webhookId);
  const types = await prisma.eventType.findMany({
    where: {
      AND: [
        { OR: [{ tenantId: null }, { tenantId }] },
        { OR: [{ name: { in: webhook.events } }, ...(webhook.eventGroup ? [{ group: webhook.eventGroup }] : [])] },
      ],
    },
    select: { name: true },
  });
  const events = await prisma.event.findMany({
    where: {
      tenantId,
      isTest: false,
      createdAt: { gte: window.since, lt: window.until },
      type: { in: types.map((t) => t.name) },
      // The routing of publishEvent (subscribedWhere): a webhook of an application receives that
      // application's events only; a webhook of no application receives every event.
      ...(webhook.applicationId ? { applicationId: webhook.applicationId } : {}),
      ...(window.onlyFailed ? { NOT: { deliveries: { some: { webhookId, status: { in: ['SUCCEEDED', 'PENDING'] } } } } } : {}),
    },
    select: { id: true },
    take: 10_000,
  });
  const rows = events.flatMap((e) => webhook.urls.map((url) => ({ tenantId, eventId: e.id, webhookId, url })));
  if (rows.length > 0) {
    await prisma.delivery.createMany({ data: rows });
    onQueued();
  }
  return { eventCount: events.length, deliveryCount: rows.length };
}
