// Webhook lifecycle shared by every mutation: create, partial update, soft delete, secret
// rotation. Tenancy is enforced here: another tenant's ids behave exactly like unknown ids.
import { ConflictError, FieldErrors, NotFoundError, ValidationError } from '../errors.ts';
import type { OutboundAllowList } from '../delivery/outbound.ts';
import { generateSecret, parseSecret } from '../delivery/sign.ts';
import { Prisma, type DeliveryOrdering, type PrismaClient, type Webhook } from '../generated/prisma/client.ts';
import { releaseLines } from '../delivery/line.ts';
import type { SecretBox } from './crypto.ts';
import { checkJsonDepth, type JsonLimits } from '../input.ts';
import { parseSchedule } from '../delivery/retry.ts';
import { cancelPendingIn } from '../delivery/queue.ts';
import { compileFilter } from '../events/filter.ts';
import { disableWebhook } from '../events/operational.ts';
import { ownedApplications, ownedCredentials, ownedWebhooks, type Scope } from '../auth/scope.ts';
import {
  checkBodyTemplate,
  checkDescription,
  checkEventList,
  checkName,
  checkUrls,
  normalizeHeaders,
  type HeaderInput,
} from './rules.ts';

export interface WebhookDeps {
  prisma: PrismaClient;
  box: SecretBox;
  allowList: OutboundAllowList;
  config: { api: JsonLimits };
  /** Wakes the dispatchers after commit (an operational event queued deliveries). */
  wakeDispatchers?: () => void;
}

export interface CreateWebhookInput {
  applicationId?: string | null;
  name?: string | null;
  description?: string | null;
  url?: string | null;
  urls?: string[] | null;
  events?: string[] | null;
  eventGroup?: string | null;
  headers?: HeaderInput[] | null;
  bodyTemplate?: string | null;
  oauthCredentialId?: string | null;
  secret?: string | null;
  isActive?: boolean | null;
  /** e.g. "0s,1m,10m"; null = the global schedule. */
  retrySchedule?: string | null;
  /** Deliveries per second across all workers; null = unlimited. */
  rateLimitPerSecond?: number | null;
  /** Payload filter (docs/FILTERS.md); null or {} = every event of the subscribed types. */
  filter?: Record<string, unknown> | null;
  /** FIFO: one delivery at a time per URL, in publish order (src/delivery/line.ts). */
  ordering?: DeliveryOrdering | null;
}

/** Every field optional; null clears a nullable field; lists replace the whole list. */
export type UpdateWebhookInput = Omit<CreateWebhookInput, 'secret'>;

export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;
export const MAX_ROTATION_OVERLAP_SECONDS = 30 * 24 * 3600;
const MAX_OLD_SECRETS = 10;

export function fingerprint(last4: string): string {
  return `whsec_****${last4}`;
}

/** The target URLs of an input: `url` is shorthand for `urls: [url]` and, with both, must be urls[0]. */
function resolveUrls(errors: FieldErrors, input: { url?: string | null; urls?: string[] | null }): string[] | undefined {
  const { url, urls } = input;
  if (urls !== undefined && urls !== null) {
    if (url && urls[0] !== url) errors.add(['input', 'url'], 'url must be the first of urls when both are given');
    return urls;
  }
  if (url !== undefined && url !== null) return [url];
  return undefined;
}

