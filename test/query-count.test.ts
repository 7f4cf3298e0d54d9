// No N+1: listing webhooks with their headers, application, OAuth credential, fingerprint and last
// delivery costs the same number of SQL statements for 5 webhooks as for 50.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createApplication, createOAuthCredential, createWebhook, ok } from './helpers/api.ts';
import { graphql } from './gql/index.ts';

const QueryCountWebhooksDoc = graphql(`
  query QueryCountWebhooks {
    webhooks(first: 50) {
      pageInfo {
        hasNextPage
      }
      edges {
        node {
          id
          name
          secretFingerprint
          headers {
            name
            value
          }
          application {
            name
          }
          oauthCredential {
            name
          }
          deliveries(first: 1) {
            edges {
              node {
                id
                status
                event {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`);

let t: TestApp;
let statements: string[] = [];

beforeAll(async () => {
  // The api role only: no dispatcher or pruner polling the database while statements are counted.
  t = await startTestApp({ HOOKGATE_ROLE: 'api' }, { onQuery: (sql) => statements.push(sql) });
});

afterAll(async () => {
  await t?.stop();
});

async function seed(tenant: string, n: number): Promise<void> {
  const app = await createApplication(t, tenant, { name: `App ${tenant}` });
  const cred = await createOAuthCredential(t, tenant, {
    name: `Cred ${tenant}`,
    tokenUrl: 'https://auth.example.com/token',
    clientId: 'client',
    clientSecret: 'secret',
  });
  for (let i = 0; i < n; i++) {
    await createWebhook(t, tenant, {
      name: `hook ${i}`,
      applicationId: app.id,
      // Half of them share the OAuth credential, so both the null and the loaded relation are exercised.
      oauthCredentialId: i % 2 === 0 ? cred.id : null,
      url: `https://example.com/${tenant}/${i}`,
      events: ['cashback.created'],
      headers: [
        { name: 'X-One', value: `1-${i}` },
        { name: 'X-Two', value: `2-${i}` },
      ],
    });
  }
  // Every webhook (all of the application) gets a delivery per event; the newest event's is its last.
  for (let e = 0; e < EVENTS; e++) {
    const res = ok(await t.gql<{ publishEvent: { __typename: string; deliveryCount?: number; event?: { id: string } } }, unknown>(PUBLISH, { input: { type: 'cashback.created', data: { e }, applicationId: app.id } }, { tenant }));
    expect(res.publishEvent.deliveryCount).toBe(n);
    lastEvent.set(tenant, res.publishEvent.event!.id);
  }
}

