// The conventions client authors rely on (docs/ARCHITECTURE.md, "GraphQL schema conventions"),
// checked on the schema the running server answers with (introspection over HTTP) and on real data.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createApplication, createWebhook, ok } from './helpers/api.ts';
import { graphql } from './gql/index.ts';

const ConventionsSchemaDoc = graphql(`
  query ConventionsSchema {
    __schema {
      mutationType {
        fields {
          name
          args {
            name
            type {
              kind
              ofType {
                kind
                name
              }
            }
          }
          type {
            ofType {
              name
              possibleTypes {
                name
              }
            }
          }
        }
      }
      types {
        name
        kind
        enumValues {
          name
        }
        fields {
          name
          type {
            kind
            name
            ofType {
              kind
              name
              ofType {
                name
                ofType {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`);

// One fragment for both fields: they share WebhookConnection.
export const ConventionsPageFragment = graphql(`
  fragment ConventionsPage on WebhookConnection {
    totalCount
    edges {
      cursor
    }
    pageInfo {
      hasNextPage
      hasPreviousPage
      startCursor
      endCursor
    }
  }
`);

const ConventionsPagesDoc = graphql(`
  query ConventionsPages($first: Int!, $appFirst: Int!) {
    webhooks(first: $first) {
      ...ConventionsPage
    }
    applications(first: 10) {
      edges {
        node {
          webhooks(first: $appFirst) {
            ...ConventionsPage
          }
        }
      }
    }
  }
`);

let t: TestApp;
let schema: NonNullable<Awaited<ReturnType<typeof introspect>>>;

async function introspect() {
  return ok(await t.gql(ConventionsSchemaDoc, {})).__schema;
}

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
  schema = await introspect();
});
afterAll(() => t?.stop());

type TypeRef = { name?: string | null; ofType?: TypeRef | null } | null | undefined;
function named(type: TypeRef): string | null | undefined {
  let ref = type;
  while (ref?.ofType) ref = ref.ofType;
  return ref?.name;
}
const typeByName = (name: string) => schema.types.find((ty) => ty.name === name);
const fieldType = (typeName: string, field: string) => named(typeByName(typeName)?.fields?.find((f) => f.name === field)?.type);

