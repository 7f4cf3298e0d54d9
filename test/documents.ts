// Typed GraphQL documents shared by the API test files. `npm run codegen` turns each `graphql()`
// call into a TypedDocumentNode in test/gql/; operation names are unique across test files.
import { graphql } from './gql/index.ts';

export const ErrorFieldsFragment = graphql(`
  fragment ErrorFields on Error {
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
    ... on NotFoundError {
      resource
    }
  }
`);

export const WebhookFieldsFragment = graphql(`
  fragment WebhookFields on Webhook {
    id
    name
    description
    url
    urls
    events
    eventGroup
    method
    headers {
      name
      value
    }
    bodyTemplate
    isActive
    disabledReason
    secretFingerprint
    lastTestAt
    lastTestStatus
    createdAt
    updatedAt
    deletedAt
    application {
      id
      name
      externalId
    }
    oauthCredential {
      id
      name
      webhookCount
    }
  }
`);

export const CreateApplicationDoc = graphql(`
  mutation CreateApplication($input: CreateApplicationInput!) {
    createApplication(input: $input) {
      __typename
      ... on CreateApplicationPayload {
        application {
          id
          name
          externalId
          description
        }
      }
      ...ErrorFields
    }
  }
`);

export const ListApplicationsDoc = graphql(`
  query ListApplications {
    applications(first: 100) {
      totalCount
      edges {
        node {
          id
          name
          externalId
        }
      }
    }
  }
`);

export const CreateWebhookDoc = graphql(`
  mutation CreateWebhook($input: CreateWebhookInput!) {
    createWebhook(input: $input) {
      __typename
      ... on CreateWebhookPayload {
        signingSecret
        webhook {
          ...WebhookFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const UpdateWebhookDoc = graphql(`
  mutation UpdateWebhook($input: UpdateWebhookInput!) {
    updateWebhook(input: $input) {
      __typename
      ... on UpdateWebhookPayload {
        webhook {
          ...WebhookFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const DeleteWebhookDoc = graphql(`
  mutation DeleteWebhook($input: DeleteWebhookInput!) {
    deleteWebhook(input: $input) {
      __typename
      ... on DeleteWebhookPayload {
        webhook {
          ...WebhookFields
        }
      }
      ...ErrorFields
    }
  }
`);

export const RotateWebhookSecretDoc = graphql(`
  mutation RotateWebhookSecret($input: RotateWebhookSecretInput!) {
    rotateWebhookSecret(input: $input) {
      __typename
      ... on RotateWebhookSecretPayload {
        signingSecret
        webhook {
          id
          secretFingerprint
        }
      }
      ...ErrorFields
    }
  }
`);

export const GetWebhookDoc = graphql(`
  query GetWebhook($id: ID!) {
    webhook(id: $id) {
      ...WebhookFields
    }
  }
`);

export const ListWebhooksDoc = graphql(`
  query ListWebhooks($first: Int, $after: String, $filter: WebhookFilter) {
    webhooks(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      edges {
        cursor
        node {
          ...WebhookFields
        }
      }
    }
  }
`);

export const GetNodeDoc = graphql(`
  query GetNode($id: ID!) {
    node(id: $id) {
      __typename
      id
    }
  }
`);

export const CreateOAuthCredentialDoc = graphql(`
  mutation CreateOAuthCredential($input: CreateOAuthCredentialInput!) {
    createOAuthCredential(input: $input) {
      __typename
      ... on CreateOAuthCredentialPayload {
        oauthCredential {
          id
          name
          tokenUrl
          clientId
          scope
          audience
          webhookCount
          createdAt
          updatedAt
        }
      }
      ...ErrorFields
    }
  }
`);

export const ListOAuthCredentialsDoc = graphql(`
  query ListOAuthCredentials {
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
          updatedAt
        }
      }
    }
  }
`);

export const CreateEventTypeDoc = graphql(`
  mutation CreateEventType($input: CreateEventTypeInput!) {
    createEventType(input: $input) {
      __typename
      ... on CreateEventTypePayload {
        eventType {
          id
          name
          group
          builtin
        }
      }
      ...ErrorFields
    }
  }
`);

/** Field names of a schema type, by introspection over HTTP (as a client would see them). */
export const TypeFieldsDoc = graphql(`
  query TypeFields($name: String!) {
    __type(name: $name) {
      name
      fields {
        name
      }
      inputFields {
        name
      }
    }
  }
`);
