// The built-in event-type catalog: every event named by the five seed platforms. Tenants add
// their own with createEventType. Groups let a webhook subscribe to a family of types
// (Kognitiv's event group); dotted names are grouped by their first segment.
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';

export interface BuiltinEventType {
  name: string;
  group: string;
  source: string;
  description: string;
  example: Record<string, unknown>;
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
];

/** Names of the built-in types from one seed platform (e.g. "Kadosei"), in catalog order. */
export function builtinEventNames(source: string): string[] {
  return BUILTIN_EVENT_TYPES.filter((t) => t.source === source).map((t) => t.name);
}

/**
 * Inserts built-in types that are missing (new releases may add some). Serialized by a
 * transaction-scoped advisory lock, because built-ins have tenantId NULL and PostgreSQL unique
 * indexes treat NULLs as distinct.
 */
export async function syncBuiltinEventTypes(prisma: PrismaClient): Promise<number> {
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(72707370)`;
    const existing = new Set((await tx.eventType.findMany({ where: { tenantId: null }, select: { name: true } })).map((t) => t.name));
    const missing = BUILTIN_EVENT_TYPES.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await tx.eventType.createMany({ data: missing.map((t) => ({ ...t, example: t.example as Prisma.InputJsonObject, tenantId: null })) });
    }
    return missing.length;
  });
}
