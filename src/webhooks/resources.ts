// The things webhooks point at: applications (owners), OAuth credentials (shared by many
// webhooks) and tenant event types (extending the built-in catalog).
import { ConflictError, FieldErrors, NotFoundError } from '../errors.ts';
import { forgetEventType, OPERATIONAL_GROUP } from '../events/publish.ts';
import { checkData, type SchemaRegistry } from '../events/schema.ts';
import type { OutboundAllowList } from '../delivery/outbound.ts';
import { Prisma, type Application, type EventType, type OAuthCredential, type PrismaClient } from '../generated/prisma/client.ts';
import type { SecretBox } from './crypto.ts';
import { checkJsonDepth, type JsonLimits } from '../input.ts';
import { checkDescription, checkName, checkUrl } from './rules.ts';
import { assertWholeTenant, ownedApplications, type Scope } from '../auth/scope.ts';

export async function createApplication(
  prisma: PrismaClient,
  scope: Scope,
  input: { name: string; externalId?: string | null; description?: string | null },
): Promise<Application> {
  assertWholeTenant(scope, 'create applications');
  const { tenantId } = scope;
  const errors = new FieldErrors();
  checkName(errors, ['input', 'name'], input.name, true);
  if (input.externalId !== undefined && input.externalId !== null) {
    if (!/^[A-Za-z0-9_.:\-]{1,100}$/.test(input.externalId)) errors.add(['input', 'externalId'], 'externalId must be 1-100 of A-Z a-z 0-9 _ . : -');
  }
  checkDescription(errors, ['input', 'description'], input.description);
  errors.throwIfAny();
  try {
    return await prisma.application.create({
      data: { tenantId, name: input.name, externalId: input.externalId ?? null, description: input.description ?? null },
    });
  } catch (err) {
    throw uniqueToConflict(err, 'An application with this name or externalId already exists', ['input', 'name']);
  }
}

/** The tenant's application with this row id, or null. */
export async function findApplication(prisma: PrismaClient, scope: Scope, id: string): Promise<Application | null> {
  return prisma.application.findFirst({ where: { ...ownedApplications(scope), id } });
}

/** The tenant's application with this externalId (K42 publisher_id, Partner shopId), or null. */
export async function findApplicationByExternalId(prisma: PrismaClient, scope: Scope, externalId: string): Promise<Application | null> {
  return prisma.application.findFirst({ where: { ...ownedApplications(scope), externalId } });
}

/**
 * The application with this externalId, created (named after it) on first use: K42 and the
 * Partner API have no call that creates publishers or shops, their ids simply appear.
 */
export async function ensureApplication(prisma: PrismaClient, scope: Scope, externalId: string): Promise<Application> {
  const found = await findApplicationByExternalId(prisma, scope, externalId);
  if (found) return found;
  // A portal token cannot make applications (createApplication refuses it), so for a portal an
  // unknown externalId is simply not found, like any other application outside its reach.
  if (scope.applicationId) throw new NotFoundError('Application', externalId);
  try {
    return await createApplication(prisma, scope, { name: externalId, externalId });
  } catch (err) {
    // A concurrent first use created it between our read and our insert.
    const raced = err instanceof ConflictError ? await findApplicationByExternalId(prisma, scope, externalId) : null;
    if (raced) return raced;
    throw err;
  }
}

export async function createOAuthCredential(
  deps: { prisma: PrismaClient; box: SecretBox; allowList: OutboundAllowList },
  scope: Scope,
  input: { name: string; tokenUrl: string; clientId: string; clientSecret: string; scope?: string | null; audience?: string | null },
): Promise<OAuthCredential> {
  const errors = new FieldErrors();
  checkName(errors, ['input', 'name'], input.name, true);
  checkUrl(errors, ['input', 'tokenUrl'], input.tokenUrl, deps.allowList);
  if (input.tokenUrl.includes('{{')) errors.add(['input', 'tokenUrl'], 'Token URL must not contain placeholders');
  if (!/^[\x21-\x7e]{1,200}$/.test(input.clientId)) errors.add(['input', 'clientId'], 'Client id must be 1-200 printable ASCII characters without spaces');
  if (!/^[\x20-\x7e]{1,500}$/.test(input.clientSecret)) errors.add(['input', 'clientSecret'], 'Client secret must be 1-500 printable ASCII characters');
  if (input.scope && !/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/.test(input.scope)) {
    errors.add(['input', 'scope'], 'Scope must be space-separated scope tokens (RFC 6749 §3.3)');
  }
  if (input.audience && input.audience.length > 500) errors.add(['input', 'audience'], 'Audience must be at most 500 characters');
  errors.throwIfAny();
  try {
    return await deps.prisma.oAuthCredential.create({
      data: {
        tenantId: scope.tenantId,
        // A portal's credential is its application's own; the platform's stay out of its reach.
        applicationId: scope.applicationId,
        name: input.name,
        tokenUrl: input.tokenUrl,
        clientId: input.clientId,
        clientSecretEncrypted: deps.box.encrypt(input.clientSecret),
        scope: input.scope ?? null,
        audience: input.audience ?? null,
      },
    });
  } catch (err) {
    throw uniqueToConflict(err, 'An OAuth credential with this name already exists', ['input', 'name']);
  }
}

const EVENT_TYPE_NAME = /^[A-Za-z][A-Za-z0-9_\-]*(\.[A-Za-z0-9_\-]+)*$/;

