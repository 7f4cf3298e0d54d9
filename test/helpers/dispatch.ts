// Page sizes are variables: graphql-armor multiplies a literal `first: N` into the query cost.
// Typed documents and small helpers for the end-to-end delivery tests (test/dispatch-*.test.ts,
// test/subscriptions.test.ts, test/crash.test.ts). Operation names are prefixed Dispatch / Sub.
import { expect } from 'vitest';
import { graphql } from '../gql/index.ts';
import type { CreateWebhookInput, PublishEventInput } from '../gql/graphql.ts';
import type { TestApp } from './app.ts';
import { eventually } from './receiver.ts';

/** What the helpers need: an in-process TestApp or a client of a child process (child-app.ts). */
export type Api = Pick<TestApp, 'gql'>;

export const DispatchAttemptFieldsFragment = graphql(`
  fragment DispatchAttemptFields on DeliveryAttempt {
    id
    number
    trigger
    outcome
    url
    startedAt
    durationMs
    requestHeaders
    responseStatus
    responseHeaders
    responseBody
    errorKind
    errorMessage
    webhookId
    eventId
  }
`);

export const DispatchDeliveryFieldsFragment = graphql(`
  fragment DispatchDeliveryFields on Delivery {
    id
    url
    status
    attemptCount
    nextAttemptAt
    lastError
    completedAt
  }
`);

export const DispatchDeliveryDoc = graphql(`
  query DispatchDelivery($id: ID!, $first: Int = 50) {
    delivery(id: $id) {
      id
      status
      attempts(first: $first) {
        edges {
          node {
            ...DispatchAttemptFields
          }
        }
      }
    }
  }
`);

export const DispatchCreateWebhookDoc = graphql(`
  mutation DispatchCreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookPayload {
        signingSecret
        webhook {
          id
          urls
          isActive
        }
      }
      ...ErrorFields
    }
  }
`);

export const DispatchRotateSecretDoc = graphql(`
  mutation DispatchRotateSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      __typename
      ... on RotateWebhookSecretPayload {
        signingSecret
      }
      ...ErrorFields
    }
  }
`);

export const DispatchDeleteWebhookDoc = graphql(`
  mutation DispatchDeleteWebhook($input: DeleteWebhookInput!) {
    deleteWebhook(input: $input) {
      __typename
      ...ErrorFields
    }
  }
`);

export const DispatchPublishDoc = graphql(`
  mutation DispatchPublish($input: PublishEventInput!) {
    publishEvent(input: $input) {
      __typename
      ... on PublishEventPayload {
        deliveryCount
        duplicate
        event {
          id
          type
          time
        }
      }
      ...ErrorFields
    }
  }
`);

export const DispatchEventDoc = graphql(`
  query DispatchEvent($id: ID!, $first: Int = 20) {
    event(id: $id) {
      id
      type
      deliveries(first: $first) {
        totalCount
        edges {
          node {
            ...DispatchDeliveryFields
          }
        }
      }
    }
  }
`);

export const DispatchWebhookDoc = graphql(`
  query DispatchWebhook($id: ID!, $first: Int = 100) {
    webhook(id: $id) {
      id
      isActive
      disabledReason
      lastTestAt
      lastTestStatus
      deletedAt
      deliveries(first: $first) {
        totalCount
        edges {
          node {
            ...DispatchDeliveryFields
          }
        }
      }
    }
  }
`);

export const DispatchSendTestDoc = graphql(`
  mutation DispatchSendTest($input: SendTestWebhookInput!) {
    sendTestWebhook(input: $input) {
      __typename
      ... on SendTestWebhookPayload {
        attempt {
          ...DispatchAttemptFields
          delivery {
            id
            status
          }
        }
        webhook {
          id
          lastTestAt
          lastTestStatus
        }
      }
      ...ErrorFields
    }
  }
`);

