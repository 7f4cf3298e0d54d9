// The built-in event-type catalog: every event named by the five seed platforms. Tenants add
// their own with createEventType. Groups let a webhook subscribe to a family of types
// (Kognitiv's event group); dotted names are grouped by their first segment.
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { OPERATIONAL_GROUP } from './publish.ts';

export interface BuiltinEventType {
  name: string;
  group: string;
  source: string;
  description: string;
  example: Record<string, unknown>;
  /** JSON Schema (2020-12) of data, where the seed shows the payload. */
  schema?: Record<string, unknown>;
}

const k42 = (name: string, description: string): BuiltinEventType => ({
  name,
  group: name.split('.')[0]!,
  source: 'K42',
  description,
  example: { publisher_id: 'pub_abc123', transaction_id: 'txn_123', amount: 4.5, currency: 'EUR' },
});

const partner = (name: string, description: string): BuiltinEventType => ({
  name,
  group: 'Partner',
  source: 'Partner API',
  description,
  example: { companyId: 'cmp_1', shopId: 'shop_1', objectId: 'obj_1' },
});

// Hookgate's own operational events (README "Operational events"; published by
// src/events/operational.ts, never by tenants). Each payload names its subject webhook by public
// id; the schemas require what Hookgate always sends and allow fields added later.
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const publicId = (prefix: string) => ({ type: 'string', pattern: `^${prefix}_[0-9a-f]{32}$` });
const nullable = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const dateTime = { type: 'string', format: 'date-time' };
const webhookRef = {
  type: 'object',
  required: ['id', 'name', 'url', 'applicationId'],
  properties: {
    id: publicId('wh'),
    name: nullable({ type: 'string' }),
    url: { type: 'string', minLength: 1 },
    applicationId: nullable(publicId('app')),
  },
};
const exampleWebhook = { id: 'wh_0192f0c8a1b27c3d9e4f5a6b7c8d9e0f', name: 'Orders to ERP', url: 'https://erp.example.com/hooks', applicationId: null };

const operational = (name: string, description: string, example: Record<string, unknown>, required: string[], properties: Record<string, unknown>): BuiltinEventType => ({
  name,
  group: OPERATIONAL_GROUP,
  source: 'Hookgate',
  description,
  example: { webhook: exampleWebhook, ...example },
  schema: { $schema: DIALECT, type: 'object', required: ['webhook', ...required], properties: { webhook: webhookRef, ...properties } },
});

export const OPERATIONAL_EVENT_TYPES: readonly BuiltinEventType[] = [
  operational(
    'hookgate.webhook.disabled',
    'A webhook was disabled: its endpoint answered 410 Gone (GONE), it failed continuously (FAILING), or by hand (USER)',
    { reason: 'Endpoint https://erp.example.com/hooks answered 410 Gone at 2026-12-01T21:00:00.000Z', cause: 'GONE', disabledAt: '2026-12-01T21:00:00.000Z' },
    ['reason', 'cause', 'disabledAt'],
    { reason: { type: 'string' }, cause: { enum: ['GONE', 'FAILING', 'USER'] }, disabledAt: dateTime },
  ),
  operational(
    'hookgate.webhook.failing',
    'A scheduled or manual delivery attempt to a webhook failed after its last success',
    {
      failingSince: '2026-12-01T21:00:00.000Z',
      lastAttempt: {
        deliveryId: 'dlv_0192f0c8a1b27c3d9e4f5a6b7c8d9e10',
        eventId: 'evt_0192f0c8a1b27c3d9e4f5a6b7c8d9e11',
        url: 'https://erp.example.com/hooks',
        responseStatus: 503,
        errorKind: 'HTTP_STATUS',
      },
    },
    ['failingSince', 'lastAttempt'],
    {
      failingSince: dateTime,
      lastAttempt: {
        type: 'object',
        required: ['deliveryId', 'eventId', 'url', 'responseStatus', 'errorKind'],
        properties: {
          deliveryId: publicId('dlv'),
          eventId: publicId('evt'),
          url: { type: 'string' },
          responseStatus: nullable({ type: 'integer' }),
          errorKind: nullable({ type: 'string' }),
        },
      },
    },
  ),
  operational(
    'hookgate.webhook.recovered',
    'A failing webhook received a delivery successfully again',
    { failingSince: '2026-12-01T21:00:00.000Z', recoveredAt: '2026-12-01T21:05:00.000Z' },
    ['failingSince', 'recoveredAt'],
    { failingSince: dateTime, recoveredAt: dateTime },
  ),
  operational(
    'hookgate.delivery.exhausted',
    'A delivery ended FAILED: its retries ran out, the failure was not retryable, or a manual attempt failed',
    {
      delivery: { id: 'dlv_0192f0c8a1b27c3d9e4f5a6b7c8d9e10', url: 'https://erp.example.com/hooks', attemptCount: 6, lastError: 'Gave up after 6 attempts: HTTP 503' },
      event: { id: 'evt_0192f0c8a1b27c3d9e4f5a6b7c8d9e11', type: 'cashback.created' },
    },
    ['delivery', 'event'],
    {
      delivery: {
        type: 'object',
        required: ['id', 'url', 'attemptCount', 'lastError'],
        properties: { id: publicId('dlv'), url: { type: 'string' }, attemptCount: { type: 'integer', minimum: 1 }, lastError: nullable({ type: 'string' }) },
      },
      event: { type: 'object', required: ['id', 'type'], properties: { id: publicId('evt'), type: { type: 'string' } } },
    },
  ),
];

