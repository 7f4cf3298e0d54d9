// Ingest: the Event and one Delivery per (subscribed webhook x URL) are written atomically (one
// statement, or one transaction with an idempotency key), so an accepted event can never lose its
// deliveries. Workers are woken after the commit.
import { uuidv7 } from '../delivery/queue.ts';
import { FieldErrors, NotFoundError } from '../errors.ts';
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
  const eventType = await findEventType(deps.prisma, tenantId, input.type);
  if (!eventType) errors.add(['input', 'type'], `Unknown event type "${input.type}"; see the eventTypes query`);
  errors.throwIfAny();
  if (input.applicationId) {
    const owned = await deps.prisma.application.count({ where: { id: input.applicationId, tenantId } });
    if (owned === 0) throw new NotFoundError('Application', input.applicationId);
  }

  if (!input.idempotencyKey) {
    const result = await insertEvent(deps.prisma, tenantId, input, eventType!.group);
    if (result.deliveryCount > 0) deps.onDeliveriesCreated?.(result.deliveryCount);
    return result;
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

// Event types are only ever added (never renamed, regrouped or deleted), so a type once found stays
// valid: cache the lookups per client (unknown names are not cached).
const typeCache = new WeakMap<PrismaClient, Map<string, { group: string | null }>>();
const TYPE_CACHE_MAX = 10_000;

async function findEventType(prisma: PrismaClient, tenantId: string, name: string): Promise<{ group: string | null } | null> {
  let cache = typeCache.get(prisma);
  if (!cache) typeCache.set(prisma, (cache = new Map()));
  const key = `${tenantId}\u0000${name}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const found = await prisma.eventType.findFirst({ where: { name, OR: [{ tenantId: null }, { tenantId }] }, select: { group: true } });
  if (found) {
    if (cache.size >= TYPE_CACHE_MAX) cache.clear();
    cache.set(key, found);
  }
  return found;
}

// The event and its deliveries in one statement, subscribed webhooks included: atomic (the
// deliveries' foreign key to the event is checked at the end of the statement) and one round
// trip. The webhook condition is subscribedWhere() in SQL: active, not deleted, subscribed to the
// type or its group, owned by no application or by the event's. Ids are UUID v7: the event's made
// here, the deliveries' from one more made here with the row number in its last 24 bits, so they
// follow webhook (then URL) order exactly as if made one by one.
const INSERT_EVENT = `
  WITH e AS (
    INSERT INTO "Event" (id, "tenantId", type, data, "applicationId", "idempotencyKey", "isTest", "createdAt")
    VALUES ($1::uuid, $2, $3, $4::jsonb, $5::uuid, NULL, false, $6::timestamptz)
    RETURNING id
  ), w AS (
    SELECT h.id AS "webhookId", u.url, row_number() OVER (ORDER BY h.id, u.ord) AS rn
      FROM "Webhook" h
     CROSS JOIN LATERAL unnest(h.urls) WITH ORDINALITY AS u(url, ord)
     WHERE h."tenantId" = $2 AND h."isActive" AND h."deletedAt" IS NULL
       AND (h.events @> ARRAY[$3]::text[] OR ($7::text IS NOT NULL AND h."eventGroup" = $7::text))
       AND (h."applicationId" IS NULL OR h."applicationId" = $5::uuid)
  ), d AS (
    INSERT INTO "Delivery" (id, "tenantId", "eventId", "webhookId", url, "createdAt", "updatedAt")
    SELECT (left($8, 30) || lpad(to_hex(w.rn), 6, '0'))::uuid, $2, (SELECT id FROM e), w."webhookId", w.url, $6::timestamptz, $6::timestamptz
      FROM w
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM d)::int AS n`;

async function insertEvent(prisma: PrismaClient, tenantId: string, input: PublishInput, group: string | null): Promise<Published> {
  const id = uuidv7();
  const createdAt = new Date();
  const [row] = await prisma.$queryRawUnsafe<Array<{ n: number }>>(
    INSERT_EVENT,
    id,
    tenantId,
    input.type,
    JSON.stringify(input.data),
    input.applicationId ?? null,
    createdAt.toISOString(),
    group,
    uuidv7(),
  );
  const event: Event = {
    id,
    tenantId,
    applicationId: input.applicationId ?? null,
    type: input.type,
    data: input.data as Prisma.JsonValue,
    idempotencyKey: null,
    isTest: false,
    createdAt,
  };
  return { event, deliveryCount: Number(row?.n ?? 0), duplicate: false };
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