export async function createWebhook(
  deps: WebhookDeps,
  scope: Scope,
  input: CreateWebhookInput,
): Promise<{ webhook: Webhook; signingSecret: string }> {
  const { tenantId } = scope;
  const errors = new FieldErrors();
  const urls = resolveUrls(errors, input);
  if (urls === undefined) errors.add(['input', 'urls'], 'A URL is required (url or urls)');
  else checkUrls(errors, ['input', 'urls'], urls, deps.allowList);
  checkName(errors, ['input', 'name'], input.name, false);
  checkDescription(errors, ['input', 'description'], input.description);
  const events = input.events ?? [];
  checkEventList(errors, ['input', 'events'], events, Boolean(input.eventGroup));
  const headers = normalizeHeaders(errors, ['input', 'headers'], input.headers ?? [], { hasOAuth: Boolean(input.oauthCredentialId) });
  checkBodyTemplate(errors, ['input', 'bodyTemplate'], input.bodyTemplate, deps.config.api);
  const secret = input.secret ?? generateSecret();
  if (input.secret !== undefined && input.secret !== null && parseSecret(input.secret) === null) {
    errors.add(['input', 'secret'], 'Secret must be "whsec_" followed by base64 of 24 to 64 bytes');
  }
  await checkEvents(deps.prisma, errors, tenantId, events, input.eventGroup ?? null);
  const retrySchedule = checkDeliveryOptions(errors, input);
  // Depth first: the filter's size check serializes it.
  const filterPath = checkJsonDepth(errors, ['input', 'filter'], input.filter, deps.config.api) ? compileFilter(errors, ['input', 'filter'], input.filter) : null;
  errors.throwIfAny();
  if (filterPath) await assertFilterRuns(deps.prisma, filterPath);

  await assertOwned(deps.prisma, scope, { applicationId: input.applicationId, oauthCredentialId: input.oauthCredentialId });
  if (input.name) await assertNameFree(deps.prisma, tenantId, input.name, null);
  // A portal token's webhooks belong to its application whether or not the input names it.
  const applicationId = input.applicationId ?? scope.applicationId;

  try {
    const webhook = await deps.prisma.webhook.create({
      data: {
        tenantId,
        applicationId,
        name: input.name ?? null,
        liveName: input.name ?? null,
        description: input.description ?? null,
        urls: urls!,
        events,
        eventGroup: input.eventGroup ?? null,
        bodyTemplate: input.bodyTemplate ?? null,
        oauthCredentialId: input.oauthCredentialId ?? null,
        isActive: input.isActive ?? true,
        retrySchedule: retrySchedule ?? [],
        rateLimitPerSecond: input.rateLimitPerSecond ?? null,
        ordering: input.ordering ?? 'UNORDERED',
        filter: filterPath ? (input.filter as Prisma.InputJsonObject) : Prisma.DbNull,
        filterPath,
        headers: { create: headers.map((h, position) => ({ ...h, position })) },
        secrets: { create: { version: 1, encrypted: deps.box.encrypt(secret), last4: secret.slice(-4) } },
      },
    });
    return { webhook, signingSecret: secret };
  } catch (err) {
    throw mapUniqueViolation(err);
  }
}