const EVENTS = 3;
const lastEvent = new Map<string, string>();
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename ... on PublishEventPayload { deliveryCount event { id } } } }`;


async function listAndCount(tenant: string, n: number): Promise<{ count: number; sql: string[] }> {
  await t.token(tenant); // issue the token before counting (it touches no database, but be sure)
  statements = [];
  const res = ok(await t.gql(QueryCountWebhooksDoc, undefined, { tenant }));
  const sql = statements;
  statements = [];
  expect(res.webhooks.edges).toHaveLength(n);
  for (const { node } of res.webhooks.edges) {
    expect(node.headers).toHaveLength(2);
    expect(node.application?.name).toBe(`App ${tenant}`);
    expect(node.secretFingerprint).toMatch(/^whsec_\*{4}.{4}$/);
  }
  expect(res.webhooks.edges.filter((e) => e.node.oauthCredential?.name === `Cred ${tenant}`)).toHaveLength(Math.ceil(n / 2));
  for (const { node } of res.webhooks.edges) {
    expect(node.deliveries.edges).toHaveLength(1);
    expect(node.deliveries.edges[0]!.node.event.id).toBe(lastEvent.get(tenant));
  }
  return { count: sql.length, sql };
}

describe('webhooks list query count', () => {
  it('is the same, and small, for 5 and for 50 webhooks', async () => {
    await seed('qc-5', 5);
    await seed('qc-50', 50);

    const small = await listAndCount('qc-5', 5);
    const large = await listAndCount('qc-50', 50);

    console.log(`SQL statements per webhooks(first: 50) request: N=5 -> ${small.count}, N=50 -> ${large.count}`);
    if (small.count !== large.count) console.log(['N=5:', ...small.sql, 'N=50:', ...large.sql].join('\n'));
    expect(small.count).toBeGreaterThan(0);
    expect(large.count).toBe(small.count);
    expect(small.count).toBeLessThanOrEqual(6);
  });
});

describe('webhooks list query count, shaped page', () => {
  // The read benchmark's query: no relation the shaped page (src/graphql/webhookPage.ts) leaves to
  // the generic path, so the whole page is one statement whatever N.
  const SHAPED = `query { webhooks(first: 50) { edges { node { id name url isActive secretFingerprint
    headers { name value } application { id name } deliveries(first: 1) { edges { node { id status attemptCount createdAt } } } } } } }`;
  type Shaped = { webhooks: { edges: Array<{ node: { headers: unknown[]; application: { name: string }; deliveries: { edges: unknown[] } } }> } };

  it('is one statement for 5 and for 50 webhooks', async () => {
    const counts: number[] = [];
    for (const [tenant, n] of [['qc-5', 5], ['qc-50', 50]] as const) {
      statements = [];
      const res = ok(await t.gql<Shaped, unknown>(SHAPED, {}, { tenant }));
      counts.push(statements.length);
      expect(res.webhooks.edges).toHaveLength(n);
      expect(res.webhooks.edges.every((e) => e.node.headers.length === 2 && e.node.deliveries.edges.length === 1 && e.node.application.name === `App ${tenant}`)).toBe(true);
    }
    expect(counts).toEqual([1, 1]);
  });
});

describe('publish query count', () => {
  const PUBLISH_MANY = `mutation ($input: PublishEventsInput!) { publishEvents(input: $input) { __typename
    ... on PublishEventsPayload { publishedCount results { __typename ... on PublishEventPayload { deliveryCount duplicate event { id type data time idempotencyKey } } } } } }`;
  type Many = { publishEvents: { publishedCount: number; results: Array<{ deliveryCount: number; duplicate: boolean; event: { id: string; type: string; data: Record<string, unknown>; idempotencyKey: string | null } }> } };

  it("answers each published event from the write: no statement reads an event back, for one event or a batch", async () => {
    const tenant = 'qc-publish';
    await createWebhook(t, tenant, { name: 'publish hook', url: 'https://example.com/publish', events: ['cashback.created'] });
    const readsEvents = (sql: string[]) => sql.filter((s) => /^\s*SELECT\b/i.test(s) && /FROM "public"\."Event"/.test(s));

    statements = [];
    const one = ok(await t.gql<{ publishEvent: { deliveryCount: number; event: { id: string } } }, unknown>(PUBLISH, { input: { type: 'cashback.created', data: { one: 1 } } }, { tenant }));
    expect(one.publishEvent.deliveryCount).toBe(1);
    expect(readsEvents(statements)).toEqual([]);

    statements = [];
    const events = Array.from({ length: 5 }, (_, i) => ({ type: 'cashback.created', data: { i }, idempotencyKey: `qc-${i % 4}` }));
    const many = ok(await t.gql<Many, unknown>(PUBLISH_MANY, { input: { events } }, { tenant }));
    const sql = statements;
    statements = [];
    expect(many.publishEvents.publishedCount).toBe(5);
    // Item 4 repeats item 0's key: a duplicate, answered with the first event.
    expect(many.publishEvents.results.map((r) => r.duplicate)).toEqual([false, false, false, false, true]);
    expect(many.publishEvents.results[4]!.event).toEqual(many.publishEvents.results[0]!.event);
    expect(many.publishEvents.results.map((r) => r.event.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 0 }]);
    // Idempotency keys are looked up (publish.ts, raw SQL), but no item's payload reads its event again.
    expect(readsEvents(sql)).toEqual([]);
  });
});
