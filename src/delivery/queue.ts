// The delivery queue lives in the Delivery table. A worker claims due rows with
// FOR UPDATE SKIP LOCKED and a lease; a row whose lease ran out (its worker died) is due again.
// Every attempt is written together with the delivery's next state, atomically: one transaction
// (recordAttempt) or one statement for a whole group of attempts (AttemptWriter).
import { randomFillSync } from 'node:crypto';
import type { Sql, Statement } from '../db/sql.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { LOCK_LINE_STATEMENT, lockLine, lockWebhookLines, promote, PROMOTE_STATEMENT } from './line.ts';

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

/**
 * What an attempt reads of a delivery, its event and its webhook: the claim loads exactly this
 * (every column it loads is built into JSON by the database and parsed again by the worker, per
 * delivery), and loadForSend's full rows are one too.
 */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  eventId: string;
  webhookId: string;
  url: string;
  attemptCount: number;
  manual: boolean;
  lineSeq: bigint | null;
  event: {
    id: string;
    type: string;
    createdAt: Date;
    data: DeliveryForSend['event']['data'];
    application: { id: string; name: string } | null;
  };
  webhook: {
    id: string;
    tenantId: string;
    applicationId: string | null;
    name: string | null;
    urls: string[];
    bodyTemplate: string | null;
    isActive: boolean;
    disabledReason: string | null;
    deletedAt: Date | null;
    failingSince: Date | null;
    retrySchedule: number[];
    rateLimitPerSecond: number | null;
    headers: Array<{ name: string; value: string }>;
    secrets: Array<{ encrypted: string }>;
    oauthCredential: {
      id: string;
      tokenUrl: string;
      clientId: string;
      clientSecretEncrypted: string;
      scope: string | null;
      audience: string | null;
      updatedAt: Date;
    } | null;
  };
}

// Claim and load in one statement: the due rows are leased (SKIP LOCKED, oldest due first), and
// what an attempt needs (ClaimedDelivery: the event with its application, the webhook with its
// ordered headers, valid secrets newest first and OAuth credential) comes back as one JSON
// document, each event and webhook once. One round trip per batch instead of eight. Events and
// webhooks are looked up by primary key (LATERAL ... LIMIT 1 keeps the planner from turning that
// into a scan of the table), whatever its statistics say about the size of the batch.
const CLAIM_FOR_SEND = `
  WITH due AS (
    SELECT id FROM "Delivery"
     WHERE status = 'PENDING'
       AND "nextAttemptAt" <= now()
       AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
       -- A rate-limited webhook whose next slot is still ahead is skipped, so that its backlog
       -- neither fills the batch nor delays other webhooks (see ratelimit.ts).
       AND NOT EXISTS (
         SELECT 1 FROM "Webhook" w
          WHERE w.id = "Delivery"."webhookId" AND w."rateLimitPerSecond" IS NOT NULL
            AND w."rateTat" > now() + make_interval(secs => 1.0 / w."rateLimitPerSecond"))
     ORDER BY "nextAttemptAt"
     LIMIT $3::int -- replaced by the batch size (CLAIMS)
     FOR UPDATE SKIP LOCKED
  ), d AS (
    UPDATE "Delivery" AS d
       SET "leaseUntil" = now() + make_interval(secs => $2::float8),
           "leasedBy" = $1,
           "updatedAt" = now()
      FROM due
     WHERE d.id = due.id
    RETURNING d.id, d."tenantId", d."eventId", d."webhookId", d.url, d."attemptCount", d.manual, d."lineSeq", d."nextAttemptAt"
  )
  SELECT json_build_object(
    'deliveries', COALESCE((SELECT json_agg(json_build_object(
        'id', d.id, 'tenantId', d."tenantId", 'eventId', d."eventId", 'webhookId', d."webhookId", 'url', d.url,
        'attemptCount', d."attemptCount", 'manual', d.manual, 'lineSeq', d."lineSeq"::text) ORDER BY d."nextAttemptAt", d.id) FROM d), '[]'),
    'events', COALESCE((SELECT json_agg(json_build_object(
        'id', e.id, 'type', e.type, 'data', e.data, 'createdAt', e."createdAt",
        'application', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id, 'name', a.name) END))
      FROM (SELECT DISTINCT "eventId" FROM d) AS x
      JOIN LATERAL (SELECT * FROM "Event" WHERE id = x."eventId" LIMIT 1) AS e ON true
      LEFT JOIN "Application" a ON a.id = e."applicationId"), '[]'),
    'webhooks', COALESCE((SELECT json_agg(json_build_object(
        'id', h.id, 'tenantId', h."tenantId", 'applicationId', h."applicationId", 'name', h.name, 'urls', h.urls,
        'bodyTemplate', h."bodyTemplate", 'isActive', h."isActive", 'disabledReason', h."disabledReason",
        'deletedAt', h."deletedAt", 'failingSince', h."failingSince", 'retrySchedule', h."retrySchedule",
        'rateLimitPerSecond', h."rateLimitPerSecond",
        'headers', COALESCE((SELECT json_agg(json_build_object('name', x.name, 'value', x.value) ORDER BY x.position)
                               FROM "WebhookHeader" x WHERE x."webhookId" = h.id), '[]'),
        'secrets', COALESCE((SELECT json_agg(json_build_object('encrypted', s.encrypted) ORDER BY s.version DESC)
                               FROM "WebhookSecret" s
                              WHERE s."webhookId" = h.id AND (s."expiresAt" IS NULL OR s."expiresAt" > now())), '[]'),
        'oauthCredential', (SELECT json_build_object('id', o.id, 'tokenUrl', o."tokenUrl", 'clientId', o."clientId",
                                                     'clientSecretEncrypted', o."clientSecretEncrypted", 'scope', o.scope,
                                                     'audience', o.audience, 'updatedAt', o."updatedAt")
                              FROM "OAuthCredential" o WHERE o.id = h."oauthCredentialId")))
      FROM (SELECT DISTINCT "webhookId" FROM d) AS y
      JOIN LATERAL (SELECT * FROM "Webhook" WHERE id = y."webhookId" LIMIT 1) AS h ON true), '[]')
  ) AS batch,
  -- A lease needs no disk flush before the deliveries go out: if the database crashes before it
  -- is flushed, the deliveries are simply due again (at least once, as after a worker crash).
  -- Attempt records (AttemptWriter) and events keep synchronous commits.
  set_config('synchronous_commit', 'off', true) AS "asyncCommit"`;