export const BUILTIN_EVENT_TYPES: readonly BuiltinEventType[] = [
  k42('cashback.created', 'A cashback reward was triggered'),
  k42('cashback.cleared', 'A pending cashback has settled'),
  k42('cashback.reverted', 'A cashback was reversed'),
  k42('qualifying_purchase.created', 'A transaction counted as a loyalty stamp'),
  k42('qualifying_purchase.voided', 'A qualifying purchase was voided'),
  k42('qualifying_purchase.unredeemed', 'A qualifying purchase was marked unredeemed'),
  partner('NEW_CONSUMER_ORDER', 'A consumer placed an order'),
  partner('NEW_CONSUMER_SIGNUP', 'A consumer signed up'),
  partner('UPDATE_CONSUMER_ORDER', 'A consumer order changed'),
  partner('UPDATE_CONSUMER_USER', 'A consumer profile changed'),
  partner('NEW_MEMBER', 'A member joined'),
  partner('UPDATE_MEMBER', 'A member changed'),
  partner('CREATE_TRANSACTION', 'A transaction was created'),
  partner('UPDATE_TRANSACTION', 'A transaction changed'),
  partner('CANCEL_TRANSACTION', 'A transaction was cancelled'),
  partner('COMPLETE_TRANSACTION', 'A transaction completed'),
  partner('UPDATE_PRODUCT', 'A product changed'),
  {
    name: 'trigger_event.created',
    group: 'trigger_event',
    source: 'Reward',
    description: 'A new trigger event was created',
    example: { user: { id: 'ca9bb5c2-25a6-43e9-972e-862d28241a47' }, value: 2.99, trigger: { id: 'successful_payment' } },
    // The Reward seed's example payload, as a schema: the fields it shows are required, with their
    // types; anything else the platform adds later is allowed.
    schema: {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      type: 'object',
      required: ['user', 'value', 'trigger'],
      properties: {
        user: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
        value: { type: 'number' },
        trigger: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
      },
    },
  },
  {
    name: 'balance.credit_points_issued',
    group: 'balance',
    source: 'Reward',
    description: 'Credits were issued to a user',
    example: { user: { id: 'ca9bb5c2-25a6-43e9-972e-862d28241a47' }, credits: 100 },
  },
  {
    name: 'session.completed',
    group: 'session',
    source: 'Kadosei',
    description: 'A session completed',
    example: { sessionId: 'ses_1', applicationId: 'app_1' },
  },
  {
    name: 'session.expired',
    group: 'session',
    source: 'Kadosei',
    description: 'A session expired',
    example: { sessionId: 'ses_1', applicationId: 'app_1' },
  },
  ...(['reward_issued', 'reward_redeemed', 'reward_expired'] as const).map(
    (what): BuiltinEventType => ({
      name: `member_rewards.${what}`,
      group: 'Member Rewards',
      source: 'Kognitiv Loyalty',
      description: `A member reward was ${what.split('_')[1]}`,
      example: { memberId: 'mem_1', rewardId: 'rwd_1', programId: 'prg_1' },
    }),
  ),
  ...OPERATIONAL_EVENT_TYPES,
];

/** Names of the built-in types from one seed platform (e.g. "Kadosei"), in catalog order. */
export function builtinEventNames(source: string): string[] {
  return BUILTIN_EVENT_TYPES.filter((t) => t.source === source).map((t) => t.name);
}

/**
 * Inserts built-in types that are missing (new releases may add some) and brings the
 * description, example and schema of existing ones up to date. Serialized by a
 * transaction-scoped advisory lock, because built-ins have tenantId NULL and PostgreSQL unique
 * indexes treat NULLs as distinct.
 */
export async function syncBuiltinEventTypes(prisma: PrismaClient): Promise<number> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    const rows = await tx.eventType.findMany({ where: { tenantId: null }, select: { id: true, name: true, description: true, example: true, schema: true } });
    const existing = new Map(rows.map((r) => [r.name, r]));
    const missing = BUILTIN_EVENT_TYPES.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await tx.eventType.createMany({
        data: missing.map((t) => ({ ...t, example: t.example as Prisma.InputJsonObject, schema: (t.schema ?? undefined) as Prisma.InputJsonObject | undefined, tenantId: null })),
      });
    }
    for (const t of BUILTIN_EVENT_TYPES) {
      const row = existing.get(t.name);
      if (!row) continue;
      const same = row.description === t.description && sameJson(row.example, t.example) && sameJson(row.schema, t.schema ?? null);
      if (!same) {
        await tx.eventType.update({
          where: { id: row.id },
          data: { description: t.description, example: t.example as Prisma.InputJsonObject, schema: t.schema ? (t.schema as Prisma.InputJsonObject) : Prisma.DbNull },
        });
      }
    }
    return missing.length;
  });
}

/** jsonb does not keep key order: compare canonically. */
function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}
