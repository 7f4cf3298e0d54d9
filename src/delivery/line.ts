// FIFO lines. A FIFO webhook's deliveries to one URL form a line, ordered by Delivery.lineSeq
// (a database sequence, drawn in publish order). At most one delivery of a line is due or in
// flight: its head (DeliveryLine.head). The others are PENDING with nextAttemptAt null ("parked"),
// so they are not in the due index and the claim never sees them: the claim statement is the same
// for both orderings, and an UNORDERED delivery pays nothing for FIFO.
//
// Who may change a line's head is serialized by the line's row lock (DeliveryLine):
// - the fan-out (events/publish.ts) upserts the line row: a new delivery becomes the head when the
//   line is idle (head null), else it is parked. ON CONFLICT DO UPDATE waits for a concurrent
//   holder of the row and then sees its newest version, so two publishes never both become head.
// - everything else (completion, retryDelivery, replayEvents, cancel, switching to UNORDERED)
//   locks the line row in one statement and decides in a later statement of the same
//   transaction. In READ COMMITTED a later statement sees every commit made before it started,
//   including the rows of a fan-out that held the lock: the decision never misses a parked row.
//   (A single statement could not: its snapshot is older than the lock it waited for.)
// Lock order is always line row(s), then Delivery rows, so these never deadlock among themselves.
import type { Statement } from '../db/sql.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';

type Db = Pick<PrismaClient, '$queryRawUnsafe'>;

export const LINE_SEQUENCE = '"Delivery_lineSeq_seq"';

const LOCK_LINE = `SELECT head::text FROM "DeliveryLine" WHERE "webhookId" = $1::uuid AND url = $2 FOR UPDATE`;

// Creates the line rows when missing; either way they are locked until the transaction ends, in
// url order (as the fan-out and LOCK_WEBHOOK_LINES lock them: no two lockers wait on each other).
const JOIN_LINES = `
  INSERT INTO "DeliveryLine" ("webhookId", url) SELECT $1::uuid, u FROM unnest($2::text[]) AS u ORDER BY u
  ON CONFLICT ("webhookId", url) DO UPDATE SET head = "DeliveryLine".head
  RETURNING url`;

const LOCK_WEBHOOK_LINES = `SELECT url FROM "DeliveryLine" WHERE "webhookId" = $1::uuid ORDER BY url FOR UPDATE`;

// Run with the line row locked, in a statement after the lock: when the head is no longer a
// PENDING delivery (it just completed, was cancelled, or the line is idle), the first parked
// delivery becomes due now and the new head, or the line goes idle (head null). A head that is
// still PENDING (waiting for a retry, or in flight) keeps the line.
const PROMOTE = `
  WITH l AS (
    SELECT x."webhookId", x.url FROM "DeliveryLine" x
     WHERE x."webhookId" = $1::uuid AND x.url = $2
       AND NOT EXISTS (SELECT 1 FROM "Delivery" h WHERE h.id = x.head AND h.status = 'PENDING')
  ), nxt AS (
    SELECT d.id FROM "Delivery" d, l
     WHERE d."webhookId" = l."webhookId" AND d.url = l.url
       AND d.status = 'PENDING' AND d."lineSeq" IS NOT NULL AND d."nextAttemptAt" IS NULL
     ORDER BY d."lineSeq"
     LIMIT 1
  ), p AS (
    UPDATE "Delivery" d SET "nextAttemptAt" = now(), "updatedAt" = now() FROM nxt WHERE d.id = nxt.id RETURNING d.id
  )
  UPDATE "DeliveryLine" x SET head = (SELECT id FROM p)
    FROM l WHERE x."webhookId" = l."webhookId" AND x.url = l.url
  RETURNING head::text`;

/** The same two steps as raw prepared statements, for the delivery hot path (queue.ts AttemptWriter). */
export const LOCK_LINE_STATEMENT: Statement = { name: 'hookgate_lock_line_v1', text: LOCK_LINE, types: ['uuid', 'text'] };
export const PROMOTE_STATEMENT: Statement = { name: 'hookgate_promote_v1', text: PROMOTE, types: ['uuid', 'text'] };