type Json<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
type ClaimedWebhook = ClaimedDelivery['webhook'];
type ClaimedEvent = ClaimedDelivery['event'];
interface ClaimBatch {
  // bigint travels as text (JSON numbers lose precision past 2^53).
  deliveries: Array<Omit<ClaimedDelivery, 'event' | 'webhook' | 'lineSeq'> & { lineSeq: string | null }>;
  events: Array<Json<ClaimedEvent>>;
  webhooks: Array<
    Json<Omit<ClaimedWebhook, 'oauthCredential'>> & { oauthCredential: Json<NonNullable<ClaimedWebhook['oauthCredential']>> | null }
  >;
}

// The batch size is a literal in the statement, one prepared statement per size: with LIMIT $3
// the planner's generic plan assumes a tenth of the queue (a hash join over every Delivery row),
// so PostgreSQL planned the claim again at every execution (pg_prepared_statements showed 0
// generic plans), about a third of the claim's database time. With a literal the generic plan is
// the custom one and is kept after the fifth execution. Sizes are the powers of two up to 1024
// (claimSize), so a connection holds at most eleven of these; CLAIMS[k] claims 2^k.
const CLAIMS: readonly Statement[] = Array.from({ length: 11 }, (_, k) => ({
  name: `hookgate_claim_for_send_v6_${2 ** k}`,
  text: CLAIM_FOR_SEND.replace('$3::int', String(2 ** k)),
  types: ['text', 'float8'],
}));

/** The batch to claim for `room` free places: the largest power of two not above it (0 for none). */
export function claimSize(room: number): number {
  return room < 1 ? 0 : 2 ** Math.floor(Math.log2(Math.min(room, 2 ** (CLAIMS.length - 1))));
}

const date = (v: string) => new Date(v);
const dateOrNull = (v: string | null) => (v === null ? null : new Date(v));

/**
 * Claims up to claimSize(limit) due deliveries (lease + SKIP LOCKED, oldest due first) and returns
 * them loaded for an attempt, in one statement.
 */