export const DispatchRetryDeliveryDoc = graphql(`
  mutation DispatchRetryDelivery($input: RetryDeliveryInput!) {
    retryDelivery(input: $input) {
      __typename
      ... on RetryDeliveryPayload {
        delivery {
          id
          status
        }
      }
      ...ErrorFields
    }
  }
`);

export const DispatchReplayDoc = graphql(`
  mutation DispatchReplay($input: ReplayEventsInput!) {
    replayEvents(input: $input) {
      __typename
      ... on ReplayEventsPayload {
        eventCount
        deliveryCount
      }
      ...ErrorFields
    }
  }
`);

export const SubDeliveryAttemptsDoc = graphql(`
  subscription SubDeliveryAttempts($webhookId: ID, $eventId: ID) {
    deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {
      id
      number
      trigger
      outcome
      responseStatus
      webhookId
      eventId
      delivery {
        id
      }
    }
  }
`);

export { as as member, ok } from './api.ts';
import { as as member, ok } from './api.ts';

export async function createWebhook(t: Api, input: CreateWebhookInput, tenant = 'tenant-a') {
  const data = ok(await t.gql(DispatchCreateWebhookDoc, { input }, { tenant }));
  const payload = member(data.createWebhook, 'CreateWebhookPayload');
  return { id: payload.webhook.id, secret: payload.signingSecret };
}

export async function publish(t: Api, input: PublishEventInput, tenant = 'tenant-a') {
  const data = ok(await t.gql(DispatchPublishDoc, { input }, { tenant }));
  const p = member(data.publishEvent, 'PublishEventPayload');
  return { eventId: p.event.id, deliveryCount: p.deliveryCount, duplicate: p.duplicate, time: p.event.time };
}

/** The event's deliveries (without attempts). */
export async function eventDeliveries(t: Api, eventId: string, tenant = 'tenant-a') {
  const data = ok(await t.gql(DispatchEventDoc, { id: eventId }, { tenant }));
  expect(data.event).not.toBeNull();
  return data.event!.deliveries.edges.map((e) => e.node);
}

/** A delivery's attempts, first to last. */
export async function attemptsOf(t: Api, deliveryId: string, tenant = 'tenant-a') {
  const data = ok(await t.gql(DispatchDeliveryDoc, { id: deliveryId }, { tenant }));
  expect(data.delivery).not.toBeNull();
  return data.delivery!.attempts.edges.map((e) => e.node);
}

/** The event's deliveries, each with its attempts. */
export async function deliveriesWithAttempts(t: Api, eventId: string, tenant = 'tenant-a') {
  const ds = await eventDeliveries(t, eventId, tenant);
  return Promise.all(ds.map(async (d) => ({ ...d, attempts: await attemptsOf(t, d.id, tenant) })));
}

export type DeliveryView = Awaited<ReturnType<typeof eventDeliveries>>[number];

/** Waits until every delivery of the event has left PENDING; returns them with their attempts. */
export async function settled(t: Api, eventId: string, opts: { timeoutMs?: number; tenant?: string; count?: number } = {}) {
  await eventually(
    async () => {
      const ds = await eventDeliveries(t, eventId, opts.tenant);
      if (opts.count !== undefined && ds.length !== opts.count) return undefined;
      return ds.length > 0 && ds.every((d) => d.status !== 'PENDING');
    },
    { timeoutMs: opts.timeoutMs ?? 15_000, what: `deliveries of ${eventId} to settle` },
  );
  return deliveriesWithAttempts(t, eventId, opts.tenant);
}

export async function getWebhook(t: Api, id: string, tenant = 'tenant-a') {
  const data = ok(await t.gql(DispatchWebhookDoc, { id }, { tenant }));
  expect(data.webhook).not.toBeNull();
  const w = data.webhook!;
  return { ...w, deliveries: w.deliveries.edges.map((e) => e.node) };
}

/** The test app's env for fast, deterministic delivery: quick schedule, quick polling. */
export const FAST_DELIVERY_ENV = {
  HOOKGATE_RETRY_SCHEDULE: '0s,200ms,200ms,200ms',
  HOOKGATE_POLL_MS: '50',
};
