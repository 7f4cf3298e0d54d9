// Delivery health figures, aggregated in SQL (GROUP BY over the attempt rows, never loaded into
// memory): attempts per minute by outcome for a window, and each webhook's recent failure rate.
// Attempts are counted by when they were recorded ("createdAt", which the tenant index covers).
// A portal scope (one application) counts only the attempts of that application's webhooks,
// the rule ownedAttempts (src/auth/scope.ts) states for Prisma queries, here in SQL.
import type { Scope } from '../auth/scope.ts';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';

export interface MinuteBucket {
  /** The start of the minute (UTC). */
  start: Date;
  succeeded: number;
  failed: number;
}

export interface AttemptsPerMinute {
  since: Date;
  until: Date;
  /** One bucket per minute from `since` to `until`, oldest first; minutes without attempts are zeros. */
  buckets: MinuteBucket[];
  succeeded: number;
  failed: number;
}

export interface FailureRate {
  attempts: number;
  failed: number;
  /** failed / attempts; null when there were no attempts. */
  rate: number | null;
}

export const MAX_HEALTH_MINUTES = 24 * 60;
const MINUTE = 60_000;

/** The SQL form of ownedAttempts(scope): tenant, and for a portal scope its application's webhooks. */
function ownedAttemptsSql(scope: Scope): Prisma.Sql {
  return scope.applicationId
    ? Prisma.sql`"tenantId" = ${scope.tenantId} AND "webhookId" IN (SELECT id FROM "Webhook" WHERE "tenantId" = ${scope.tenantId} AND "applicationId" = ${scope.applicationId}::uuid)`
    : Prisma.sql`"tenantId" = ${scope.tenantId}`;
}

export async function attemptsPerMinute(
  prisma: PrismaClient,
  scope: Scope,
  opts: { minutes: number; webhookId?: string | null; now?: Date },
): Promise<AttemptsPerMinute> {
  const minutes = Math.min(Math.max(1, Math.floor(opts.minutes)), MAX_HEALTH_MINUTES);
  const now = opts.now ?? new Date();
  // Whole minutes: the current (partial) minute is the last bucket.
  const until = new Date(Math.floor(now.getTime() / MINUTE) * MINUTE + MINUTE);
  const since = new Date(until.getTime() - minutes * MINUTE);
  const byWebhook = opts.webhookId ? Prisma.sql`AND "webhookId" = ${opts.webhookId}::uuid` : Prisma.empty;
  const rows = await prisma.$queryRaw<Array<{ minute: Date; succeeded: bigint; failed: bigint }>>`
    SELECT date_trunc('minute', "createdAt") AS minute,
           count(*) FILTER (WHERE "outcome" = 'SUCCEEDED') AS succeeded,
           count(*) FILTER (WHERE "outcome" = 'FAILED') AS failed
      FROM "DeliveryAttempt"
     WHERE ${ownedAttemptsSql(scope)} AND "createdAt" >= ${since} AND "createdAt" < ${until} ${byWebhook}
     GROUP BY 1`;
  const counted = new Map(rows.map((r) => [new Date(r.minute).getTime(), r]));
  const buckets: MinuteBucket[] = [];
  let succeeded = 0;
  let failed = 0;
  for (let t = since.getTime(); t < until.getTime(); t += MINUTE) {
    const row = counted.get(t);
    const bucket = { start: new Date(t), succeeded: Number(row?.succeeded ?? 0), failed: Number(row?.failed ?? 0) };
    succeeded += bucket.succeeded;
    failed += bucket.failed;
    buckets.push(bucket);
  }
  return { since, until, buckets, succeeded, failed };
}

/** The share of failed attempts since `since`, per webhook, in one query for all of them. */
export async function failureRates(prisma: PrismaClient, scope: Scope, webhookIds: readonly string[], since: Date): Promise<Map<string, FailureRate>> {
  const out = new Map<string, FailureRate>(webhookIds.map((id) => [id, { attempts: 0, failed: 0, rate: null }]));
  if (webhookIds.length === 0) return out;
  const rows = await prisma.$queryRaw<Array<{ webhookId: string; attempts: bigint; failed: bigint }>>`
    SELECT "webhookId"::text AS "webhookId", count(*) AS attempts, count(*) FILTER (WHERE "outcome" = 'FAILED') AS failed
      FROM "DeliveryAttempt"
     WHERE ${ownedAttemptsSql(scope)} AND "webhookId" = ANY(${[...webhookIds]}::uuid[]) AND "createdAt" >= ${since}
     GROUP BY "webhookId"`;
  for (const r of rows) {
    const attempts = Number(r.attempts);
    const failed = Number(r.failed);
    out.set(r.webhookId, { attempts, failed, rate: attempts > 0 ? failed / attempts : null });
  }
  return out;
}
