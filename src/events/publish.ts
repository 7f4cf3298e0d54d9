// Ingest: the Event and one Delivery per (subscribed webhook x URL) are written by one statement
// (FAN_OUT), so an accepted event can never lose its deliveries. The statement also applies the
// webhooks' payload filters (filter.ts) and writes SKIPPED deliveries for disabled webhooks.
// publishEvent without an idempotency key is that one statement; with a key, and for a batch
// (publishEvents), the statements run in one transaction. Workers are woken after the commit.
import { uuidv7 } from '../delivery/queue.ts';
import { DomainError, FieldErrors, NotFoundError, ValidationError } from '../errors.ts';
import { Prisma, type Event, type PrismaClient } from '../generated/prisma/client.ts';
import { checkData, type DataValidator, type SchemaRegistry } from './schema.ts';
import { assertWholeTenant, type Scope } from '../auth/scope.ts';
import { checkJsonDepth, type JsonLimits } from '../input.ts';
import type { Param, Sql, SqlTx, Statement } from '../db/sql.ts';

export interface PublishInput {
  type: string;
  data: unknown;
  applicationId?: string | null;
  idempotencyKey?: string | null;
}

export interface PublishDeps extends JsonLimits {
  prisma: PrismaClient;
  payloadMaxBytes: number;
  schemas: SchemaRegistry;
  /** Called after commit when deliveries were queued (wakes dispatchers). */
  onDeliveriesCreated?: (count: number) => void;
  /**
   * The driver under Prisma (src/db/sql.ts): a publish that is one statement (no idempotency key)
   * runs FAN_OUT there as a prepared statement, without Prisma's per-statement cost and without
   * PostgreSQL planning it again; a batch runs its transaction there.
   */
  sql?: Sql;
}

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;
/** The group of Hookgate's own operational event types (operational.ts); tenants cannot publish them. */
export const OPERATIONAL_GROUP = 'hookgate';

export interface Published {
  event: Event;
  /** Deliveries queued for sending. */
  deliveryCount: number;
  /** Deliveries recorded SKIPPED because their webhook is disabled (replayEvents sends them later). */
  skippedCount: number;
  /** True when the idempotency key matched an earlier event: nothing new was created. */
  duplicate: boolean;
}

/** A checked input, ready to be written. */
interface Prepared {
  tenantId: string;
  type: string;
  group: string | null;
  data: Prisma.InputJsonObject;
  /** `data` as JSON text, made once (its size was checked on it). */
  dataJson: string;
  applicationId: string | null;
  idempotencyKey: string | null;
  /** Operational events about a webhook are never delivered to that webhook. */
  excludeWebhookId: string | null;
}