export async function updateWebhook(deps: WebhookDeps, scope: Scope, id: string, input: UpdateWebhookInput): Promise<Webhook> {
  const { tenantId } = scope;
  const existing = await findLiveWebhook(deps.prisma, scope, id);
  const errors = new FieldErrors();
  if (scope.applicationId && input.applicationId === null) {
    errors.add(['input', 'applicationId'], 'This token is confined to one application: its webhooks cannot leave it');
  }
  const urls = resolveUrls(errors, input);
  if (urls !== undefined) checkUrls(errors, ['input', 'urls'], urls, deps.allowList);
  if (input.name !== undefined) checkName(errors, ['input', 'name'], input.name, false);
  if (input.description !== undefined) checkDescription(errors, ['input', 'description'], input.description);
  if (input.eventGroup !== undefined && input.eventGroup !== existing.eventGroup) {
    errors.add(['input', 'eventGroup'], 'The event group cannot be changed after the webhook has been created');
  }
  const events = input.events ?? undefined;
  if (events !== undefined) {
    checkEventList(errors, ['input', 'events'], events, Boolean(existing.eventGroup));
    await checkEvents(deps.prisma, errors, tenantId, events, existing.eventGroup);
  }
  const oauthCredentialId = input.oauthCredentialId === undefined ? existing.oauthCredentialId : input.oauthCredentialId;
  const headers =
    input.headers === undefined || input.headers === null
      ? undefined
      : normalizeHeaders(errors, ['input', 'headers'], input.headers, { hasOAuth: Boolean(oauthCredentialId) });
  if (input.bodyTemplate !== undefined) checkBodyTemplate(errors, ['input', 'bodyTemplate'], input.bodyTemplate, deps.config.api);
  const retrySchedule = checkDeliveryOptions(errors, input);
  const filterPath =
    input.filter === undefined || !checkJsonDepth(errors, ['input', 'filter'], input.filter, deps.config.api)
      ? undefined
      : compileFilter(errors, ['input', 'filter'], input.filter);
  errors.throwIfAny();
  if (filterPath) await assertFilterRuns(deps.prisma, filterPath);

  if (input.oauthCredentialId && headers === undefined) {
    // Adding OAuth to a webhook that already sends its own Authorization header would send two.
    const clash = await deps.prisma.webhookHeader.count({ where: { webhookId: id, name: { equals: 'authorization', mode: 'insensitive' } } });
    if (clash > 0) throw ValidationError.one(['input', 'oauthCredentialId'], 'Remove the Authorization header before attaching an OAuth credential');
  }
  await assertOwned(deps.prisma, scope, { applicationId: input.applicationId, oauthCredentialId: input.oauthCredentialId });
  if (input.name && input.name !== existing.name) await assertNameFree(deps.prisma, tenantId, input.name, id);

  const data: Prisma.WebhookUncheckedUpdateInput = {};
  if (urls !== undefined) data.urls = urls;
  if (input.name !== undefined) {
    data.name = input.name;
    data.liveName = input.name;
  }
  if (input.description !== undefined) data.description = input.description;
  if (events !== undefined) data.events = events;
  if (input.bodyTemplate !== undefined) data.bodyTemplate = input.bodyTemplate;
  if (input.retrySchedule !== undefined) data.retrySchedule = retrySchedule ?? [];
  if (input.rateLimitPerSecond !== undefined) data.rateLimitPerSecond = input.rateLimitPerSecond;
  if (input.ordering !== undefined && input.ordering !== null) data.ordering = input.ordering;
  if (filterPath !== undefined) {
    data.filter = filterPath ? (input.filter as Prisma.InputJsonObject) : Prisma.DbNull;
    data.filterPath = filterPath;
  }
  if (input.applicationId !== undefined) data.applicationId = input.applicationId;
  if (input.oauthCredentialId !== undefined) data.oauthCredentialId = input.oauthCredentialId;
  // Re-enabling clears the reason an automatic disable left behind.
  if (input.isActive === true) Object.assign(data, { isActive: true, disabledReason: null });
  if (headers !== undefined) {
    data.headers = { deleteMany: {}, create: headers.map((h, position) => ({ ...h, position })) };
  }
  let updated: Webhook;
  try {
    if (input.isActive !== false) {
      updated = await deps.prisma.webhook.update({ where: { id }, data });
    } else {
      // Disabling by hand: the other changes, then the switch (conditional, so that only the request
      // that turned an active webhook off publishes hookgate.webhook.disabled, with the new name and
      // URL) in one transaction; the workers cancel its pending deliveries when they claim them.
      let queued = 0;
      updated = await deps.prisma.$transaction(async (tx) => {
        if (Object.keys(data).length > 0) await tx.webhook.update({ where: { id }, data });
        ({ queued } = await disableWebhook(tx, id, { cause: 'USER', reason: 'Disabled by the user', at: new Date() }));
        return tx.webhook.findUniqueOrThrow({ where: { id } });
      });
      if (queued > 0) deps.wakeDispatchers?.();
    }
  } catch (err) {
    throw mapUniqueViolation(err);
  }
  // Back to UNORDERED: what waited in the lines goes out now, in parallel. (To FIFO: deliveries
  // already queued stay unordered; new ones join lines.)
  if (existing.ordering === 'FIFO' && updated.ordering === 'UNORDERED') await releaseLines(deps.prisma, id);
  return updated;
}

/** Soft delete (Partner API): the row stays readable with includeDeleted; its name is freed. */
export async function deleteWebhook(deps: Pick<WebhookDeps, 'prisma'>, scope: Scope, id: string): Promise<Webhook> {
  await findLiveWebhook(deps.prisma, scope, id);
  const now = new Date();
  return deps.prisma.$transaction(async (tx) => {
    // Pending retries stop: a deleted webhook receives nothing more.
    await cancelPendingIn(tx, id, 'Webhook deleted');
    return tx.webhook.update({ where: { id }, data: { deletedAt: now, liveName: null, isActive: false, disabledReason: 'Deleted' } });
  });
}

