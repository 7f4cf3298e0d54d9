// Reading webhooks, for every door: which rows a tenant sees (filters, soft-deleted ones only when
// asked) and a webhook with what a listing shows of its secret (the fingerprint's last four).
import { NotFoundError } from '../errors.ts';
import type { Prisma, PrismaClient, Webhook } from '../generated/prisma/client.ts';
import { fingerprint } from './service.ts';
import { ownedWebhooks, type Scope } from '../auth/scope.ts';

export interface WebhookFilter {
  /** Row id of the owning application. */
  applicationId?: string | null;
  /** Webhooks subscribed to this event type. */
  event?: string | null;
  isActive?: boolean | null;
  includeDeleted?: boolean | null;
  /** Case-insensitive match on name or description, exact match on a URL. */
  search?: string | null;
}

/** The scope's webhooks (a portal's application only) narrowed by the filter, never widened. */
export function webhookWhere(scope: Scope, filter: WebhookFilter | null | undefined): Prisma.WebhookWhereInput {
  const where: Prisma.WebhookWhereInput = ownedWebhooks(scope);
  if (!filter?.includeDeleted) where.deletedAt = null;
  if (filter?.applicationId) where.applicationId = filter.applicationId;
  if (filter?.event) where.events = { has: filter.event };
  if (filter?.isActive !== undefined && filter.isActive !== null) where.isActive = filter.isActive;
  if (filter?.search) {
    const contains = filter.search;
    where.OR = [
      { name: { contains, mode: 'insensitive' } },
      { description: { contains, mode: 'insensitive' } },
      { urls: { has: contains } },
    ];
  }
  return where;
}

/** A webhook as the REST dialects show it: the row, its application and its secret fingerprint. */
export type WebhookView = Webhook & {
  application: { id: string; externalId: string | null } | null;
  secretFingerprint: string;
};

const viewInclude = {
  application: { select: { id: true, externalId: true } },
  secrets: { where: { expiresAt: null }, select: { last4: true }, take: 1 },
} satisfies Prisma.WebhookInclude;

type Loaded = Prisma.WebhookGetPayload<{ include: typeof viewInclude }>;

function toView({ secrets, ...row }: Loaded): WebhookView {
  return { ...row, secretFingerprint: fingerprint(secrets[0]?.last4 ?? '????') };
}

/** One webhook of the tenant; soft-deleted ones only with includeDeleted. NotFoundError otherwise. */
export async function getWebhook(
  prisma: PrismaClient,
  scope: Scope,
  id: string,
  opts: { includeDeleted?: boolean; applicationId?: string } = {},
): Promise<WebhookView> {
  const row = await prisma.webhook.findFirst({
    where: { ...webhookWhere(scope, { includeDeleted: opts.includeDeleted ?? false, applicationId: opts.applicationId ?? null }), id },
    include: viewInclude,
  });
  if (!row) throw new NotFoundError('Webhook', id);
  return toView(row);
}

/** A page of the tenant's webhooks in creation order: by offset (skip) or after a row id. */
export async function listWebhooks(
  prisma: PrismaClient,
  scope: Scope,
  filter: WebhookFilter,
  page: { take: number; skip?: number; afterId?: string | null },
): Promise<WebhookView[]> {
  const where = webhookWhere(scope, filter);
  const rows = await prisma.webhook.findMany({
    where: page.afterId ? { AND: [where, { id: { gt: page.afterId } }] } : where,
    include: viewInclude,
    orderBy: { id: 'asc' },
    take: page.take,
    skip: page.skip ?? 0,
  });
  return rows.map(toView);
}

export function countWebhooks(prisma: PrismaClient, scope: Scope, filter: WebhookFilter): Promise<number> {
  return prisma.webhook.count({ where: webhookWhere(scope, filter) });
}