/** Locks the line row (if the line exists). First statement of a completion's line step. */
export function lockLine(db: Db, webhookId: string, url: string) {
  return db.$queryRawUnsafe<Array<{ head: string | null }>>(LOCK_LINE, webhookId, url);
}

/** Locks the webhook's line rows for these URLs, creating them when missing (deliveries are about to join). */
export function joinLines(db: Db, webhookId: string, urls: readonly string[]) {
  return db.$queryRawUnsafe<Array<{ url: string }>>(JOIN_LINES, webhookId, urls);
}

/** Locks every line row of a webhook. */
export function lockWebhookLines(db: Db, webhookId: string) {
  return db.$queryRawUnsafe<Array<{ url: string }>>(LOCK_WEBHOOK_LINES, webhookId);
}

/**
 * Moves the line on when its head is done (see PROMOTE). Must run after lockLine/joinLine in the
 * same transaction, as its own statement. Resolves to the new head when the line moved.
 */
export function promote(db: Db, webhookId: string, url: string) {
  return db.$queryRawUnsafe<Array<{ head: string | null }>>(PROMOTE, webhookId, url);
}

/** `n` new places at the end of lines, in increasing order. */
export async function takeLineSeqs(db: Db, n: number): Promise<bigint[]> {
  if (n === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<{ v: string }>>(`SELECT nextval('${LINE_SEQUENCE}')::text AS v FROM generate_series(1, $1::int)`, n);
  return rows.map((r) => BigInt(r.v)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The webhook is no longer FIFO: its parked deliveries become due now and plain UNORDERED
 * deliveries, and its lines go. Run after the ordering change committed: a fan-out that still
 * read FIFO holds its line row, so the lock makes this see (and release) what it parked.
 */
export async function releaseLines(prisma: PrismaClient, webhookId: string): Promise<void> {
  await prisma.$transaction([
    lockWebhookLines(prisma, webhookId),
    prisma.$executeRawUnsafe(
      `UPDATE "Delivery" SET "nextAttemptAt" = COALESCE("nextAttemptAt", now()), "lineSeq" = NULL, "updatedAt" = now()
        WHERE "webhookId" = $1::uuid AND status = 'PENDING' AND "lineSeq" IS NOT NULL`,
      webhookId,
    ),
    prisma.$executeRawUnsafe(`DELETE FROM "DeliveryLine" WHERE "webhookId" = $1::uuid`, webhookId),
  ]);
}

// Lines that deliveries wait in although their head is not a PENDING delivery. Every path that
// ends a head moves its line in the same transaction, so this finds nothing unless something
// went wrong (a bug, a hand-edited row): a safety net, so that no line can stay stuck.
const STUCK_LINES = `
  SELECT x."webhookId"::text AS "webhookId", x.url FROM "DeliveryLine" x
   WHERE NOT EXISTS (SELECT 1 FROM "Delivery" h WHERE h.id = x.head AND h.status = 'PENDING')
     AND EXISTS (SELECT 1 FROM "Delivery" d
                  WHERE d."webhookId" = x."webhookId" AND d.url = x.url
                    AND d.status = 'PENDING' AND d."lineSeq" IS NOT NULL AND d."nextAttemptAt" IS NULL)
   LIMIT 100`;

/**
 * Moves every stuck line on (see STUCK_LINES); returns how many moved. The lookup takes no lock;
 * each line is then locked and re-checked by promote() in its own transaction.
 */
export async function repairLines(prisma: PrismaClient): Promise<number> {
  const stuck = await prisma.$queryRawUnsafe<Array<{ webhookId: string; url: string }>>(STUCK_LINES);
  let moved = 0;
  for (const { webhookId, url } of stuck) {
    const [, promoted] = await prisma.$transaction([lockLine(prisma, webhookId, url), promote(prisma, webhookId, url)]);
    if (promoted.some((r) => r.head !== null)) moved++;
  }
  return moved;
}
