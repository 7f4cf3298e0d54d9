/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Why an attempt failed. */
export type AttemptErrorKind =
  /** The address connected to is refused by the outbound safety rules. */
  | 'BLOCKED_ADDRESS'
  /** The connection failed or was reset. */
  | 'CONNECTION'
  /** The host name did not resolve. */
  | 'DNS'
  /** The receiver answered with a non-2xx status (see responseStatus). */
  | 'HTTP_STATUS'
  /** The target URL (after placeholders) is not a usable HTTPS URL. */
  | 'INVALID_URL'
  /** No OAuth access token could be fetched. */
  | 'OAUTH'
  /** A placeholder in the URL, headers or body template could not be rendered. */
  | 'TEMPLATE'
  /** The whole-request deadline passed. */
  | 'TIMEOUT'
  /** The TLS handshake or certificate check failed. */
  | 'TLS';

export type AttemptOutcome =
  | 'FAILED'
  | 'SUCCEEDED';

export type AttemptTrigger =
  | 'MANUAL'
  | 'SCHEDULED'
  | 'TEST';

export type CreateApplicationInput = {
  description?: string | null | undefined;
  /** Your own identifier for it, unique per tenant. */
  externalId?: string | null | undefined;
  /** Unique per tenant. */
  name: string;
};

export type CreateEventTypeInput = {
  description?: string | null | undefined;
  /** Must satisfy the schema. */
  example?: { [key: string]: unknown } | null | undefined;
  /** Defaults to the first dot-separated segment. */
  group?: string | null | undefined;
  /** e.g. order.created */
  name: string;
  /** JSON Schema (2020-12) for the events' data, checked on publish. */
  schema?: { [key: string]: unknown } | null | undefined;
};

export type CreateOAuthCredentialInput = {
  audience?: string | null | undefined;
  clientId: string;
  /** Write-only: stored encrypted, never returned. */
  clientSecret: string;
  name: string;
  scope?: string | null | undefined;
  /** HTTPS token endpoint. */
  tokenUrl: string;
};

export type CreateWebhookInput = {
  /** The owning application (K42 publisher, Partner shop, Kadosei application). */
  applicationId?: string | number | null | undefined;
  /** JSON body with {{placeholders}}; default is the event envelope. */
  bodyTemplate?: string | null | undefined;
  description?: string | null | undefined;
  /** Subscribe to every type of this group; cannot change later. */
  eventGroup?: string | null | undefined;
  /** Event types from the catalog; at least one unless eventGroup is set. */
  events?: Array<string> | null | undefined;
  /** Only events whose type and data match are delivered (docs/FILTERS.md). */
  filter?: { [key: string]: unknown } | null | undefined;
  headers?: Array<WebhookHeaderInput> | null | undefined;
  isActive?: boolean | null | undefined;
  method?: HttpMethod | null | undefined;
  /** Unique per tenant among live webhooks, case-sensitive, no leading/trailing spaces. */
  name?: string | null | undefined;
  oauthCredentialId?: string | number | null | undefined;
  ordering?: DeliveryOrdering | null | undefined;
  /** At most this many deliveries per second, across all workers. */
  rateLimitPerSecond?: number | null | undefined;
  /** Delays before each attempt, e.g. "0s,5s,5m,30m,2h,5h"; default: the global schedule. */
  retrySchedule?: string | null | undefined;
  /** whsec_ + base64 of 24-64 bytes; generated when omitted. */
  secret?: string | null | undefined;
  /** Shorthand for urls: [url]. */
  url?: string | null | undefined;
  /** 1 to 10 HTTPS URLs; every event is delivered to each. */
  urls?: Array<string> | null | undefined;
};

export type DeleteWebhookInput = {
  id: string | number;
};

/** How the deliveries of a webhook to each of its URLs are sent (README "Ordered delivery"). */
export type DeliveryOrdering =
  /** Per URL, one at a time across all workers, in publish order. A delivery waiting for a retry holds the ones behind it; when it fails for good the next one goes. */
  | 'FIFO'
  /** In parallel, as fast as workers and the receiver allow (the default). */
  | 'UNORDERED';

export type DeliveryStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'PENDING'
  | 'SKIPPED'
  | 'SUCCEEDED';