export async function claimForSend(sql: Sql, opts: { workerId: string; limit: number; leaseMs: number }): Promise<ClaimedDelivery[]> {
  const size = claimSize(opts.limit);
  if (size === 0) return [];
  const [row] = await sql.query<{ batch: ClaimBatch }>(CLAIMS[Math.log2(size)]!, [opts.workerId, opts.leaseMs / 1000]);
  if (!row) return [];
  const batch = row.batch;
  if (batch.deliveries.length === 0) return [];
  const events = new Map<string, ClaimedEvent>();
  for (const e of batch.events) {
    events.set(e.id, { id: e.id, type: e.type, createdAt: date(e.createdAt), data: e.data, application: e.application });
  }
  const webhooks = new Map<string, ClaimedWebhook>();
  for (const w of batch.webhooks) {
    const o = w.oauthCredential;
    webhooks.set(w.id, {
      ...w,
      deletedAt: dateOrNull(w.deletedAt),
      failingSince: dateOrNull(w.failingSince),
      oauthCredential: o ? { ...o, updatedAt: date(o.updatedAt) } : null,
    });
  }
  const out: ClaimedDelivery[] = [];
  for (const d of batch.deliveries) {
    const event = events.get(d.eventId);
    const webhook = webhooks.get(d.webhookId);
    // Both are foreign keys with cascading deletes: a claimed row always has them.
    if (!event || !webhook) continue;
    out.push({
      id: d.id,
      tenantId: d.tenantId,
      eventId: d.eventId,
      webhookId: d.webhookId,
      url: d.url,
      attemptCount: d.attemptCount,
      manual: d.manual,
      lineSeq: d.lineSeq === null ? null : BigInt(d.lineSeq),
      event,
      webhook,
    });
  }
  return out;
}

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

/** A delivery of a FIFO line whose next state ends it: its line must move on (line.ts). */
export function endsLineHead(d: { lineSeq: bigint | null }, next: NextState): boolean {
  return d.lineSeq !== null && next.kind !== 'retry';
}

/**
 * Writes the attempt and the delivery's next state. The delivery update is conditional on this
 * worker still holding the lease, so a worker that lost its lease cannot overwrite a newer state;
 * the attempt is recorded either way because it did happen. A FIFO delivery that ends moves its
 * line on in the same transaction: line row locked before the delivery row (line.ts lock order),
 * then the next parked delivery made due, so a crash can never leave the line without a head.
 * `also` runs in the same transaction afterwards (the webhook's state changes and their
 * operational events), told whether the delivery update applied.
 */
// Every delivery that ends FAILED is recorded here (operational.ts reports it), during an outage
// many at once, queued for a connection (PGlite has one): waiting beats failing the write, which
// would make the delivery due again after its lease and send it twice.
const RECORD_TX = { maxWait: 10_000, timeout: 30_000 };

export async function recordAttempt(
  prisma: PrismaClient,
  d: { id: string; tenantId: string; webhookId: string; eventId: string; url: string; lineSeq: bigint | null },
  workerId: string | null,
  attempt: AttemptRecord,
  next: NextState,
  webhookUpdate: Prisma.WebhookUpdateManyMutationInput | null,
  also?: (tx: Prisma.TransactionClient, applied: boolean) => Promise<void>,
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
  const line = endsLineHead(d, next);
  return prisma.$transaction(async (tx) => {
    const row = await tx.deliveryAttempt.create({
      data: {
        ...attempt,
        tenantId: d.tenantId,
        deliveryId: d.id,
        webhookId: d.webhookId,
        eventId: d.eventId,
        responseHeaders: attempt.responseHeaders ?? undefined,
      },
    });
    if (line) await lockLine(tx, d.webhookId, d.url);
    const { count } = await tx.delivery.updateMany({
      where: { id: d.id, status: 'PENDING', ...(workerId ? { leasedBy: workerId } : {}) },
      data: deliveryData,
    });
    if (line) await promote(tx, d.webhookId, d.url);
    if (webhookUpdate) await tx.webhook.updateMany({ where: { id: d.webhookId }, data: webhookUpdate });
    if (also) await also(tx, count > 0);
    return row;
  }, RECORD_TX);
}

// UUID v7 (RFC 9562) like Prisma's uuid(7): 48-bit Unix ms, then 12 bits of a per-ms counter (so
// ids made by this process stay in creation order within one millisecond), then random bits.
const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;
let lastMs = 0;
let seq = 0;
export function uuidv7(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    ms = lastMs;
    if (++seq > 0xfff) {
      ms = ++lastMs;
      seq = 0;
    }
  } else {
    lastMs = ms;
    seq = 0;
  }
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = pool.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  const hex = ms.toString(16).padStart(12, '0');
  const a = (0x7000 | seq).toString(16);
  const b = ((r[0]! & 0x3f) | 0x80).toString(16) + r.toString('hex', 1, 2);
  return `${hex.slice(0, 8)}-${hex.slice(8)}-${a}-${b}-${r.toString('hex', 2, 8)}`;
}