export async function rotateWebhookSecret(
  deps: WebhookDeps,
  scope: Scope,
  id: string,
  opts: { overlapSeconds?: number | null; secret?: string | null },
): Promise<{ webhook: Webhook; signingSecret: string }> {
  const overlap = opts.overlapSeconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  const errors = new FieldErrors();
  if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_ROTATION_OVERLAP_SECONDS) {
    errors.add(['input', 'overlapSeconds'], `overlapSeconds must be an integer from 0 to ${MAX_ROTATION_OVERLAP_SECONDS}`);
  }
  if (opts.secret !== undefined && opts.secret !== null && parseSecret(opts.secret) === null) {
    errors.add(['input', 'secret'], 'Secret must be "whsec_" followed by base64 of 24 to 64 bytes');
  }
  errors.throwIfAny();
  await findLiveWebhook(deps.prisma, scope, id);
  const secret = opts.secret ?? generateSecret();
  const now = Date.now();
  const webhook = await deps.prisma.$transaction(async (tx) => {
    // Row lock: two rotations at once must not both take the same next version.
    await tx.$queryRaw`SELECT id FROM "Webhook" WHERE id = ${id}::uuid FOR UPDATE`;
    const secrets = await tx.webhookSecret.findMany({ where: { webhookId: id }, orderBy: { version: 'desc' } });
    const nextVersion = (secrets[0]?.version ?? 0) + 1;
    await tx.webhookSecret.updateMany({ where: { webhookId: id, expiresAt: null }, data: { expiresAt: new Date(now + overlap * 1000) } });
    // Keep the newest old secrets that are still valid, at most MAX_OLD_SECRETS of them; with no
    // overlap the rotation is a hard cut-over and every old secret goes.
    const stillValid = secrets.filter((s) => s.expiresAt === null || s.expiresAt.getTime() > now);
    const keep = new Set(overlap > 0 ? stillValid.slice(0, MAX_OLD_SECRETS).map((s) => s.id) : []);
    const drop = secrets.filter((s) => !keep.has(s.id)).map((s) => s.id);
    if (drop.length > 0) await tx.webhookSecret.deleteMany({ where: { id: { in: drop } } });
    await tx.webhookSecret.create({ data: { webhookId: id, version: nextVersion, encrypted: deps.box.encrypt(secret), last4: secret.slice(-4) } });
    return tx.webhook.update({ where: { id }, data: { updatedAt: new Date(now) } });
  });
  return { webhook, signingSecret: secret };
}