describe('schema conventions', () => {
  it('every mutation takes exactly one argument, `input`, a required input object', () => {
    for (const m of schema.mutationType!.fields!) {
      expect(m.args.map((a) => [a.name, a.type.kind, a.type.ofType?.kind]), m.name).toEqual([['input', 'NON_NULL', 'INPUT_OBJECT']]);
    }
  });

  it("each mutation's result union lists only the errors it can return", () => {
    const unions = Object.fromEntries(
      schema.mutationType!.fields!.map((m) => [m.name, m.type.ofType!.possibleTypes!.map((p) => p.name ?? '').filter((n) => n.endsWith('Error')).sort()]),
    );
    // ForbiddenError everywhere (read-only tokens); the rest from what the domain code throws.
    expect(unions).toEqual({
      createApplication: ['ConflictError', 'ForbiddenError', 'ValidationError'],
      createEventType: ['ConflictError', 'ForbiddenError', 'ValidationError'],
      createOAuthCredential: ['ConflictError', 'ForbiddenError', 'ValidationError'],
      createWebhook: ['ConflictError', 'ForbiddenError', 'NotFoundError', 'ValidationError'],
      updateWebhook: ['ConflictError', 'ForbiddenError', 'NotFoundError', 'ValidationError'],
      updateEventType: ['ConflictError', 'ForbiddenError', 'NotFoundError', 'ValidationError'],
      deleteWebhook: ['ForbiddenError', 'NotFoundError'],
      rotateWebhookSecret: ['ForbiddenError', 'NotFoundError', 'ValidationError'],
      publishEvent: ['ForbiddenError', 'NotFoundError', 'ValidationError'],
      // Per-item errors are items of the payload; the batch itself is refused whole only when empty or too long.
      publishEvents: ['ForbiddenError', 'ValidationError'],
      sendTestWebhook: ['ForbiddenError', 'NotFoundError', 'ValidationError'],
      retryDelivery: ['ConflictError', 'ForbiddenError', 'NotFoundError'],
      // ConflictError: the webhook is still disabled (its SKIPPED deliveries wait for it).
      replayEvents: ['ConflictError', 'ForbiddenError', 'NotFoundError', 'ValidationError'],
    });
  });

  it('one connection type per node type, each with totalCount', () => {
    expect(fieldType('Query', 'webhooks')).toBe('WebhookConnection');
    expect(fieldType('Application', 'webhooks')).toBe('WebhookConnection');
    expect(fieldType('Webhook', 'deliveries')).toBe('DeliveryConnection');
    expect(fieldType('Event', 'deliveries')).toBe('DeliveryConnection');
    expect(fieldType('Delivery', 'attempts')).toBe('DeliveryAttemptConnection');
    const connections = schema.types.filter((ty) => ty.name?.endsWith('Connection'));
    expect(connections.map((c) => c.name).sort()).toEqual(
      ['Application', 'Delivery', 'DeliveryAttempt', 'Event', 'EventType', 'OAuthCredential', 'Webhook'].map((n) => `${n}Connection`).sort(),
    );
    for (const c of connections) {
      const node = c.name!.slice(0, -'Connection'.length);
      expect(fieldType(c.name!, 'totalCount'), c.name!).toBe('Int');
      expect(fieldType(c.name!, 'edges'), c.name!).toBe(`${node}Edge`);
      expect(fieldType(`${node}Edge`, 'node'), c.name!).toBe(node);
    }
  });

  it('fixed values are enums: Error.code, DeliveryAttempt.errorKind, one outcome enum', () => {
    expect(fieldType('Error', 'code')).toBe('ErrorCode');
    expect(typeByName('ErrorCode')?.enumValues?.map((v) => v.name).sort()).toEqual(['CONFLICT', 'FORBIDDEN', 'NOT_FOUND', 'VALIDATION']);
    expect(fieldType('DeliveryAttempt', 'errorKind')).toBe('AttemptErrorKind');
    expect(typeByName('AttemptErrorKind')?.enumValues?.map((v) => v.name).sort()).toEqual(
      ['BLOCKED_ADDRESS', 'CONNECTION', 'DNS', 'HTTP_STATUS', 'INVALID_URL', 'OAUTH', 'TEMPLATE', 'TIMEOUT', 'TLS'],
    );
    expect(fieldType('DeliveryAttempt', 'outcome')).toBe('AttemptOutcome');
    expect(fieldType('Webhook', 'lastTestStatus')).toBe('AttemptOutcome');
    expect(typeByName('AttemptOutcome')?.enumValues?.map((v) => v.name).sort()).toEqual(['FAILED', 'SUCCEEDED']);
    expect(typeByName('TestStatus')).toBeUndefined();
  });
});

describe('first: 0', () => {
  it('returns no edges but a truthful pageInfo and totalCount, at the root and nested', async () => {
    const tenant = 'first-zero';
    const empty = ok(await t.gql(ConventionsPagesDoc, { first: 0, appFirst: 0 }, { tenant }));
    expect(empty.webhooks).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });

    const app = await createApplication(t, tenant, { name: 'First zero' });
    for (const name of ['a', 'b']) {
      await createWebhook(t, tenant, { name, applicationId: app.id, url: 'https://example.com/hook', events: ['cashback.created'] });
    }
    const zero = ok(await t.gql(ConventionsPagesDoc, { first: 0, appFirst: 0 }, { tenant }));
    expect(zero.webhooks).toEqual({ totalCount: 2, edges: [], pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null } });
    expect(zero.applications.edges[0]!.node.webhooks).toEqual(zero.webhooks);

    const all = ok(await t.gql(ConventionsPagesDoc, { first: 2, appFirst: 2 }, { tenant }));
    expect(all.webhooks.pageInfo.hasNextPage).toBe(false);
    expect(all.webhooks.edges).toHaveLength(2);
    expect(all.applications.edges[0]!.node.webhooks.pageInfo.hasNextPage).toBe(false);
  });
});
