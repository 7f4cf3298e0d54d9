// What one request may see and change. Every token is confined to its tenant (`sub`); a token with
// the `app` claim (contract: the consumer portal) is further confined to one application of that
// tenant: its webhooks, their deliveries and attempts, its events, and the OAuth credentials made
// for it. These where-clauses are the one place that rule lives: every door (GraphQL, REST) and
// every core function that reads or writes on a caller's behalf goes through them, so a row
// outside the scope behaves exactly like a row that does not exist.
import { ForbiddenError } from '../errors.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { parseId } from '../ids.ts';
import { AuthError } from './jwt.ts';

export interface Scope {
  tenantId: string;
  /** Row id of the one application an application-scoped (portal) token may reach; null = all. */
  applicationId: string | null;
}

// The application condition sits under AND, so that a caller spreading these clauses and adding
// its own keys (`{ ...ownedApplications(scope), id }`) narrows the scope and can never replace it.
function confined<W>(scope: Scope, byApplication: (applicationId: string) => W): { tenantId: string; AND?: W[] } {
  return scope.applicationId ? { tenantId: scope.tenantId, AND: [byApplication(scope.applicationId)] } : { tenantId: scope.tenantId };
}

export function ownedWebhooks(scope: Scope): Prisma.WebhookWhereInput {
  return confined<Prisma.WebhookWhereInput>(scope, (applicationId) => ({ applicationId }));
}

export function ownedEvents(scope: Scope): Prisma.EventWhereInput {
  return confined<Prisma.EventWhereInput>(scope, (applicationId) => ({ applicationId }));
}

/** An application's event also reaches the tenant's webhooks of no application: those stay hidden. */
export function ownedDeliveries(scope: Scope): Prisma.DeliveryWhereInput {
  return confined<Prisma.DeliveryWhereInput>(scope, (applicationId) => ({ webhook: { applicationId } }));
}

export function ownedAttempts(scope: Scope): Prisma.DeliveryAttemptWhereInput {
  return confined<Prisma.DeliveryAttemptWhereInput>(scope, (applicationId) => ({ delivery: { webhook: { applicationId } } }));
}

export function ownedApplications(scope: Scope): Prisma.ApplicationWhereInput {
  return confined<Prisma.ApplicationWhereInput>(scope, (id) => ({ id }));
}

/** A portal sees only the credentials made for its application, never the platform's own. */
export function ownedCredentials(scope: Scope): Prisma.OAuthCredentialWhereInput {
  return confined<Prisma.OAuthCredentialWhereInput>(scope, (applicationId) => ({ applicationId }));
}

/** For live attempts, filtered in the process: the message names the webhook's application. */
export function ownsAttempt(scope: Scope, msg: { tenantId: string; applicationId: string | null }): boolean {
  return msg.tenantId === scope.tenantId && (scope.applicationId === null || msg.applicationId === scope.applicationId);
}

/**
 * Refuses what only the platform itself may do (publish events, create applications and event
 * types): a portal token manages its webhooks, it does not speak for the platform.
 */
export function assertWholeTenant(scope: Scope, action: string): void {
  if (scope.applicationId) throw new ForbiddenError(`This token is confined to one application (claim "app"): it cannot ${action}`);
}

/**
 * The application a portal token names (claim `app`: a public application id or its externalId),
 * resolved once per process: applications are never deleted nor their ids or externalIds changed.
 */
export class ScopeResolver {
  private readonly cache = new Map<string, string>();
  constructor(private readonly prisma: PrismaClient) {}

  async resolve(tenantId: string, appClaim: string | null): Promise<Scope> {
    if (appClaim === null) return { tenantId, applicationId: null };
    const key = `${tenantId}\u0000${appClaim}`;
    let applicationId = this.cache.get(key);
    if (!applicationId) {
      const rowId = parseId(appClaim, 'Application');
      const found = await this.prisma.application.findFirst({
        where: { tenantId, ...(rowId ? { id: rowId } : { externalId: appClaim }) },
        select: { id: true },
      });
      if (!found) throw new AuthError('Invalid token: the application named by its "app" claim does not exist in this tenant');
      applicationId = found.id;
      if (this.cache.size >= CACHE_MAX) this.cache.clear();
      this.cache.set(key, applicationId);
    }
    return { tenantId, applicationId };
  }
}

const CACHE_MAX = 10_000;
