// Operational events: Hookgate's own events about a tenant's webhooks (types in catalog.ts, group
// `hookgate`). Each is published inside the transaction of the state change it reports, and only
// on the edge: the change is a conditional UPDATE ... RETURNING, and the event goes out only when
// a row came back, so two workers failing (or recovering, or disabling) the same webhook at once
// publish one event. They reach the tenant's subscribed webhooks like any event, never the
// webhook they are about (publishOperational). A delivery of an operational event that ends
// FAILED publishes nothing (see isOperational): two webhooks subscribed to each other's failures
// would otherwise ping-pong forever.
import { encodeId } from '../ids.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { OPERATIONAL_GROUP, publishOperational } from './publish.ts';

export const OPERATIONAL_TYPES = {
  disabled: 'hookgate.webhook.disabled',
  failing: 'hookgate.webhook.failing',
  recovered: 'hookgate.webhook.recovered',
  exhausted: 'hookgate.delivery.exhausted',
} as const;

export type DisableCause = 'GONE' | 'FAILING' | 'USER';

type Tx = Pick<PrismaClient, '$queryRawUnsafe'>;

/** The subject webhook as the events name it. */
export interface WebhookSubject {
  id: string;
  tenantId: string;
  applicationId: string | null;
  name: string | null;
  urls: readonly string[];
}

/** Whether an event type is one of Hookgate's own (its deliveries never publish `exhausted`). */
export function isOperational(type: string): boolean {
  return type.startsWith(`${OPERATIONAL_GROUP}.`);
}

interface SubjectRow {
  id: string;
  tenantId: string;
  applicationId: string | null;
  name: string | null;
  urls: string[];
}
const RETURNING_SUBJECT = `RETURNING id::text AS id, "tenantId", "applicationId"::text AS "applicationId", name, urls`;

function webhookRef(w: WebhookSubject): Prisma.InputJsonObject {
  return {
    id: encodeId('Webhook', w.id),
    name: w.name,
    url: w.urls[0] ?? '',
    applicationId: w.applicationId ? encodeId('Application', w.applicationId) : null,
  };
}

async function publish(tx: Tx, type: string, w: WebhookSubject, data: Record<string, Prisma.InputJsonValue | null>): Promise<number> {
  const published = await publishOperational(tx, {
    tenantId: w.tenantId,
    type,
    data: { webhook: webhookRef(w), ...data },
    applicationId: w.applicationId,
    aboutWebhookId: w.id,
  });
  return published.deliveryCount;
}

/** What went wrong, for `failing`. */
export interface FailedAttempt {
  deliveryId: string;
  eventId: string;
  url: string;
  responseStatus: number | null;
  errorKind: string | null;
}

/**
 * The webhook starts failing (first failed scheduled or manual attempt after a success): sets
 * failingSince unless it is set already, and publishes `failing` when this call set it. Returns
 * the deliveries queued (0 when another attempt was first).
 */
export async function markFailing(tx: Tx, webhookId: string, at: Date, attempt: FailedAttempt): Promise<number> {
  const [row] = await tx.$queryRawUnsafe<SubjectRow[]>(
    `UPDATE "Webhook" SET "failingSince" = $2::timestamptz, "updatedAt" = $2::timestamptz
      WHERE id = $1::uuid AND "failingSince" IS NULL ${RETURNING_SUBJECT}`,
    webhookId,
    at.toISOString(),
  );
  if (!row) return 0;
  return publish(tx, OPERATIONAL_TYPES.failing, row, {
    failingSince: at.toISOString(),
    lastAttempt: {
      deliveryId: encodeId('Delivery', attempt.deliveryId),
      eventId: encodeId('Event', attempt.eventId),
      url: attempt.url,
      responseStatus: attempt.responseStatus,
      errorKind: attempt.errorKind,
    },
  });
}

/** A failing webhook succeeded: clears failingSince and publishes `recovered` when this call did. */
export async function markRecovered(tx: Tx, webhookId: string, at: Date): Promise<number> {
  // The CTE reads the value being cleared (RETURNING shows the new row). If another transaction
  // clears it first, this UPDATE waits for it, re-checks the row and matches nothing.
  const [row] = await tx.$queryRawUnsafe<Array<SubjectRow & { failingSince: Date | string }>>(
    `WITH old AS (SELECT "failingSince" FROM "Webhook" WHERE id = $1::uuid)
     UPDATE "Webhook" SET "failingSince" = NULL, "updatedAt" = $2::timestamptz
      WHERE id = $1::uuid AND "failingSince" IS NOT NULL
     ${RETURNING_SUBJECT}, (SELECT "failingSince" FROM old) AS "failingSince"`,
    webhookId,
    at.toISOString(),
  );
  if (!row) return 0;
  return publish(tx, OPERATIONAL_TYPES.recovered, row, {
    failingSince: new Date(row.failingSince).toISOString(),
    recoveredAt: at.toISOString(),
  });
}

/**
 * Disables an active webhook and publishes `disabled` when this call did (an inactive or deleted
 * webhook is left as it is). Returns whether it was this call that disabled it, and the
 * deliveries queued.
 */
export async function disableWebhook(
  tx: Tx,
  webhookId: string,
  how: { cause: DisableCause; reason: string; at: Date },
): Promise<{ disabled: boolean; queued: number }> {
  const [row] = await tx.$queryRawUnsafe<SubjectRow[]>(
    `UPDATE "Webhook" SET "isActive" = false, "disabledReason" = $2, "updatedAt" = $3::timestamptz
      WHERE id = $1::uuid AND "isActive" AND "deletedAt" IS NULL ${RETURNING_SUBJECT}`,
    webhookId,
    how.reason,
    how.at.toISOString(),
  );
  if (!row) return { disabled: false, queued: 0 };
  const queued = await publish(tx, OPERATIONAL_TYPES.disabled, row, { reason: how.reason, cause: how.cause, disabledAt: how.at.toISOString() });
  return { disabled: true, queued };
}

/**
 * A delivery ended FAILED. The caller publishes only when its own lease-conditional update of the
 * delivery applied, and never for a delivery of an operational event.
 */
export async function publishExhausted(
  tx: Tx,
  webhook: WebhookSubject,
  delivery: { id: string; url: string; attemptCount: number; lastError: string | null },
  event: { id: string; type: string },
): Promise<number> {
  return publish(tx, OPERATIONAL_TYPES.exhausted, webhook, {
    delivery: { id: encodeId('Delivery', delivery.id), url: delivery.url, attemptCount: delivery.attemptCount, lastError: delivery.lastError },
    event: { id: encodeId('Event', event.id), type: event.type },
  });
}