export interface EventTypeInput {
  name: string;
  group?: string | null;
  description?: string | null;
  example?: Record<string, unknown> | null;
  /** JSON Schema 2020-12 for the events' data (src/events/schema.ts). */
  schema?: Record<string, unknown> | null;
}

interface EventTypeDeps {
  prisma: PrismaClient;
  schemas: SchemaRegistry;
  config: { api: JsonLimits };
}

export async function createEventType(deps: EventTypeDeps, scope: Scope, input: EventTypeInput): Promise<EventType> {
  assertWholeTenant(scope, 'add event types to the catalog');
  const { tenantId } = scope;
  const { prisma } = deps;
  const errors = new FieldErrors();
  if (input.name.length > 100 || !EVENT_TYPE_NAME.test(input.name)) {
    errors.add(['input', 'name'], 'Event type names are letters, digits, _ and -, in dot-separated segments (e.g. order.created), at most 100 characters');
  } else if (input.name.split('.')[0] === OPERATIONAL_GROUP) {
    errors.add(['input', 'name'], `Names starting with "${OPERATIONAL_GROUP}." are reserved for Hookgate's own events`);
  }
  if (input.group !== undefined && input.group !== null) {
    checkName(errors, ['input', 'group'], input.group, true);
    if (input.group === OPERATIONAL_GROUP) errors.add(['input', 'group'], `The group "${OPERATIONAL_GROUP}" is reserved for Hookgate's own events`);
  }
  checkDescription(errors, ['input', 'description'], input.description);
  checkSchemaAndExample(deps, errors, input.schema ?? null, input.example ?? null);
  errors.throwIfAny();
  const clash = await prisma.eventType.findFirst({ where: { name: input.name, OR: [{ tenantId: null }, { tenantId }] }, select: { tenantId: true } });
  if (clash) {
    throw new ConflictError(clash.tenantId === null ? `"${input.name}" is a built-in event type` : `Event type "${input.name}" already exists`, ['input', 'name']);
  }
  try {
    return await prisma.eventType.create({
      data: {
        tenantId,
        name: input.name,
        group: input.group ?? (input.name.includes('.') ? input.name.split('.')[0]! : null),
        description: input.description ?? null,
        example: (input.example ?? undefined) as Prisma.InputJsonValue | undefined,
        schema: (input.schema ?? undefined) as Prisma.InputJsonValue | undefined,
      },
    });
  } catch (err) {
    throw uniqueToConflict(err, `Event type "${input.name}" already exists`, ['input', 'name']);
  }
}

/**
 * Changes a tenant's own event type: description, example, schema, deprecated (partial; null
 * clears). Built-in types belong to Hookgate and cannot be changed. The example must satisfy the
 * schema that results. Publishing in this process sees the new schema at once, in others within
 * TYPE_CACHE_TTL_MS.
 */
export async function updateEventType(
  deps: EventTypeDeps,
  scope: Scope,
  id: string,
  input: Partial<Pick<EventTypeInput, 'description' | 'example' | 'schema'>> & { deprecated?: boolean | null },
): Promise<EventType> {
  assertWholeTenant(scope, 'change the event type catalog');
  const { tenantId } = scope;
  const { prisma } = deps;
  const existing = await prisma.eventType.findFirst({ where: { id, OR: [{ tenantId: null }, { tenantId }] } });
  if (!existing) throw new NotFoundError('EventType', id);
  if (existing.tenantId === null) throw new ConflictError(`"${existing.name}" is a built-in event type and cannot be changed`, ['input', 'id']);
  const errors = new FieldErrors();
  if (input.description !== undefined) checkDescription(errors, ['input', 'description'], input.description);
  const schema = input.schema === undefined ? (existing.schema as Record<string, unknown> | null) : input.schema;
  const example = input.example === undefined ? (existing.example as Record<string, unknown> | null) : input.example;
  checkSchemaAndExample(deps, errors, schema, example);
  errors.throwIfAny();
  const data: Prisma.EventTypeUpdateInput = {};
  if (input.description !== undefined) data.description = input.description;
  if (input.example !== undefined) data.example = input.example === null ? Prisma.DbNull : (input.example as Prisma.InputJsonObject);
  if (input.schema !== undefined) data.schema = input.schema === null ? Prisma.DbNull : (input.schema as Prisma.InputJsonObject);
  if (input.deprecated !== undefined && input.deprecated !== null) data.deprecated = input.deprecated;
  const updated = await prisma.eventType.update({ where: { id }, data });
  forgetEventType(prisma, tenantId, updated.name);
  return updated;
}

/**
 * The schema must compile, and the example must satisfy it (the example is what sendTestWebhook
 * sends and what users copy); a violation is reported under input.example.
 */
function checkSchemaAndExample(
  deps: EventTypeDeps,
  errors: FieldErrors,
  schema: Record<string, unknown> | null,
  example: Record<string, unknown> | null,
): void {
  // Depth first: compiling a schema and validating against it recurse.
  const shallowSchema = checkJsonDepth(errors, ['input', 'schema'], schema, deps.config.api);
  const shallowExample = checkJsonDepth(errors, ['input', 'example'], example, deps.config.api);
  if (schema === null || !shallowSchema || !shallowExample) return;
  const validate = deps.schemas.check(errors, ['input', 'schema'], schema);
  if (validate && example !== null) checkData(errors, ['input', 'example'], validate, example);
}

function uniqueToConflict(err: unknown, message: string, path: string[]): unknown {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') return new ConflictError(message, path);
  return err;
}
