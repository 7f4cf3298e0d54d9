/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConsoleErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      path\n    }\n  }\n": typeof types.ConsoleErrorFieldsFragmentDoc,
    "\n  fragment ConsoleWebhookSummary on Webhook {\n    id\n    name\n    description\n    url\n    urls\n    events\n    eventGroup\n    isActive\n    disabledReason\n    deletedAt\n    lastTestAt\n    lastTestStatus\n    createdAt\n    application {\n      id\n      name\n    }\n    recentAttempts {\n      attempts\n      failed\n      failureRate\n    }\n  }\n": typeof types.ConsoleWebhookSummaryFragmentDoc,
    "\n  fragment ConsoleWebhookDetail on Webhook {\n    ...ConsoleWebhookSummary\n    method\n    headers {\n      name\n      value\n    }\n    bodyTemplate\n    secretFingerprint\n    retrySchedule\n    rateLimitPerSecond\n    updatedAt\n    oauthCredential {\n      id\n      name\n    }\n  }\n": typeof types.ConsoleWebhookDetailFragmentDoc,
    "\n  fragment ConsoleAttempt on DeliveryAttempt {\n    id\n    number\n    trigger\n    outcome\n    url\n    startedAt\n    durationMs\n    responseStatus\n    errorKind\n    errorMessage\n    webhookId\n    eventId\n    delivery {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n    }\n  }\n": typeof types.ConsoleAttemptFragmentDoc,
    "\n  fragment ConsoleDelivery on Delivery {\n    id\n    status\n    url\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    completedAt\n    event {\n      id\n      type\n      time\n      isTest\n    }\n    webhook {\n      id\n      name\n    }\n  }\n": typeof types.ConsoleDeliveryFragmentDoc,
    "\n  query ConsoleCatalog {\n    eventTypes(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          group\n          description\n          example\n          deprecated\n          builtin\n          source\n        }\n      }\n    }\n  }\n": typeof types.ConsoleCatalogDocument,
    "\n  query ConsoleApplications {\n    applications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          description\n          createdAt\n          webhooks(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleApplicationsDocument,
    "\n  query ConsoleOAuthCredentials {\n    oauthCredentials(first: 100) {\n      edges {\n        node {\n          id\n          name\n          tokenUrl\n          clientId\n          scope\n          audience\n          webhookCount\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.ConsoleOAuthCredentialsDocument,
    "\n  query ConsoleWebhooks($first: Int, $after: String, $last: Int, $before: String, $filter: WebhookFilter) {\n    webhooks(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleWebhookSummary\n        }\n      }\n    }\n  }\n": typeof types.ConsoleWebhooksDocument,
    "\n  query ConsoleWebhook($id: ID!, $first: Int, $after: String, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      ...ConsoleWebhookDetail\n      deliveries(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleWebhookDocument,
    "\n  query ConsoleDeliveryDetail($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDelivery\n      attempts(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleAttempt\n            requestHeaders\n            responseHeaders\n            responseBody\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleDeliveryDetailDocument,
    "\n  query ConsoleEvents($first: Int, $after: String, $last: Int, $before: String, $type: String) {\n    events(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          time\n          isTest\n          application {\n            id\n            name\n          }\n          deliveries(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleEventsDocument,
    "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      time\n      isTest\n      data\n      idempotencyKey\n      application {\n        id\n        name\n      }\n      deliveries(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n": typeof types.ConsoleEventDocument,
    "\n  subscription ConsoleAttempts($webhookId: ID, $eventId: ID) {\n    deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {\n      ...ConsoleAttempt\n    }\n  }\n": typeof types.ConsoleAttemptsDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookPayload {\n        signingSecret\n        webhook {\n          id\n          name\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      __typename\n      ... on UpdateWebhookPayload {\n        webhook {\n          ...ConsoleWebhookDetail\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleUpdateWebhookDocument,
    "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ... on DeleteWebhookPayload {\n        webhook {\n          id\n          deletedAt\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleDeleteWebhookDocument,
    "\n  mutation ConsoleRotateSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        signingSecret\n        webhook {\n          id\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleRotateSecretDocument,
    "\n  mutation ConsoleSendTest($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      __typename\n      ... on SendTestWebhookPayload {\n        attempt {\n          ...ConsoleAttempt\n        }\n        webhook {\n          id\n          lastTestAt\n          lastTestStatus\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleSendTestDocument,
    "\n  mutation ConsoleRetryDelivery($input: RetryDeliveryInput!) {\n    retryDelivery(input: $input) {\n      __typename\n      ... on RetryDeliveryPayload {\n        delivery {\n          id\n          status\n          attemptCount\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleRetryDeliveryDocument,
    "\n  mutation ConsoleReplayEvents($input: ReplayEventsInput!) {\n    replayEvents(input: $input) {\n      __typename\n      ... on ReplayEventsPayload {\n        eventCount\n        deliveryCount\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleReplayEventsDocument,
    "\n  mutation ConsolePublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventPayload {\n        deliveryCount\n        duplicate\n        event {\n          id\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsolePublishEventDocument,
    "\n  mutation ConsoleCreateEventType($input: CreateEventTypeInput!) {\n    createEventType(input: $input) {\n      __typename\n      ... on CreateEventTypePayload {\n        eventType {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleCreateEventTypeDocument,
    "\n  mutation ConsoleCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on CreateApplicationPayload {\n        application {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleCreateApplicationDocument,
    "\n  mutation ConsoleCreateOAuthCredential($input: CreateOAuthCredentialInput!) {\n    createOAuthCredential(input: $input) {\n      __typename\n      ... on CreateOAuthCredentialPayload {\n        oauthCredential {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": typeof types.ConsoleCreateOAuthCredentialDocument,
    "\n  query ConsoleWebhookPreview($input: WebhookPreviewInput!) {\n    webhookPreview(input: $input) {\n      fieldErrors {\n        path\n        message\n      }\n      placeholders\n      request {\n        url\n        headers {\n          name\n          value\n        }\n        body\n      }\n    }\n  }\n": typeof types.ConsoleWebhookPreviewDocument,
    "\n  query ConsoleDeliveryHealth($minutes: Int, $webhookId: ID) {\n    deliveryHealth(minutes: $minutes, webhookId: $webhookId) {\n      since\n      until\n      succeeded\n      failed\n      failureRate\n      buckets {\n        start\n        succeeded\n        failed\n      }\n    }\n  }\n": typeof types.ConsoleDeliveryHealthDocument,
};
const documents: Documents = {
    "\n  fragment ConsoleErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      path\n    }\n  }\n": types.ConsoleErrorFieldsFragmentDoc,
    "\n  fragment ConsoleWebhookSummary on Webhook {\n    id\n    name\n    description\n    url\n    urls\n    events\n    eventGroup\n    isActive\n    disabledReason\n    deletedAt\n    lastTestAt\n    lastTestStatus\n    createdAt\n    application {\n      id\n      name\n    }\n    recentAttempts {\n      attempts\n      failed\n      failureRate\n    }\n  }\n": types.ConsoleWebhookSummaryFragmentDoc,
    "\n  fragment ConsoleWebhookDetail on Webhook {\n    ...ConsoleWebhookSummary\n    method\n    headers {\n      name\n      value\n    }\n    bodyTemplate\n    secretFingerprint\n    retrySchedule\n    rateLimitPerSecond\n    updatedAt\n    oauthCredential {\n      id\n      name\n    }\n  }\n": types.ConsoleWebhookDetailFragmentDoc,
    "\n  fragment ConsoleAttempt on DeliveryAttempt {\n    id\n    number\n    trigger\n    outcome\n    url\n    startedAt\n    durationMs\n    responseStatus\n    errorKind\n    errorMessage\n    webhookId\n    eventId\n    delivery {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n    }\n  }\n": types.ConsoleAttemptFragmentDoc,
    "\n  fragment ConsoleDelivery on Delivery {\n    id\n    status\n    url\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    completedAt\n    event {\n      id\n      type\n      time\n      isTest\n    }\n    webhook {\n      id\n      name\n    }\n  }\n": types.ConsoleDeliveryFragmentDoc,
    "\n  query ConsoleCatalog {\n    eventTypes(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          group\n          description\n          example\n          deprecated\n          builtin\n          source\n        }\n      }\n    }\n  }\n": types.ConsoleCatalogDocument,
    "\n  query ConsoleApplications {\n    applications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          description\n          createdAt\n          webhooks(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleApplicationsDocument,
    "\n  query ConsoleOAuthCredentials {\n    oauthCredentials(first: 100) {\n      edges {\n        node {\n          id\n          name\n          tokenUrl\n          clientId\n          scope\n          audience\n          webhookCount\n          createdAt\n        }\n      }\n    }\n  }\n": types.ConsoleOAuthCredentialsDocument,
    "\n  query ConsoleWebhooks($first: Int, $after: String, $last: Int, $before: String, $filter: WebhookFilter) {\n    webhooks(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleWebhookSummary\n        }\n      }\n    }\n  }\n": types.ConsoleWebhooksDocument,
    "\n  query ConsoleWebhook($id: ID!, $first: Int, $after: String, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      ...ConsoleWebhookDetail\n      deliveries(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleWebhookDocument,
    "\n  query ConsoleDeliveryDetail($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDelivery\n      attempts(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleAttempt\n            requestHeaders\n            responseHeaders\n            responseBody\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleDeliveryDetailDocument,
    "\n  query ConsoleEvents($first: Int, $after: String, $last: Int, $before: String, $type: String) {\n    events(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          time\n          isTest\n          application {\n            id\n            name\n          }\n          deliveries(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleEventsDocument,
    "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      time\n      isTest\n      data\n      idempotencyKey\n      application {\n        id\n        name\n      }\n      deliveries(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n": types.ConsoleEventDocument,
    "\n  subscription ConsoleAttempts($webhookId: ID, $eventId: ID) {\n    deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {\n      ...ConsoleAttempt\n    }\n  }\n": types.ConsoleAttemptsDocument,
    "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookPayload {\n        signingSecret\n        webhook {\n          id\n          name\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleCreateWebhookDocument,
    "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      __typename\n      ... on UpdateWebhookPayload {\n        webhook {\n          ...ConsoleWebhookDetail\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleUpdateWebhookDocument,
    "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ... on DeleteWebhookPayload {\n        webhook {\n          id\n          deletedAt\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleDeleteWebhookDocument,
    "\n  mutation ConsoleRotateSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        signingSecret\n        webhook {\n          id\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleRotateSecretDocument,
    "\n  mutation ConsoleSendTest($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      __typename\n      ... on SendTestWebhookPayload {\n        attempt {\n          ...ConsoleAttempt\n        }\n        webhook {\n          id\n          lastTestAt\n          lastTestStatus\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleSendTestDocument,
    "\n  mutation ConsoleRetryDelivery($input: RetryDeliveryInput!) {\n    retryDelivery(input: $input) {\n      __typename\n      ... on RetryDeliveryPayload {\n        delivery {\n          id\n          status\n          attemptCount\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleRetryDeliveryDocument,
    "\n  mutation ConsoleReplayEvents($input: ReplayEventsInput!) {\n    replayEvents(input: $input) {\n      __typename\n      ... on ReplayEventsPayload {\n        eventCount\n        deliveryCount\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleReplayEventsDocument,
    "\n  mutation ConsolePublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventPayload {\n        deliveryCount\n        duplicate\n        event {\n          id\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsolePublishEventDocument,
    "\n  mutation ConsoleCreateEventType($input: CreateEventTypeInput!) {\n    createEventType(input: $input) {\n      __typename\n      ... on CreateEventTypePayload {\n        eventType {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleCreateEventTypeDocument,
    "\n  mutation ConsoleCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on CreateApplicationPayload {\n        application {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleCreateApplicationDocument,
    "\n  mutation ConsoleCreateOAuthCredential($input: CreateOAuthCredentialInput!) {\n    createOAuthCredential(input: $input) {\n      __typename\n      ... on CreateOAuthCredentialPayload {\n        oauthCredential {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n": types.ConsoleCreateOAuthCredentialDocument,
    "\n  query ConsoleWebhookPreview($input: WebhookPreviewInput!) {\n    webhookPreview(input: $input) {\n      fieldErrors {\n        path\n        message\n      }\n      placeholders\n      request {\n        url\n        headers {\n          name\n          value\n        }\n        body\n      }\n    }\n  }\n": types.ConsoleWebhookPreviewDocument,
    "\n  query ConsoleDeliveryHealth($minutes: Int, $webhookId: ID) {\n    deliveryHealth(minutes: $minutes, webhookId: $webhookId) {\n      since\n      until\n      succeeded\n      failed\n      failureRate\n      buckets {\n        start\n        succeeded\n        failed\n      }\n    }\n  }\n": types.ConsoleDeliveryHealthDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleErrorFields on Error {\n    __typename\n    code\n    message\n    ... on ValidationError {\n      fieldErrors {\n        path\n        message\n      }\n    }\n    ... on ConflictError {\n      path\n    }\n  }\n"): typeof import('./graphql.js').ConsoleErrorFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleWebhookSummary on Webhook {\n    id\n    name\n    description\n    url\n    urls\n    events\n    eventGroup\n    isActive\n    disabledReason\n    deletedAt\n    lastTestAt\n    lastTestStatus\n    createdAt\n    application {\n      id\n      name\n    }\n    recentAttempts {\n      attempts\n      failed\n      failureRate\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWebhookSummaryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleWebhookDetail on Webhook {\n    ...ConsoleWebhookSummary\n    method\n    headers {\n      name\n      value\n    }\n    bodyTemplate\n    secretFingerprint\n    retrySchedule\n    rateLimitPerSecond\n    updatedAt\n    oauthCredential {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWebhookDetailFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleAttempt on DeliveryAttempt {\n    id\n    number\n    trigger\n    outcome\n    url\n    startedAt\n    durationMs\n    responseStatus\n    errorKind\n    errorMessage\n    webhookId\n    eventId\n    delivery {\n      id\n      status\n      attemptCount\n      nextAttemptAt\n    }\n  }\n"): typeof import('./graphql.js').ConsoleAttemptFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleDelivery on Delivery {\n    id\n    status\n    url\n    attemptCount\n    nextAttemptAt\n    lastError\n    createdAt\n    completedAt\n    event {\n      id\n      type\n      time\n      isTest\n    }\n    webhook {\n      id\n      name\n    }\n  }\n"): typeof import('./graphql.js').ConsoleDeliveryFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCatalog {\n    eventTypes(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          group\n          description\n          example\n          deprecated\n          builtin\n          source\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleApplications {\n    applications(first: 100) {\n      totalCount\n      edges {\n        node {\n          id\n          name\n          externalId\n          description\n          createdAt\n          webhooks(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleApplicationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleOAuthCredentials {\n    oauthCredentials(first: 100) {\n      edges {\n        node {\n          id\n          name\n          tokenUrl\n          clientId\n          scope\n          audience\n          webhookCount\n          createdAt\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleOAuthCredentialsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhooks($first: Int, $after: String, $last: Int, $before: String, $filter: WebhookFilter) {\n    webhooks(first: $first, after: $after, last: $last, before: $before, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          ...ConsoleWebhookSummary\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWebhooksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhook($id: ID!, $first: Int, $after: String, $status: DeliveryStatus) {\n    webhook(id: $id) {\n      ...ConsoleWebhookDetail\n      deliveries(first: $first, after: $after, status: $status) {\n        totalCount\n        pageInfo {\n          hasNextPage\n          endCursor\n        }\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDeliveryDetail($id: ID!) {\n    delivery(id: $id) {\n      ...ConsoleDelivery\n      attempts(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleAttempt\n            requestHeaders\n            responseHeaders\n            responseBody\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleDeliveryDetailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEvents($first: Int, $after: String, $last: Int, $before: String, $type: String) {\n    events(first: $first, after: $after, last: $last, before: $before, type: $type) {\n      pageInfo {\n        hasNextPage\n        hasPreviousPage\n        startCursor\n        endCursor\n      }\n      edges {\n        node {\n          id\n          type\n          time\n          isTest\n          application {\n            id\n            name\n          }\n          deliveries(first: 1) {\n            totalCount\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleEvent($id: ID!) {\n    event(id: $id) {\n      id\n      type\n      time\n      isTest\n      data\n      idempotencyKey\n      application {\n        id\n        name\n      }\n      deliveries(first: 100) {\n        totalCount\n        edges {\n          node {\n            ...ConsoleDelivery\n          }\n        }\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAttempts($webhookId: ID, $eventId: ID) {\n    deliveryAttempts(webhookId: $webhookId, eventId: $eventId) {\n      ...ConsoleAttempt\n    }\n  }\n"): typeof import('./graphql.js').ConsoleAttemptsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateWebhook($input: CreateWebhookInput!) {\n    createWebhook(input: $input) {\n      __typename\n      ... on CreateWebhookPayload {\n        signingSecret\n        webhook {\n          id\n          name\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCreateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUpdateWebhook($input: UpdateWebhookInput!) {\n    updateWebhook(input: $input) {\n      __typename\n      ... on UpdateWebhookPayload {\n        webhook {\n          ...ConsoleWebhookDetail\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleUpdateWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleDeleteWebhook($input: DeleteWebhookInput!) {\n    deleteWebhook(input: $input) {\n      __typename\n      ... on DeleteWebhookPayload {\n        webhook {\n          id\n          deletedAt\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleDeleteWebhookDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRotateSecret($input: RotateWebhookSecretInput!) {\n    rotateWebhookSecret(input: $input) {\n      __typename\n      ... on RotateWebhookSecretPayload {\n        signingSecret\n        webhook {\n          id\n          secretFingerprint\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleRotateSecretDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSendTest($input: SendTestWebhookInput!) {\n    sendTestWebhook(input: $input) {\n      __typename\n      ... on SendTestWebhookPayload {\n        attempt {\n          ...ConsoleAttempt\n        }\n        webhook {\n          id\n          lastTestAt\n          lastTestStatus\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleSendTestDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRetryDelivery($input: RetryDeliveryInput!) {\n    retryDelivery(input: $input) {\n      __typename\n      ... on RetryDeliveryPayload {\n        delivery {\n          id\n          status\n          attemptCount\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleRetryDeliveryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleReplayEvents($input: ReplayEventsInput!) {\n    replayEvents(input: $input) {\n      __typename\n      ... on ReplayEventsPayload {\n        eventCount\n        deliveryCount\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleReplayEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsolePublishEvent($input: PublishEventInput!) {\n    publishEvent(input: $input) {\n      __typename\n      ... on PublishEventPayload {\n        deliveryCount\n        duplicate\n        event {\n          id\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsolePublishEventDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateEventType($input: CreateEventTypeInput!) {\n    createEventType(input: $input) {\n      __typename\n      ... on CreateEventTypePayload {\n        eventType {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCreateEventTypeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateApplication($input: CreateApplicationInput!) {\n    createApplication(input: $input) {\n      __typename\n      ... on CreateApplicationPayload {\n        application {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCreateApplicationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleCreateOAuthCredential($input: CreateOAuthCredentialInput!) {\n    createOAuthCredential(input: $input) {\n      __typename\n      ... on CreateOAuthCredentialPayload {\n        oauthCredential {\n          id\n          name\n        }\n      }\n      ...ConsoleErrorFields\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCreateOAuthCredentialDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleWebhookPreview($input: WebhookPreviewInput!) {\n    webhookPreview(input: $input) {\n      fieldErrors {\n        path\n        message\n      }\n      placeholders\n      request {\n        url\n        headers {\n          name\n          value\n        }\n        body\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleWebhookPreviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleDeliveryHealth($minutes: Int, $webhookId: ID) {\n    deliveryHealth(minutes: $minutes, webhookId: $webhookId) {\n      since\n      until\n      succeeded\n      failed\n      failureRate\n      buckets {\n        start\n        succeeded\n        failed\n      }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleDeliveryHealthDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
