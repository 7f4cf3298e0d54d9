// Every GraphQL operation the console sends, in one place: `npm run schema` (codegen) types them
// into ../gql/ as TypedDocumentStrings, so a schema change shows up as a type error here.
import { graphql } from '../gql/index.ts';

export const ErrorFields = graphql(`
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
`);

export const WebhookSummaryFields = graphql(`
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
`);

export const WebhookDetailFields = graphql(`
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
`);

export const AttemptFields = graphql(`
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
`);

export const DeliveryFields = graphql(`
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
`);

export const CatalogQuery = graphql(`
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
`);

export const ApplicationsQuery = graphql(`
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
`);

export const OAuthCredentialsQuery = graphql(`
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
`);

export const WebhooksQuery = graphql(`
  query ConsoleWebhooks($first: Int, $after: String, $last: Int, $before: String, $filter: WebhookFilter) {
    webhooks(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
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
`);

export const WebhookQuery = graphql(`
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
`);

export const DeliveryQuery = graphql(`
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
`);

export const EventsQuery = graphql(`
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
`);

export const EventQuery = graphql(`
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
`);

export const AttemptsSubscription = graphql(`
  subscription ConsoleAttempts($webhookId: ID, $eventId: ID) {
    deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {
      ...ConsoleAttempt
    }
  }
`);

export const CreateWebhookMutation = graphql(`
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
`);

export const UpdateWebhookMutation = graphql(`
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
`);

export const DeleteWebhookMutation = graphql(`
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
`);

export const RotateSecretMutation = graphql(`
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
`);

export const SendTestMutation = graphql(`
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
`);

export const RetryDeliveryMutation = graphql(`
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
`);

export const ReplayEventsMutation = graphql(`
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
`);

export const PublishEventMutation = graphql(`
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
`);

export const CreateEventTypeMutation = graphql(`
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
`);

export const CreateApplicationMutation = graphql(`
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
`);

export const CreateOAuthCredentialMutation = graphql(`
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
`);

export const WebhookPreviewQuery = graphql(`
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
`);

export const DeliveryHealthQuery = graphql(`
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
`);