/** Where write() runs its statements: Prisma (client or transaction), or a driver transaction. */
interface Db {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

function isDeadlock(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === 'P2034';
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/** A driver transaction (src/db/sql.ts) as a Db. */
function driverDb(tx: SqlTx): Db {
  return { $queryRawUnsafe: <T>(query: string, ...values: unknown[]) => tx.unsafe(query, values as Param[]) as Promise<T> };
}

export async function publishEvent(deps: PublishDeps, scope: Scope, input: PublishInput): Promise<Published> {
  assertWholeTenant(scope, 'publish events');
  const p = await prepare(deps, scope.tenantId, input, ['input']);
  const result = p.idempotencyKey
    ? await deps.prisma.$transaction((tx) => write(tx, p))
    : await write(deps.prisma, p, deps.sql);
  if (!result.duplicate && result.deliveryCount > 0) deps.onDeliveriesCreated?.(result.deliveryCount);
  return result;
}

/**
 * A batch: every item is checked on its own (an invalid item is answered with its error, paths
 * under input.events.<i>), the valid ones are written in one transaction, and the answer lists
 * one result per item in input order. Idempotency keys work per item, also between items of the
 * same batch (the second of two equal keys is a duplicate of the first).
 */
export async function publishEvents(
  deps: PublishDeps & { batchMax: number },
  scope: Scope,
  inputs: readonly PublishInput[],
): Promise<Array<Published | DomainError>> {
  assertWholeTenant(scope, 'publish events');
  const { tenantId } = scope;
  if (inputs.length === 0) throw ValidationError.one(['input', 'events'], 'At least one event is required');
  if (inputs.length > deps.batchMax) throw ValidationError.one(['input', 'events'], `At most ${deps.batchMax} events per batch (HOOKGATE_PUBLISH_BATCH_MAX)`);
  const prepared = await Promise.all(
    inputs.map((input, i) =>
      prepare(deps, tenantId, input, ['input', 'events', i]).catch((err: unknown) => {
        if (err instanceof DomainError) return err;
        throw err;
      }),
    ),
  );
  const results: Array<Published | DomainError> = [...prepared] as Array<Published | DomainError>;
  const valid = prepared.flatMap((p, i) => (p instanceof DomainError ? [] : [{ p, i }]));
  if (valid.length > 0) {
    for (let attempt = 1; ; attempt++) {
      try {
        if (deps.sql) {
          await deps.sql.transaction(async (tx) => {
            const db = driverDb(tx);
            for (const { p, i } of valid) results[i] = await write(db, p, tx);
          });
        } else {
          await deps.prisma.$transaction(
            async (tx) => {
              for (const { p, i } of valid) results[i] = await write(tx, p);
            },
            // A batch of 100 is 100 statements: give it more than the 5 s default on a loaded machine.
            { timeout: 60_000, maxWait: 10_000 },
          );
        }
        break;
      } catch (err) {
        // A batch holds the FIFO lines it reaches until it commits (src/delivery/line.ts): two
        // batches reaching the same lines in different orders can deadlock, and PostgreSQL then
        // aborts one (P2034 through Prisma, 40P01 from the driver). Nothing of it was written:
        // run it again.
        if (!isDeadlock(err) || attempt >= 3) throw err;
      }
    }
  }
  const queued = results.reduce((n, r) => n + (r instanceof DomainError || r.duplicate ? 0 : r.deliveryCount), 0);
  if (queued > 0) deps.onDeliveriesCreated?.(queued);
  return results;
}

/**
 * Publishes one of Hookgate's own events inside the caller's transaction (the state change it
 * reports commits with it). It reaches the tenant's webhooks subscribed to it, owned by no
 * application or by the subject webhook's, never the subject webhook itself.
 */
export async function publishOperational(
  tx: Db,
  ev: { tenantId: string; type: string; data: Prisma.InputJsonObject; applicationId: string | null; aboutWebhookId: string },
): Promise<Published> {
  return write(tx, {
    tenantId: ev.tenantId,
    type: ev.type,
    group: OPERATIONAL_GROUP,
    data: ev.data,
    dataJson: JSON.stringify(ev.data),
    applicationId: ev.applicationId,
    idempotencyKey: null,
    excludeWebhookId: ev.aboutWebhookId,
  });
}

async function prepare(deps: PublishDeps, tenantId: string, input: PublishInput, at: (string | number)[]): Promise<Prepared> {
  const errors = new FieldErrors();
  let dataJson = '';
  const isObject = typeof input.data === 'object' && input.data !== null && !Array.isArray(input.data);
  if (!isObject) {
    errors.add([...at, 'data'], 'Event data must be a JSON object');
  } else if (checkJsonDepth(errors, [...at, 'data'], input.data, deps)) {
    // Measured only once the depth is bounded: JSON.stringify recurses.
    dataJson = JSON.stringify(input.data);
    const size = Buffer.byteLength(dataJson);
    if (size > deps.payloadMaxBytes) errors.add([...at, 'data'], `Event data is ${size} bytes; the limit is ${deps.payloadMaxBytes}`);
  }
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey)) {
    errors.add([...at, 'idempotencyKey'], 'Idempotency key must be 1-200 printable ASCII characters without spaces');
  }
  const eventType = await findEventType(deps, tenantId, input.type);
  if (!eventType) errors.add([...at, 'type'], `Unknown event type "${input.type}"; see the eventTypes query`);
  else if (eventType.group === OPERATIONAL_GROUP) errors.add([...at, 'type'], `"${input.type}" is published by Hookgate itself`);
  else if (eventType.validator && isObject && errors.empty) checkData(errors, [...at, 'data'], eventType.validator, input.data);
  errors.throwIfAny();
  if (input.applicationId) {
    const owned = await deps.prisma.application.count({ where: { id: input.applicationId, tenantId } });
    if (owned === 0) throw new NotFoundError('Application', input.applicationId);
  }
  return {
    tenantId,
    type: input.type,
    group: eventType!.group,
    data: input.data as Prisma.InputJsonObject,
    dataJson,
    applicationId: input.applicationId ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    excludeWebhookId: null,
  };
}