/** What kind of expected failure an Error is (contract: these four values). */
export type ErrorCode =
  /** The input clashes with the current state (a taken name, a delivery that already succeeded). */
  | 'CONFLICT'
  /** The token may not do this (e.g. a read-only token on a mutation). */
  | 'FORBIDDEN'
  /** An id names nothing this token can see (malformed, unknown or another tenant's). */
  | 'NOT_FOUND'
  /** The input is invalid; fieldErrors says where and why. */
  | 'VALIDATION';

export type HttpMethod =
  | 'POST';

export type PublishEventInput = {
  /** Deliver to webhooks of this application and to webhooks of no application. */
  applicationId?: string | number | null | undefined;
  /** The payload, a JSON object (default limit 256 KiB). */
  data: { [key: string]: unknown };
  /** The same key within 24 h returns the first event and creates nothing. */
  idempotencyKey?: string | null | undefined;
  /** An event type from the catalog. */
  type: string;
};

export type ReplayEventsInput = {
  /** Skip events this webhook already received or is receiving. */
  onlyFailed?: boolean | null | undefined;
  since: string;
  /** Defaults to now. */
  until?: string | null | undefined;
  webhookId: string | number;
};

export type RetryDeliveryInput = {
  /** The delivery to attempt again. */
  id: string | number;
};

export type RotateWebhookSecretInput = {
  id: string | number;
  /** How long the previous secret stays valid (default 86400, max 30 days). */
  overlapSeconds?: number | null | undefined;
  /** A caller-supplied new secret; generated when omitted. */
  secret?: string | null | undefined;
};

export type SendTestWebhookInput = {
  /** Defaults to the webhook's first event type. */
  eventType?: string | null | undefined;
  /** The webhook to test. */
  id: string | number;
};

/** Partial update: omitted fields keep their value, null clears a nullable field, lists replace. */
export type UpdateWebhookInput = {
  applicationId?: string | number | null | undefined;
  bodyTemplate?: string | null | undefined;
  description?: string | null | undefined;
  /** Accepted only when unchanged: the event group is immutable. */
  eventGroup?: string | null | undefined;
  events?: Array<string> | null | undefined;
  /** null (or {}) removes the filter. */
  filter?: { [key: string]: unknown } | null | undefined;
  headers?: Array<WebhookHeaderInput> | null | undefined;
  /** The webhook to update. */
  id: string | number;
  isActive?: boolean | null | undefined;
  name?: string | null | undefined;
  oauthCredentialId?: string | number | null | undefined;
  /** To FIFO: deliveries queued before stay unordered, new ones are ordered. To UNORDERED: waiting deliveries go out at once. */
  ordering?: DeliveryOrdering | null | undefined;
  /** null removes the limit. */
  rateLimitPerSecond?: number | null | undefined;
  /** null returns to the global schedule. */
  retrySchedule?: string | null | undefined;
  url?: string | null | undefined;
  urls?: Array<string> | null | undefined;
};

export type WebhookFilter = {
  applicationId?: string | number | null | undefined;
  /** Webhooks subscribed to this event type. */
  event?: string | null | undefined;
  includeDeleted?: boolean | null | undefined;
  isActive?: boolean | null | undefined;
  /** Case-insensitive match on name, description or URL. */
  search?: string | null | undefined;
};

export type WebhookHeaderInput = {
  name: string;
  /** May be empty; trimmed before save. */
  value: string;
};

export type WebhookPreviewInput = {
  bodyTemplate?: string | null | undefined;
  description?: string | null | undefined;
  /** The event type whose example the request is rendered with. */
  eventType?: string | null | undefined;
  /** The webhook being edited: its own name is no clash. */
  exceptWebhookId?: string | number | null | undefined;
  headers?: Array<WebhookHeaderInput> | null | undefined;
  name?: string | null | undefined;
  oauthCredentialId?: string | number | null | undefined;
  urls?: Array<string> | null | undefined;
};

type ConsoleErrorFields_ConflictError_Fragment = { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string };

type ConsoleErrorFields_ForbiddenError_Fragment = { __typename: 'ForbiddenError', code: ErrorCode, message: string };

type ConsoleErrorFields_NotFoundError_Fragment = { __typename: 'NotFoundError', code: ErrorCode, message: string };

type ConsoleErrorFields_ValidationError_Fragment = { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> };

