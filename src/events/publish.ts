// Ingest: one transaction writes the Event and one Delivery per (subscribed webhook x URL), so an
// accepted event can never lose its deliveries. Workers are woken after the commit.
import { FieldErrors, NotFoundError, ValidationError } from '../errors.ts';
import { Prisma, type Event, type PrismaClient } from '../generated/prisma/client.ts';

export interface PublishInput {
  type: string;
  data: unknown;
  applicationId?: string | null;
  idempotencyKey?: string | null;
}

export interface PublishDeps {
  prisma: PrismaClient;
  payloadMaxBytes: number;
  /** Called after commit when deliveries were created (wakes dispatchers). */
  onDeliveriesCreated?: (count: number) => void;
}

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export interface Published {
  event: Event;
  deliveryCount: number;
  /** True when the idempotency key matched an earlier event: nothing new was created. */
  duplicate: boolean;
}

export async function publishEvent(deps: PublishDeps, tenantId: string, input: PublishInput): Promise<Published> {
  const errors = new FieldErrors();
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    errors.add(['input', 'data'], 'Event data must be a JSON object');
  } else {
    const size = Buffer.byteLength(JSON.stringify(input.data));
    if (size > deps.payloadMaxBytes) errors.add(['input', 'data'], `Event data is ${size} bytes; the limit is ${deps.payloadMaxBytes}`);
  }
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    errors.add(['input', 'idempotencyKey'], 'Idempotency key must be 1-200 printable ASCII characters without spaces');
  }
  const eventType = await deps.prisma.eventType.findFirst({
    where: { name: input.type, OR: [{ tenantId: null }, { tenantId }] },
    select: { group: true },
  });
  if (!eventType) errors.add(['input', 'type'], `Unknown event type "${input.type}"; see the eventTypes query`);
  errors.throwIfAny();
  if (input.applicationId) {
    const owned = await deps.prisma.application.count({ where: { id: input.applicationId, tenantId } });
    if (owned === 0) throw new NotFoundError('Application', input.applicationId);
  }

  const result = await deps.prisma.$transaction(async (tx): Promise<Published> => {
    if (input.idempotencyKey) {
      const earlier = await tx.event.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: input.idempotencyKey } } });
      if (earlier && earlier.createdAt.getTime() > Date.now() - IDEMPOTENCY_WINDOW_MS) {
        const deliveryCount = await tx.delivery.count({ where: { eventId: earlier.id } });
        return { event: earlier, deliveryCount, duplicate: true };
      }
      // Past the window the key is free again: detach it from the old event.
      if (earlier) await tx.event.update({ where: { id: earlier.id }, data: { idempotencyKey: null } });
    }
    const event = await tx.event.create({
      data: {
        tenantId,
        type: input.type,
        data: input.data as Prisma.InputJsonObject,
        applicationId: input.applicationId ?? null,
        idempotencyKey: input.idempotencyKey ?? null,
      },
    });
    const webhooks = await tx.webhook.findMany({
      where: subscribedWhere(tenantId, input.type, eventType!.group, input.applicationId ?? null),
      select: { id: true, urls: true },
      orderBy: { id: 'asc' },
    });
    const rows = webhooks.flatMap((w) => w.urls.map((url) => ({ tenantId, eventId: event.id, webhookId: w.id, url })));
    if (rows.length > 0) await tx.delivery.createMany({ data: rows });
    return { event, deliveryCount: rows.length, duplicate: false };
  }).catch(async (err: unknown): Promise<Published> => {
    // Two publishes with one new key at once (PostgreSQL): the second insert waits for the first
    // transaction and then violates the unique key. The first event is the answer, as a duplicate.
    if (!input.idempotencyKey || !(err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')) throw err;
    const earlier = await deps.prisma.event.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey: input.idempotencyKey } } });
    if (!earlier) throw err;
    return { event: earlier, deliveryCount: await deps.prisma.delivery.count({ where: { eventId: earlier.id } }), duplicate: true };
  });
  if (!result.duplicate && result.deliveryCount > 0) deps.onDeliveriesCreated?.(result.deliveryCount);
  return result;
}

/** Active webhooks of the tenant subscribed to the type or its group, owned by no app or the event's app. */
export function subscribedWhere(tenantId: string, type: string, group: string | null, applicationId: string | null): Prisma.WebhookWhereInput {
  return {
    tenantId,
    isActive: true,
    deletedAt: null,
    OR: [{ events: { has: type } }, ...(group ? [{ eventGroup: group }] : [])],
    AND: [{ OR: [{ applicationId: null }, ...(applicationId ? [{ applicationId }] : [])] }],
  };
}

export function assertEventWindow(since: Date, until: Date): void {
  if (!(since < until)) throw ValidationError.one(['until'], 'until must be after since');
}