// Event types are only ever added, but their schema may change (updateEventType): lookups are
// cached per client for a few seconds, so another process sees a new schema within that time
// (this process at once: updateEventType calls forgetEventType). Unknown names are not cached.
interface TypeInfo {
  group: string | null;
  validator: DataValidator | null;
  at: number;
}
const typeCache = new WeakMap<PrismaClient, Map<string, TypeInfo>>();
const TYPE_CACHE_MAX = 10_000;
export const TYPE_CACHE_TTL_MS = 5_000;

async function findEventType(deps: PublishDeps, tenantId: string, name: string): Promise<TypeInfo | null> {
  let cache = typeCache.get(deps.prisma);
  if (!cache) typeCache.set(deps.prisma, (cache = new Map()));
  const key = `${tenantId}\u0000${name}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TYPE_CACHE_TTL_MS) return hit;
  const found = await deps.prisma.eventType.findFirst({
    where: { name, OR: [{ tenantId: null }, { tenantId }] },
    select: { group: true, schema: true },
  });
  if (!found) return null;
  const info: TypeInfo = {
    group: found.group,
    validator: found.schema ? deps.schemas.validator(found.schema as Record<string, unknown>) : null,
    at: Date.now(),
  };
  if (cache.size >= TYPE_CACHE_MAX) cache.clear();
  cache.set(key, info);
  return info;
}

/** Drops cached lookups of a type (its schema changed). */
export function forgetEventType(prisma: PrismaClient, tenantId: string, name: string): void {
  typeCache.get(prisma)?.delete(`${tenantId}\u0000${name}`);
}

// The event and its deliveries in one statement: atomic (the deliveries' foreign key to the
// event is checked at the end of the statement) and one round trip. Subscribed webhooks: of the
// tenant, not deleted, subscribed to the type or its group, owned by no application or by the
// event's, whose filter (a stored SQL/JSON path predicate, filter.ts) holds for {type, data}. An
// active webhook gets a PENDING delivery, a disabled one a SKIPPED delivery (never due). With an
// idempotency key the event insert does nothing on a conflict, and then neither does the
// delivery insert (it joins the inserted event). Ids are UUID v7: the event's made here, the
// deliveries' from one more made here with the row number in its last 24 bits, so they follow
// webhook (then URL) order exactly as if made one by one. A FIFO webhook's delivery joins its
// line (CTE l, src/delivery/line.ts); an UNORDERED one never touches DeliveryLine.
const FAN_OUT = `
  WITH e AS (
    INSERT INTO "Event" (id, "tenantId", type, data, "applicationId", "idempotencyKey", "isTest", "createdAt")
    VALUES ($1::uuid, $2, $3, $4::jsonb, $5::uuid, $9::text, false, $6::timestamptz)
    ON CONFLICT ("tenantId", "idempotencyKey") DO NOTHING
    RETURNING id
  ), w AS (
    SELECT h.id AS "webhookId", u.url, h."isActive" AS active, h.ordering = 'FIFO' AS fifo,
           (left($8, 30) || lpad(to_hex(row_number() OVER (ORDER BY h.id, u.ord)), 6, '0'))::uuid AS id
      FROM "Webhook" h
     CROSS JOIN LATERAL unnest(h.urls) WITH ORDINALITY AS u(url, ord)
     WHERE h."tenantId" = $2 AND h."deletedAt" IS NULL
       AND (h.events @> ARRAY[$3]::text[] OR ($7::text IS NOT NULL AND h."eventGroup" = $7::text))
       AND (h."applicationId" IS NULL OR h."applicationId" = $5::uuid)
       AND ($10::uuid IS NULL OR h.id <> $10::uuid)
       AND (h."filterPath" IS NULL OR jsonb_build_object('type', $3::text, 'data', $4::jsonb) @@ h."filterPath"::jsonpath)
  ), l AS (
    -- FIFO lines (src/delivery/line.ts): the delivery becomes its line's head when the line is
    -- idle, else it is parked (nextAttemptAt null) behind the head. Rows locked in (webhook, url)
    -- order, the order every other locker of several lines uses (line.ts).
    INSERT INTO "DeliveryLine" ("webhookId", url, head)
    SELECT w."webhookId", w.url, w.id FROM w CROSS JOIN e WHERE w.fifo AND w.active ORDER BY w."webhookId", w.url
    ON CONFLICT ("webhookId", url) DO UPDATE SET head = EXCLUDED.head WHERE "DeliveryLine".head IS NULL
    RETURNING head
  ), d AS (
    INSERT INTO "Delivery" (id, "tenantId", "eventId", "webhookId", url, status, "nextAttemptAt", "completedAt", "lineSeq", "createdAt", "updatedAt")
    SELECT w.id, $2, e.id, w."webhookId", w.url,
           CASE WHEN w.active THEN 'PENDING' ELSE 'SKIPPED' END::"DeliveryStatus",
           CASE WHEN NOT w.active OR (w.fifo AND w.id NOT IN (SELECT head FROM l)) THEN NULL ELSE $6::timestamptz END,
           CASE WHEN w.active THEN NULL ELSE $6::timestamptz END,
           -- Skipped deliveries of a FIFO webhook take their place too: a replay re-queues them there.
           CASE WHEN w.fifo THEN nextval('"Delivery_lineSeq_seq"') END,
           $6::timestamptz, $6::timestamptz
      FROM w CROSS JOIN e
    RETURNING status
  )
  SELECT (SELECT count(*) FROM e)::int AS inserted,
         (SELECT count(*) FROM d WHERE status = 'PENDING')::int AS queued,
         (SELECT count(*) FROM d WHERE status = 'SKIPPED')::int AS skipped`;

const FAN_OUT_STATEMENT: Statement = {
  name: 'hookgate_fan_out',
  text: FAN_OUT,
  types: ['uuid', 'text', 'text', 'jsonb', 'uuid', 'timestamptz', 'text', 'text', 'text', 'uuid'],
};

type FanOutRow = { inserted: number; queued: number; skipped: number };

/** `sql`: where FAN_OUT runs prepared, the driver itself or a driver transaction that `db` is too. */
async function write(db: Db, p: Prepared, sql?: Pick<Sql, 'query'>): Promise<Published> {
  if (p.idempotencyKey) {
    const earlier = await findByKey(db, p.tenantId, p.idempotencyKey);
    if (earlier && earlier.createdAt.getTime() > Date.now() - IDEMPOTENCY_WINDOW_MS) return duplicateOf(db, earlier);
    // Past the window the key is free again: detach it from the old event.
    if (earlier) await db.$queryRawUnsafe('UPDATE "Event" SET "idempotencyKey" = NULL WHERE id = $1::uuid RETURNING id', earlier.id);
  }
  const id = uuidv7();
  const createdAt = new Date();
  const params = [id, p.tenantId, p.type, p.dataJson, p.applicationId, createdAt.toISOString(), p.group, uuidv7(), p.idempotencyKey, p.excludeWebhookId];
  const [row] = sql ? await sql.query<FanOutRow>(FAN_OUT_STATEMENT, params) : await db.$queryRawUnsafe<FanOutRow[]>(FAN_OUT, ...params);
  if (!row || row.inserted === 0) {
    // Another publish with the same new key committed first (PostgreSQL made this insert wait
    // for it): its event is the answer.
    const earlier = p.idempotencyKey ? await findByKey(db, p.tenantId, p.idempotencyKey) : null;
    if (!earlier) throw new Error('The event was neither inserted nor found');
    return duplicateOf(db, earlier);
  }
  const event: Event = {
    id,
    tenantId: p.tenantId,
    applicationId: p.applicationId,
    type: p.type,
    data: p.data as Prisma.JsonValue,
    idempotencyKey: p.idempotencyKey,
    isTest: false,
    createdAt,
  };
  return { event, deliveryCount: row.queued, skippedCount: row.skipped, duplicate: false };
}

interface EventRow {
  id: string;
  tenantId: string;
  applicationId: string | null;
  type: string;
  data: Prisma.JsonValue;
  idempotencyKey: string | null;
  isTest: boolean;
  createdAt: Date;
}

async function findByKey(db: Db, tenantId: string, key: string): Promise<EventRow | null> {
  const [row] = await db.$queryRawUnsafe<EventRow[]>(
    `SELECT id::text, "tenantId", "applicationId"::text, type, data, "idempotencyKey", "isTest", "createdAt"
       FROM "Event" WHERE "tenantId" = $1 AND "idempotencyKey" = $2`,
    tenantId,
    key,
  );
  return row ?? null;
}

async function duplicateOf(db: Db, event: EventRow): Promise<Published> {
  const [counts] = await db.$queryRawUnsafe<Array<{ queued: number; skipped: number }>>(
    `SELECT count(*) FILTER (WHERE status <> 'SKIPPED')::int AS queued, count(*) FILTER (WHERE status = 'SKIPPED')::int AS skipped
       FROM "Delivery" WHERE "eventId" = $1::uuid`,
    event.id,
  );
  return { event, deliveryCount: counts?.queued ?? 0, skippedCount: counts?.skipped ?? 0, duplicate: true };
}