export type ConsoleErrorFieldsFragment =
  | ConsoleErrorFields_ConflictError_Fragment
  | ConsoleErrorFields_ForbiddenError_Fragment
  | ConsoleErrorFields_NotFoundError_Fragment
  | ConsoleErrorFields_ValidationError_Fragment
;

export type ConsoleWebhookSummaryFragment = { id: string, name: string | null, description: string | null, url: string, urls: Array<string>, events: Array<string>, eventGroup: string | null, isActive: boolean, disabledReason: string | null, deletedAt: string | null, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null, createdAt: string, application: { id: string, name: string } | null, recentAttempts: { attempts: number, failed: number, failureRate: number | null } };

export type ConsoleWebhookDetailFragment = { method: HttpMethod, bodyTemplate: string | null, secretFingerprint: string, retrySchedule: string | null, rateLimitPerSecond: number | null, updatedAt: string, id: string, name: string | null, description: string | null, url: string, urls: Array<string>, events: Array<string>, eventGroup: string | null, isActive: boolean, disabledReason: string | null, deletedAt: string | null, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null, createdAt: string, headers: Array<{ name: string, value: string }>, oauthCredential: { id: string, name: string } | null, application: { id: string, name: string } | null, recentAttempts: { attempts: number, failed: number, failureRate: number | null } };

export type ConsoleAttemptFragment = { id: string, number: number, trigger: AttemptTrigger, outcome: AttemptOutcome, url: string, startedAt: string, durationMs: number, responseStatus: number | null, errorKind: AttemptErrorKind | null, errorMessage: string | null, webhookId: string, eventId: string, delivery: { id: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt: string | null } };

export type ConsoleDeliveryFragment = { id: string, status: DeliveryStatus, url: string, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, completedAt: string | null, event: { id: string, type: string, time: string, isTest: boolean }, webhook: { id: string, name: string | null } };

export type ConsoleCatalogQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCatalogQuery = { eventTypes: { totalCount: number, edges: Array<{ node: { id: string, name: string, group: string | null, description: string | null, example: { [key: string]: unknown } | null, deprecated: boolean, builtin: boolean, source: string | null } }> } };

export type ConsoleApplicationsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleApplicationsQuery = { applications: { totalCount: number, edges: Array<{ node: { id: string, name: string, externalId: string | null, description: string | null, createdAt: string, webhooks: { totalCount: number } } }> } };

export type ConsoleOAuthCredentialsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleOAuthCredentialsQuery = { oauthCredentials: { edges: Array<{ node: { id: string, name: string, tokenUrl: string, clientId: string, scope: string | null, audience: string | null, webhookCount: number, createdAt: string } }> } };

export type ConsoleWebhooksQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  filter?: WebhookFilter | null | undefined;
}>;


export type ConsoleWebhooksQuery = { webhooks: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, name: string | null, description: string | null, url: string, urls: Array<string>, events: Array<string>, eventGroup: string | null, isActive: boolean, disabledReason: string | null, deletedAt: string | null, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null, createdAt: string, application: { id: string, name: string } | null, recentAttempts: { attempts: number, failed: number, failureRate: number | null } } }> } };

export type ConsoleWebhookQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  status?: DeliveryStatus | null | undefined;
}>;


export type ConsoleWebhookQuery = { webhook: { method: HttpMethod, bodyTemplate: string | null, secretFingerprint: string, retrySchedule: string | null, rateLimitPerSecond: number | null, updatedAt: string, id: string, name: string | null, description: string | null, url: string, urls: Array<string>, events: Array<string>, eventGroup: string | null, isActive: boolean, disabledReason: string | null, deletedAt: string | null, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null, createdAt: string, deliveries: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, status: DeliveryStatus, url: string, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, completedAt: string | null, event: { id: string, type: string, time: string, isTest: boolean }, webhook: { id: string, name: string | null } } }> }, headers: Array<{ name: string, value: string }>, oauthCredential: { id: string, name: string } | null, application: { id: string, name: string } | null, recentAttempts: { attempts: number, failed: number, failureRate: number | null } } | null };

export type ConsoleDeliveryDetailQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleDeliveryDetailQuery = { delivery: { id: string, status: DeliveryStatus, url: string, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, completedAt: string | null, attempts: { totalCount: number, edges: Array<{ node: { requestHeaders: { [key: string]: unknown }, responseHeaders: { [key: string]: unknown } | null, responseBody: string | null, id: string, number: number, trigger: AttemptTrigger, outcome: AttemptOutcome, url: string, startedAt: string, durationMs: number, responseStatus: number | null, errorKind: AttemptErrorKind | null, errorMessage: string | null, webhookId: string, eventId: string, delivery: { id: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt: string | null } } }> }, event: { id: string, type: string, time: string, isTest: boolean }, webhook: { id: string, name: string | null } } | null };

export type ConsoleEventsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
  type?: string | null | undefined;
}>;


export type ConsoleEventsQuery = { events: { pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, edges: Array<{ node: { id: string, type: string, time: string, isTest: boolean, application: { id: string, name: string } | null, deliveries: { totalCount: number } } }> } };

export type ConsoleEventQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleEventQuery = { event: { id: string, type: string, time: string, isTest: boolean, data: { [key: string]: unknown }, idempotencyKey: string | null, application: { id: string, name: string } | null, deliveries: { totalCount: number, edges: Array<{ node: { id: string, status: DeliveryStatus, url: string, attemptCount: number, nextAttemptAt: string | null, lastError: string | null, createdAt: string, completedAt: string | null, event: { id: string, type: string, time: string, isTest: boolean }, webhook: { id: string, name: string | null } } }> } } | null };

export type ConsoleAttemptsSubscriptionVariables = Exact<{
  webhookId?: string | number | null | undefined;
  eventId?: string | number | null | undefined;
}>;


export type ConsoleAttemptsSubscription = { deliveryAttempts: { id: string, number: number, trigger: AttemptTrigger, outcome: AttemptOutcome, url: string, startedAt: string, durationMs: number, responseStatus: number | null, errorKind: AttemptErrorKind | null, errorMessage: string | null, webhookId: string, eventId: string, delivery: { id: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt: string | null } } };

export type ConsoleCreateWebhookMutationVariables = Exact<{
  input: CreateWebhookInput;
}>;


