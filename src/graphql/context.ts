// What every resolver receives. The tenant is established once per request (HTTP header or
// WebSocket connectionParams) before execution; an unauthenticated request never executes.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Sql } from '../db/sql.ts';
import type { OutboundAllowList } from '../delivery/outbound.ts';
import type { Config } from '../config.ts';
import type { SecretBox } from '../webhooks/crypto.ts';
import type { Deliverer } from '../delivery/deliver.ts';
import type { AttemptBus } from '../pubsub/index.ts';
import type { SchemaRegistry } from '../events/schema.ts';
import type { Scope, ScopeResolver } from '../auth/scope.ts';

/** Long-lived parts of the composed app that resolvers use. */
export interface Services {
  prisma: PrismaClient;
  /** The same database without Prisma, for single statements on a hot path (publishEvent). */
  sql: Sql;
  box: SecretBox;
  allowList: OutboundAllowList;
  config: Config;
  bus: AttemptBus;
  /** Sends test attempts inline (sendTestWebhook). */
  deliverer: Deliverer;
  /** Event-type JSON Schemas, compiled once each. */
  schemas: SchemaRegistry;
  /** Tells dispatchers that deliveries are due now. */
  wakeDispatchers: () => void;
  /** Turns a token's `app` claim into the application it confines the request to. */
  scopes: ScopeResolver;
}

/** The request's scope (tenant, and the application of a portal token) is part of the context. */
export interface Context extends Services, Scope {
  /** Read-only tokens get ForbiddenError from every mutation. */
  canWrite: boolean;
}