/** Secrets valid now, newest first: the current one and any still inside their overlap. */
export async function validSecrets(prisma: PrismaClient, box: SecretBox, webhookId: string, now = new Date()): Promise<string[]> {
  const rows = await prisma.webhookSecret.findMany({
    where: { webhookId, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    orderBy: { version: 'desc' },
  });
  return rows.map((r) => box.decrypt(r.encrypted));
}

export async function findLiveWebhook(prisma: PrismaClient, scope: Scope, id: string): Promise<Webhook> {
  const webhook = await prisma.webhook.findFirst({ where: { ...ownedWebhooks(scope), id, deletedAt: null } });
  if (!webhook) throw new NotFoundError('Webhook', id);
  return webhook;
}

/**
 * The database parses the compiled predicate once before it is stored: fan-out casts it for every
 * event, so a predicate PostgreSQL refused would fail every publish to the tenant. compileFilter
 * only emits valid SQL/JSON paths; this keeps a mistake there from ever reaching storage.
 */
async function assertFilterRuns(prisma: PrismaClient, filterPath: string): Promise<void> {
  try {
    await prisma.$queryRawUnsafe(`SELECT '{}'::jsonb @@ $1::jsonpath AS ok`, filterPath);
  } catch {
    throw ValidationError.one(['input', 'filter'], 'The filter could not be compiled; please report it with the filter');
  }
}

const MAX_RETRY_ENTRIES = 20;
const MAX_RETRY_DELAY_MS = 7 * 24 * 3600 * 1000;

/** Returns the parsed per-webhook schedule (undefined/null = global) after checking it. */
function checkDeliveryOptions(errors: FieldErrors, input: { retrySchedule?: string | null; rateLimitPerSecond?: number | null }): number[] | null | undefined {
  const rate = input.rateLimitPerSecond;
  if (rate !== undefined && rate !== null && (!Number.isInteger(rate) || rate < 1 || rate > 10_000)) {
    errors.add(['input', 'rateLimitPerSecond'], 'rateLimitPerSecond must be an integer from 1 to 10000 (null for no limit)');
  }
  if (input.retrySchedule === undefined || input.retrySchedule === null) return input.retrySchedule;
  try {
    const ms = parseSchedule(input.retrySchedule);
    if (ms.length > MAX_RETRY_ENTRIES) errors.add(['input', 'retrySchedule'], `At most ${MAX_RETRY_ENTRIES} attempts`);
    else if (ms.some((v) => v > MAX_RETRY_DELAY_MS)) errors.add(['input', 'retrySchedule'], 'Each delay must be at most 7 days');
    return ms;
  } catch (err) {
    errors.add(['input', 'retrySchedule'], (err as Error).message);
    return undefined;
  }
}

async function checkEvents(prisma: PrismaClient, errors: FieldErrors, tenantId: string, events: readonly string[], group: string | null): Promise<void> {
  if (events.length === 0 && group === null) return;
  const known = await prisma.eventType.findMany({
    where: {
      OR: [{ tenantId: null }, { tenantId }],
      ...(group === null ? { name: { in: [...events] } } : { OR: [{ name: { in: [...events] } }, { group }] }),
    },
    select: { name: true, group: true, tenantId: true },
  });
  const groupOf = new Map(known.map((t) => [t.name, t.group]));
  if (group !== null && !known.some((t) => t.group === group)) {
    errors.add(['input', 'eventGroup'], `Unknown event group "${group}"`);
  }
  events.forEach((name, i) => {
    if (!groupOf.has(name)) errors.add(['input', 'events', i], `Unknown event type "${name}"; see the eventTypes query`);
    else if (group !== null && groupOf.get(name) !== group) errors.add(['input', 'events', i], `Event type "${name}" is not in the event group "${group}"`);
  });
}

async function assertOwned(
  prisma: PrismaClient,
  scope: Scope,
  ids: { applicationId?: string | null | undefined; oauthCredentialId?: string | null | undefined },
): Promise<void> {
  if (ids.applicationId) {
    const found = await prisma.application.count({ where: { ...ownedApplications(scope), id: ids.applicationId } });
    if (found === 0) throw new NotFoundError('Application', ids.applicationId);
  }
  if (ids.oauthCredentialId) {
    const found = await prisma.oAuthCredential.count({ where: { ...ownedCredentials(scope), id: ids.oauthCredentialId } });
    if (found === 0) throw new NotFoundError('OAuthCredential', ids.oauthCredentialId);
  }
}

/** Whether a live webhook of the tenant (other than `exceptId`) has this exact name. */
export async function isNameTaken(prisma: PrismaClient, tenantId: string, name: string, exceptId: string | null): Promise<boolean> {
  const clash = await prisma.webhook.findFirst({ where: { tenantId, liveName: name, ...(exceptId ? { NOT: { id: exceptId } } : {}) }, select: { id: true } });
  return clash !== null;
}

export function nameTakenMessage(name: string): string {
  return `A webhook named "${name}" already exists`;
}

async function assertNameFree(prisma: PrismaClient, tenantId: string, name: string, exceptId: string | null): Promise<void> {
  if (await isNameTaken(prisma, tenantId, name, exceptId)) throw new ConflictError(nameTakenMessage(name), ['input', 'name']);
}

/** The unique index is the final word on names when two requests race past assertNameFree. */
function mapUniqueViolation(err: unknown): unknown {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
    return new ConflictError('A webhook with this name already exists', ['input', 'name']);
  }
  return err;
}