export type ConsoleCreateWebhookMutation = { createWebhook:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'CreateWebhookPayload', signingSecret: string, webhook: { id: string, name: string | null, secretFingerprint: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleUpdateWebhookMutationVariables = Exact<{
  input: UpdateWebhookInput;
}>;


export type ConsoleUpdateWebhookMutation = { updateWebhook:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'UpdateWebhookPayload', webhook: { method: HttpMethod, bodyTemplate: string | null, secretFingerprint: string, retrySchedule: string | null, rateLimitPerSecond: number | null, updatedAt: string, id: string, name: string | null, description: string | null, url: string, urls: Array<string>, events: Array<string>, eventGroup: string | null, isActive: boolean, disabledReason: string | null, deletedAt: string | null, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null, createdAt: string, headers: Array<{ name: string, value: string }>, oauthCredential: { id: string, name: string } | null, application: { id: string, name: string } | null, recentAttempts: { attempts: number, failed: number, failureRate: number | null } } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleDeleteWebhookMutationVariables = Exact<{
  input: DeleteWebhookInput;
}>;


export type ConsoleDeleteWebhookMutation = { deleteWebhook:
    | { __typename: 'DeleteWebhookPayload', webhook: { id: string, deletedAt: string | null } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
   };

export type ConsoleRotateSecretMutationVariables = Exact<{
  input: RotateWebhookSecretInput;
}>;


export type ConsoleRotateSecretMutation = { rotateWebhookSecret:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RotateWebhookSecretPayload', signingSecret: string, webhook: { id: string, secretFingerprint: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleSendTestMutationVariables = Exact<{
  input: SendTestWebhookInput;
}>;


export type ConsoleSendTestMutation = { sendTestWebhook:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'SendTestWebhookPayload', attempt: { id: string, number: number, trigger: AttemptTrigger, outcome: AttemptOutcome, url: string, startedAt: string, durationMs: number, responseStatus: number | null, errorKind: AttemptErrorKind | null, errorMessage: string | null, webhookId: string, eventId: string, delivery: { id: string, status: DeliveryStatus, attemptCount: number, nextAttemptAt: string | null } }, webhook: { id: string, lastTestAt: string | null, lastTestStatus: AttemptOutcome | null } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleRetryDeliveryMutationVariables = Exact<{
  input: RetryDeliveryInput;
}>;


export type ConsoleRetryDeliveryMutation = { retryDelivery:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'RetryDeliveryPayload', delivery: { id: string, status: DeliveryStatus, attemptCount: number } }
   };

export type ConsoleReplayEventsMutationVariables = Exact<{
  input: ReplayEventsInput;
}>;


export type ConsoleReplayEventsMutation = { replayEvents:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'ReplayEventsPayload', eventCount: number, deliveryCount: number }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsolePublishEventMutationVariables = Exact<{
  input: PublishEventInput;
}>;


export type ConsolePublishEventMutation = { publishEvent:
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'NotFoundError', code: ErrorCode, message: string }
    | { __typename: 'PublishEventPayload', deliveryCount: number, duplicate: boolean, event: { id: string } }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleCreateEventTypeMutationVariables = Exact<{
  input: CreateEventTypeInput;
}>;


export type ConsoleCreateEventTypeMutation = { createEventType:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'CreateEventTypePayload', eventType: { id: string, name: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleCreateApplicationMutationVariables = Exact<{
  input: CreateApplicationInput;
}>;


export type ConsoleCreateApplicationMutation = { createApplication:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'CreateApplicationPayload', application: { id: string, name: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleCreateOAuthCredentialMutationVariables = Exact<{
  input: CreateOAuthCredentialInput;
}>;


export type ConsoleCreateOAuthCredentialMutation = { createOAuthCredential:
    | { __typename: 'ConflictError', path: Array<string>, code: ErrorCode, message: string }
    | { __typename: 'CreateOAuthCredentialPayload', oauthCredential: { id: string, name: string } }
    | { __typename: 'ForbiddenError', code: ErrorCode, message: string }
    | { __typename: 'ValidationError', code: ErrorCode, message: string, fieldErrors: Array<{ path: Array<string>, message: string }> }
   };

export type ConsoleWebhookPreviewQueryVariables = Exact<{
  input: WebhookPreviewInput;
}>;


export type ConsoleWebhookPreviewQuery = { webhookPreview: { placeholders: Array<string>, fieldErrors: Array<{ path: Array<string>, message: string }>, request: { url: string, body: string, headers: Array<{ name: string, value: string }> } | null } };

export type ConsoleDeliveryHealthQueryVariables = Exact<{
  minutes?: number | null | undefined;
  webhookId?: string | number | null | undefined;
}>;


export type ConsoleDeliveryHealthQuery = { deliveryHealth: { since: string, until: string, succeeded: number, failed: number, failureRate: number | null, buckets: Array<{ start: string, succeeded: number, failed: number }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}
    `, {"fragmentName":"ConsoleErrorFields"}) as unknown as TypedDocumentString<ConsoleErrorFieldsFragment, unknown>;
export const ConsoleWebhookSummaryFragmentDoc = new TypedDocumentString(`
    fragment ConsoleWebhookSummary on Webhook {
  id
  name
  description
  url
  urls
  events
  eventGroup
  isActive
  disabledReason
  deletedAt
  lastTestAt
  lastTestStatus
  createdAt
  application {
    id
    name
  }
  recentAttempts {
    attempts
    failed
    failureRate
  }
}
    `, {"fragmentName":"ConsoleWebhookSummary"}) as unknown as TypedDocumentString<ConsoleWebhookSummaryFragment, unknown>;
export const ConsoleWebhookDetailFragmentDoc = new TypedDocumentString(`
    fragment ConsoleWebhookDetail on Webhook {
  ...ConsoleWebhookSummary
  method
  headers {
    name
    value
  }
  bodyTemplate
  secretFingerprint
  retrySchedule
  rateLimitPerSecond
  updatedAt
  oauthCredential {
    id
    name
  }
}
    fragment ConsoleWebhookSummary on Webhook {
  id
  name
  description
  url
  urls
  events
  eventGroup
  isActive
  disabledReason
  deletedAt
  lastTestAt
  lastTestStatus
  createdAt
  application {
    id
    name
  }
  recentAttempts {
    attempts
    failed
    failureRate
  }
}`, {"fragmentName":"ConsoleWebhookDetail"}) as unknown as TypedDocumentString<ConsoleWebhookDetailFragment, unknown>;
export const ConsoleAttemptFragmentDoc = new TypedDocumentString(`
    fragment ConsoleAttempt on DeliveryAttempt {
  id
  number
  trigger
  outcome
  url
  startedAt
  durationMs
  responseStatus
  errorKind
  errorMessage
  webhookId
  eventId
  delivery {
    id
    status
    attemptCount
    nextAttemptAt
  }
}
    `, {"fragmentName":"ConsoleAttempt"}) as unknown as TypedDocumentString<ConsoleAttemptFragment, unknown>;
export const ConsoleDeliveryFragmentDoc = new TypedDocumentString(`
    fragment ConsoleDelivery on Delivery {
  id
  status
  url
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  completedAt
  event {
    id
    type
    time
    isTest
  }
  webhook {
    id
    name
  }
}
    `, {"fragmentName":"ConsoleDelivery"}) as unknown as TypedDocumentString<ConsoleDeliveryFragment, unknown>;
export const ConsoleCatalogDocument = new TypedDocumentString(`
    query ConsoleCatalog {
  eventTypes(first: 100) {
    totalCount
    edges {
      node {
        id
        name
        group
        description
        example
        deprecated
        builtin
        source
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleCatalogQuery, ConsoleCatalogQueryVariables>;
export const ConsoleApplicationsDocument = new TypedDocumentString(`
    query ConsoleApplications {
  applications(first: 100) {
    totalCount
    edges {
      node {
        id
        name
        externalId
        description
        createdAt
        webhooks(first: 1) {
          totalCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleApplicationsQuery, ConsoleApplicationsQueryVariables>;
export const ConsoleOAuthCredentialsDocument = new TypedDocumentString(`
    query ConsoleOAuthCredentials {
  oauthCredentials(first: 100) {
    edges {
      node {
        id
        name
        tokenUrl
        clientId
        scope
        audience
        webhookCount
        createdAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleOAuthCredentialsQuery, ConsoleOAuthCredentialsQueryVariables>;
export const ConsoleWebhooksDocument = new TypedDocumentString(`
    query ConsoleWebhooks($first: Int, $after: String, $last: Int, $before: String, $filter: WebhookFilter) {
  webhooks(
    first: $first
    after: $after
    last: $last
    before: $before
    filter: $filter
  ) {
    totalCount
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      node {
        ...ConsoleWebhookSummary
      }
    }
  }
}
    fragment ConsoleWebhookSummary on Webhook {
  id
  name
  description
  url
  urls
  events
  eventGroup
  isActive
  disabledReason
  deletedAt
  lastTestAt
  lastTestStatus
  createdAt
  application {
    id
    name
  }
  recentAttempts {
    attempts
    failed
    failureRate
  }
}`) as unknown as TypedDocumentString<ConsoleWebhooksQuery, ConsoleWebhooksQueryVariables>;
export const ConsoleWebhookDocument = new TypedDocumentString(`
    query ConsoleWebhook($id: ID!, $first: Int, $after: String, $status: DeliveryStatus) {
  webhook(id: $id) {
    ...ConsoleWebhookDetail
    deliveries(first: $first, after: $after, status: $status) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...ConsoleDelivery
        }
      }
    }
  }
}
    fragment ConsoleWebhookSummary on Webhook {
  id
  name
  description
  url
  urls
  events
  eventGroup
  isActive
  disabledReason
  deletedAt
  lastTestAt
  lastTestStatus
  createdAt
  application {
    id
    name
  }
  recentAttempts {
    attempts
    failed
    failureRate
  }
}
fragment ConsoleWebhookDetail on Webhook {
  ...ConsoleWebhookSummary
  method
  headers {
    name
    value
  }
  bodyTemplate
  secretFingerprint
  retrySchedule
  rateLimitPerSecond
  updatedAt
  oauthCredential {
    id
    name
  }
}
fragment ConsoleDelivery on Delivery {
  id
  status
  url
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  completedAt
  event {
    id
    type
    time
    isTest
  }
  webhook {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConsoleWebhookQuery, ConsoleWebhookQueryVariables>;
export const ConsoleDeliveryDetailDocument = new TypedDocumentString(`
    query ConsoleDeliveryDetail($id: ID!) {
  delivery(id: $id) {
    ...ConsoleDelivery
    attempts(first: 100) {
      totalCount
      edges {
        node {
          ...ConsoleAttempt
          requestHeaders
          responseHeaders
          responseBody
        }
      }
    }
  }
}
    fragment ConsoleAttempt on DeliveryAttempt {
  id
  number
  trigger
  outcome
  url
  startedAt
  durationMs
  responseStatus
  errorKind
  errorMessage
  webhookId
  eventId
  delivery {
    id
    status
    attemptCount
    nextAttemptAt
  }
}
fragment ConsoleDelivery on Delivery {
  id
  status
  url
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  completedAt
  event {
    id
    type
    time
    isTest
  }
  webhook {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConsoleDeliveryDetailQuery, ConsoleDeliveryDetailQueryVariables>;
export const ConsoleEventsDocument = new TypedDocumentString(`
    query ConsoleEvents($first: Int, $after: String, $last: Int, $before: String, $type: String) {
  events(first: $first, after: $after, last: $last, before: $before, type: $type) {
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
    edges {
      node {
        id
        type
        time
        isTest
        application {
          id
          name
        }
        deliveries(first: 1) {
          totalCount
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleEventsQuery, ConsoleEventsQueryVariables>;
export const ConsoleEventDocument = new TypedDocumentString(`
    query ConsoleEvent($id: ID!) {
  event(id: $id) {
    id
    type
    time
    isTest
    data
    idempotencyKey
    application {
      id
      name
    }
    deliveries(first: 100) {
      totalCount
      edges {
        node {
          ...ConsoleDelivery
        }
      }
    }
  }
}
    fragment ConsoleDelivery on Delivery {
  id
  status
  url
  attemptCount
  nextAttemptAt
  lastError
  createdAt
  completedAt
  event {
    id
    type
    time
    isTest
  }
  webhook {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConsoleEventQuery, ConsoleEventQueryVariables>;
export const ConsoleAttemptsDocument = new TypedDocumentString(`
    subscription ConsoleAttempts($webhookId: ID, $eventId: ID) {
  deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {
    ...ConsoleAttempt
  }
}
    fragment ConsoleAttempt on DeliveryAttempt {
  id
  number
  trigger
  outcome
  url
  startedAt
  durationMs
  responseStatus
  errorKind
  errorMessage
  webhookId
  eventId
  delivery {
    id
    status
    attemptCount
    nextAttemptAt
  }
}`) as unknown as TypedDocumentString<ConsoleAttemptsSubscription, ConsoleAttemptsSubscriptionVariables>;
export const ConsoleCreateWebhookDocument = new TypedDocumentString(`
    mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {
  createWebhook(input: $input) {
    __typename
    ... on CreateWebhookPayload {
      signingSecret
      webhook {
        id
        name
        secretFingerprint
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleCreateWebhookMutation, ConsoleCreateWebhookMutationVariables>;
export const ConsoleUpdateWebhookDocument = new TypedDocumentString(`
    mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {
  updateWebhook(input: $input) {
    __typename
    ... on UpdateWebhookPayload {
      webhook {
        ...ConsoleWebhookDetail
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}
fragment ConsoleWebhookSummary on Webhook {
  id
  name
  description
  url
  urls
  events
  eventGroup
  isActive
  disabledReason
  deletedAt
  lastTestAt
  lastTestStatus
  createdAt
  application {
    id
    name
  }
  recentAttempts {
    attempts
    failed
    failureRate
  }
}
fragment ConsoleWebhookDetail on Webhook {
  ...ConsoleWebhookSummary
  method
  headers {
    name
    value
  }
  bodyTemplate
  secretFingerprint
  retrySchedule
  rateLimitPerSecond
  updatedAt
  oauthCredential {
    id
    name
  }
}`) as unknown as TypedDocumentString<ConsoleUpdateWebhookMutation, ConsoleUpdateWebhookMutationVariables>;
export const ConsoleDeleteWebhookDocument = new TypedDocumentString(`
    mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {
  deleteWebhook(input: $input) {
    __typename
    ... on DeleteWebhookPayload {
      webhook {
        id
        deletedAt
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleDeleteWebhookMutation, ConsoleDeleteWebhookMutationVariables>;
export const ConsoleRotateSecretDocument = new TypedDocumentString(`
    mutation ConsoleRotateSecret($input: RotateWebhookSecretInput!) {
  rotateWebhookSecret(input: $input) {
    __typename
    ... on RotateWebhookSecretPayload {
      signingSecret
      webhook {
        id
        secretFingerprint
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleRotateSecretMutation, ConsoleRotateSecretMutationVariables>;
export const ConsoleSendTestDocument = new TypedDocumentString(`
    mutation ConsoleSendTest($input: SendTestWebhookInput!) {
  sendTestWebhook(input: $input) {
    __typename
    ... on SendTestWebhookPayload {
      attempt {
        ...ConsoleAttempt
      }
      webhook {
        id
        lastTestAt
        lastTestStatus
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}
fragment ConsoleAttempt on DeliveryAttempt {
  id
  number
  trigger
  outcome
  url
  startedAt
  durationMs
  responseStatus
  errorKind
  errorMessage
  webhookId
  eventId
  delivery {
    id
    status
    attemptCount
    nextAttemptAt
  }
}`) as unknown as TypedDocumentString<ConsoleSendTestMutation, ConsoleSendTestMutationVariables>;
export const ConsoleRetryDeliveryDocument = new TypedDocumentString(`
    mutation ConsoleRetryDelivery($input: RetryDeliveryInput!) {
  retryDelivery(input: $input) {
    __typename
    ... on RetryDeliveryPayload {
      delivery {
        id
        status
        attemptCount
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleRetryDeliveryMutation, ConsoleRetryDeliveryMutationVariables>;
export const ConsoleReplayEventsDocument = new TypedDocumentString(`
    mutation ConsoleReplayEvents($input: ReplayEventsInput!) {
  replayEvents(input: $input) {
    __typename
    ... on ReplayEventsPayload {
      eventCount
      deliveryCount
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleReplayEventsMutation, ConsoleReplayEventsMutationVariables>;
export const ConsolePublishEventDocument = new TypedDocumentString(`
    mutation ConsolePublishEvent($input: PublishEventInput!) {
  publishEvent(input: $input) {
    __typename
    ... on PublishEventPayload {
      deliveryCount
      duplicate
      event {
        id
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsolePublishEventMutation, ConsolePublishEventMutationVariables>;
export const ConsoleCreateEventTypeDocument = new TypedDocumentString(`
    mutation ConsoleCreateEventType($input: CreateEventTypeInput!) {
  createEventType(input: $input) {
    __typename
    ... on CreateEventTypePayload {
      eventType {
        id
        name
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleCreateEventTypeMutation, ConsoleCreateEventTypeMutationVariables>;
export const ConsoleCreateApplicationDocument = new TypedDocumentString(`
    mutation ConsoleCreateApplication($input: CreateApplicationInput!) {
  createApplication(input: $input) {
    __typename
    ... on CreateApplicationPayload {
      application {
        id
        name
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleCreateApplicationMutation, ConsoleCreateApplicationMutationVariables>;
export const ConsoleCreateOAuthCredentialDocument = new TypedDocumentString(`
    mutation ConsoleCreateOAuthCredential($input: CreateOAuthCredentialInput!) {
  createOAuthCredential(input: $input) {
    __typename
    ... on CreateOAuthCredentialPayload {
      oauthCredential {
        id
        name
      }
    }
    ...ConsoleErrorFields
  }
}
    fragment ConsoleErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    fieldErrors {
      path
      message
    }
  }
  ... on ConflictError {
    path
  }
}`) as unknown as TypedDocumentString<ConsoleCreateOAuthCredentialMutation, ConsoleCreateOAuthCredentialMutationVariables>;
export const ConsoleWebhookPreviewDocument = new TypedDocumentString(`
    query ConsoleWebhookPreview($input: WebhookPreviewInput!) {
  webhookPreview(input: $input) {
    fieldErrors {
      path
      message
    }
    placeholders
    request {
      url
      headers {
        name
        value
      }
      body
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleWebhookPreviewQuery, ConsoleWebhookPreviewQueryVariables>;
export const ConsoleDeliveryHealthDocument = new TypedDocumentString(`
    query ConsoleDeliveryHealth($minutes: Int, $webhookId: ID) {
  deliveryHealth(minutes: $minutes, webhookId: $webhookId) {
    since
    until
    succeeded
    failed
    failureRate
    buckets {
      start
      succeeded
      failed
    }
  }
}
    `) as unknown as TypedDocumentString<ConsoleDeliveryHealthQuery, ConsoleDeliveryHealthQueryVariables>;