interface PendingAttempt {
  d: { id: string; tenantId: string; webhookId: string; eventId: string };
  workerId: string | null;
  attempt: AttemptRecord;
  next: NextState;
  resolve: (row: { id: string; createdAt: Date }) => void;
  reject: (err: unknown) => void;
}

// One statement for a group of attempts: the attempt rows and the deliveries' next states are
// written atomically (a statement is its own transaction). The delivery update keeps
// recordAttempt's condition: only while PENDING and, for scheduled attempts, still leased by the
// worker that made the attempt. The group travels as one JSON parameter (json_to_recordset):
// serializing it is one native JSON.stringify instead of escaping 21 array parameters in JS.
const WRITE_ATTEMPTS = `
  WITH v AS (
    SELECT * FROM json_to_recordset($1::json) AS v(
      id uuid, "tenantId" text, "deliveryId" uuid, "webhookId" uuid, "eventId" uuid, number int, trigger "AttemptTrigger",
      outcome "AttemptOutcome", url text, "startedAt" timestamptz, "durationMs" int, "requestHeaders" jsonb, "responseStatus" int,
      "responseHeaders" jsonb, "responseBody" text, "errorKind" text, "errorMessage" text,
      worker text, status "DeliveryStatus", "nextAttemptAt" timestamptz, "lastError" text)
  ), ins AS (
    INSERT INTO "DeliveryAttempt" (id, "tenantId", "deliveryId", "webhookId", "eventId", number, trigger, outcome, url, "startedAt",
                                   "durationMs", "requestHeaders", "responseStatus", "responseHeaders", "responseBody", "errorKind",
                                   "errorMessage", "createdAt")
    SELECT id, "tenantId", "deliveryId", "webhookId", "eventId", number, trigger, outcome, url, "startedAt", "durationMs",
           "requestHeaders", "responseStatus", "responseHeaders", "responseBody", "errorKind", "errorMessage", $2::timestamptz
      FROM v
    RETURNING id
  ), upd AS (
    UPDATE "Delivery" AS d
       SET "attemptCount" = d."attemptCount" + 1, "leaseUntil" = NULL, "leasedBy" = NULL, manual = false,
           status = v.status, "nextAttemptAt" = v."nextAttemptAt", "lastError" = v."lastError",
           "completedAt" = CASE WHEN v.status = 'PENDING' THEN d."completedAt" ELSE $2::timestamptz END,
           "updatedAt" = $2::timestamptz
      FROM v
     -- status compared as text: an indexable condition on status lets a planner with stale
     -- statistics scan every PENDING row instead of looking the rows up by id.
     WHERE d.id = v."deliveryId" AND d.status::text = 'PENDING' AND (v.worker IS NULL OR d."leasedBy" = v.worker)
    RETURNING d.id
  )
  SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM upd)::int AS updated`;
const WRITE: Statement = { name: 'hookgate_write_attempts_v1', text: WRITE_ATTEMPTS, types: ['json', 'timestamptz'] };

/**
 * Records attempts in groups: attempts that finish while a write is running are written together
 * by the next one (group commit), so a busy worker needs one statement for many attempts instead
 * of a transaction each. record() resolves only once its attempt and the delivery's next state are
 * committed, so nothing is acknowledged (published, slot freed) before it is durable.
 */
export class AttemptWriter {
  readonly #sql: Sql;
  readonly #maxBatch: number;
  readonly #maxWriters: number;
  #pending: PendingAttempt[] = [];
  #writers = 0;

  constructor(sql: Sql, opts: { maxBatch?: number; maxWriters?: number } = {}) {
    this.#sql = sql;
    this.#maxBatch = opts.maxBatch ?? 500;
    // Two statements in flight: while one waits for its commit, the next group forms and goes.
    this.#maxWriters = opts.maxWriters ?? 2;
  }

  record(
    d: PendingAttempt['d'],
    workerId: string | null,
    attempt: AttemptRecord,
    next: NextState,
  ): Promise<{ id: string; createdAt: Date }> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ d, workerId, attempt, next, resolve, reject });
      if (this.#writers < this.#maxWriters) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#writers++;
    try {
      // Attempts completing in this same turn of the event loop join the group.
      await new Promise<void>((r) => setImmediate(r));
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0, this.#maxBatch);
        try {
          await this.#write(group);
        } catch (err) {
          if (group.length === 1) {
            group[0]!.reject(err);
            continue;
          }
          // One bad row must not fail the others: write them one by one.
          for (const one of group) await this.#write([one]).catch((e: unknown) => one.reject(e));
        }
      }
    } finally {
      this.#writers--;
    }
  }

  /**
   * The end of a FIFO line's head (a final state, no webhook change): the attempt and the state in
   * the line's transaction, which then makes the next delivery of the line due (line.ts): line row
   * locked, the grouped write statement for this one attempt, the promotion. Raw prepared
   * statements on one connection: the line moves at a few round trips per delivery.
   */
  async endOfHead(
    d: PendingAttempt['d'] & { url: string },
    workerId: string | null,
    attempt: AttemptRecord,
    next: NextState,
  ): Promise<{ id: string; createdAt: Date }> {
    const now = new Date();
    const [row] = this.#rows([{ d, workerId, attempt, next }]);
    await this.#sql.transaction(async (tx) => {
      await tx.query(LOCK_LINE_STATEMENT, [d.webhookId, d.url]);
      await tx.query(WRITE, [JSON.stringify([row]), now.toISOString()]);
      await tx.query(PROMOTE_STATEMENT, [d.webhookId, d.url]);
    });
    return { id: row!.id, createdAt: now };
  }

  #rows(group: Array<Pick<PendingAttempt, 'd' | 'workerId' | 'attempt' | 'next'>>) {
    return group.map(({ d, workerId, attempt: a, next }) => {
      const id = uuidv7();
      return {
        id,
        tenantId: d.tenantId,
        deliveryId: d.id,
        webhookId: d.webhookId,
        eventId: d.eventId,
        number: a.number,
        trigger: a.trigger,
        outcome: a.outcome,
        url: a.url,
        startedAt: a.startedAt,
        durationMs: a.durationMs,
        requestHeaders: a.requestHeaders,
        responseStatus: a.responseStatus,
        responseHeaders: a.responseHeaders,
        responseBody: a.responseBody,
        errorKind: a.errorKind,
        errorMessage: a.errorMessage,
        worker: workerId,
        status: next.kind === 'succeeded' ? 'SUCCEEDED' : next.kind === 'retry' ? 'PENDING' : next.kind === 'failed' ? 'FAILED' : 'CANCELLED',
        nextAttemptAt: next.kind === 'retry' ? next.at : null,
        lastError:
          next.kind === 'failed' || next.kind === 'cancelled' ? next.reason : a.outcome === 'SUCCEEDED' ? null : (a.errorMessage ?? a.errorKind),
      };
    });
  }

  async #write(group: PendingAttempt[]): Promise<void> {
    const now = new Date();
    const rows = this.#rows(group);
    await this.#sql.query(WRITE, [JSON.stringify(rows), now.toISOString()]);
    for (let i = 0; i < group.length; i++) group[i]!.resolve({ id: rows[i]!.id, createdAt: now });
  }
}

/**
 * A disabled or deleted webhook stops receiving: its pending deliveries are cancelled, parked FIFO
 * ones included, and its lines go idle. Its line rows are locked first (line.ts), so a fan-out
 * that parked a delivery behind a head at the same moment has committed before the cancel looks.
 * In a transaction of its own; cancelPendingIn inside the caller's.
 */
export function cancelPendingFor(prisma: PrismaClient, webhookId: string, reason: string): Promise<{ count: number }> {
  return prisma.$transaction((tx) => cancelPendingIn(tx, webhookId, reason));
}

export async function cancelPendingIn(tx: Prisma.TransactionClient, webhookId: string, reason: string): Promise<{ count: number }> {
  const lines = await lockWebhookLines(tx, webhookId);
  const cancelled = await tx.delivery.updateMany({
    where: { webhookId, status: 'PENDING' },
    data: { status: 'CANCELLED', nextAttemptAt: null, completedAt: new Date(), lastError: reason, leaseUntil: null, leasedBy: null },
  });
  if (lines.length > 0) await tx.$executeRawUnsafe(`UPDATE "DeliveryLine" SET head = NULL WHERE "webhookId" = $1::uuid AND head IS NOT NULL`, webhookId);
  return cancelled;
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
