// Delivery health through the API: attempts per minute by outcome (deliveryHealth) and each
// webhook's 24-hour failure rate (Webhook.recentAttempts), aggregated in SQL, per tenant, and
// batched: a page of webhooks costs one statistics query however many webhooks it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, createApplication, createWebhook, ok } from './helpers/api.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { graphql } from './gql/index.ts';

const HealthDoc = graphql(`
  query Health($minutes: Int, $webhookId: ID) {
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

const HealthWebhooksDoc = graphql(`
  query HealthWebhooks {
    webhooks(first: 50) {
      edges {
        node {
          id
          recentAttempts {
            attempts
            failed
            failureRate
          }
        }
      }
    }
  }
`);

const HealthSendTestDoc = graphql(`
  mutation HealthSendTest($id: ID!) {
    sendTestWebhook(input: { id: $id }) {
      __typename
      ... on SendTestWebhookPayload {
        attempt {
          outcome
        }
      }
    }
  }
`);

let t: TestApp;
let rx: Receiver;
let statements: string[] = [];

beforeAll(async () => {
  [t, rx] = await Promise.all([
    startTestApp({ HOOKGATE_ROLE: 'api' }, { onQuery: (sql) => statements.push(sql) }),
    startReceiver({ handler: (req) => ({ status: req.path === '/bad' ? 500 : 200 }) }),
  ]);
});

afterAll(async () => {
  await rx?.close();
  await t?.stop();
});

async function sendTest(tenant: string, id: string, outcome: 'SUCCEEDED' | 'FAILED') {
  const res = ok(await t.gql(HealthSendTestDoc, { id }, { tenant }));
  expect(as(res.sendTestWebhook, 'SendTestWebhookPayload').attempt.outcome).toBe(outcome);
}

describe('delivery health', () => {
  it('counts attempts per minute by outcome, per tenant and per webhook, with every minute present', async () => {
    const good = await createWebhook(t, 'health-a', { url: rx.url('/good'), events: ['cashback.created'] });
    const bad = await createWebhook(t, 'health-a', { url: rx.url('/bad'), events: ['cashback.created'] });
    const other = await createWebhook(t, 'health-b', { url: rx.url('/bad'), events: ['cashback.created'] });
    await sendTest('health-a', good.webhook.id, 'SUCCEEDED');
    await sendTest('health-a', good.webhook.id, 'SUCCEEDED');
    await sendTest('health-a', bad.webhook.id, 'FAILED');
    await sendTest('health-b', other.webhook.id, 'FAILED');

    const h = ok(await t.gql(HealthDoc, { minutes: 60 }, { tenant: 'health-a' })).deliveryHealth;
    expect(h.buckets).toHaveLength(60);
    expect(new Date(h.until).getTime() - new Date(h.since).getTime()).toBe(60 * 60_000);
    expect(h.buckets.map((b) => new Date(b.start).getTime() % 60_000)).toEqual(new Array(60).fill(0));
    expect([h.succeeded, h.failed]).toEqual([2, 1]);
    expect(h.failureRate).toBeCloseTo(1 / 3);
    // The attempts land in the minutes they were recorded in: the sum over buckets is the total.
    expect(h.buckets.reduce((n, b) => n + b.succeeded, 0)).toBe(2);
    expect(h.buckets.reduce((n, b) => n + b.failed, 0)).toBe(1);

    const one = ok(await t.gql(HealthDoc, { minutes: 5, webhookId: bad.webhook.id }, { tenant: 'health-a' })).deliveryHealth;
    expect([one.buckets.length, one.succeeded, one.failed]).toEqual([5, 0, 1]);

    const b = ok(await t.gql(HealthDoc, {}, { tenant: 'health-b' })).deliveryHealth;
    expect([b.succeeded, b.failed]).toEqual([0, 1]);
    // Another tenant's webhook id shows nothing of it.
    const foreign = ok(await t.gql(HealthDoc, { webhookId: bad.webhook.id }, { tenant: 'health-b' })).deliveryHealth;
    expect([foreign.succeeded, foreign.failed]).toEqual([0, 0]);
    expect(foreign.failureRate).toBeNull();
  });

  it('gives each webhook its recent failure rate in one statistics query for the whole page', async () => {
    const hooks = [];
    for (let i = 0; i < 4; i++) hooks.push(await createWebhook(t, 'health-c', { url: rx.url(i % 2 ? '/bad' : '/good'), events: ['cashback.created'] }));
    await sendTest('health-c', hooks[0]!.webhook.id, 'SUCCEEDED');
    await sendTest('health-c', hooks[1]!.webhook.id, 'FAILED');
    await sendTest('health-c', hooks[1]!.webhook.id, 'FAILED');

    statements = [];
    const list = ok(await t.gql(HealthWebhooksDoc, {}, { tenant: 'health-c' })).webhooks.edges.map((e) => e.node);
    const byId = new Map(list.map((w) => [w.id, w.recentAttempts]));
    expect(byId.get(hooks[0]!.webhook.id)).toEqual({ attempts: 1, failed: 0, failureRate: 0 });
    expect(byId.get(hooks[1]!.webhook.id)).toEqual({ attempts: 2, failed: 2, failureRate: 1 });
    expect(byId.get(hooks[2]!.webhook.id)).toEqual({ attempts: 0, failed: 0, failureRate: null });
    expect(statements.filter((s) => s.includes('"DeliveryAttempt"'))).toHaveLength(1);
  });

  it('counts for a portal token (claim app) only the attempts of its application’s webhooks', async () => {
    const app = await createApplication(t, 'health-d', { name: 'Shop D', externalId: 'shop_d' });
    const mine = await createWebhook(t, 'health-d', { url: rx.url('/good'), events: ['cashback.created'], applicationId: app.id });
    const tenantWide = await createWebhook(t, 'health-d', { url: rx.url('/bad'), events: ['cashback.created'] });
    await sendTest('health-d', mine.webhook.id, 'SUCCEEDED');
    await sendTest('health-d', tenantWide.webhook.id, 'FAILED');
    const token = await t.app.authenticator.issueToken!('health-d', '1h', undefined, 'shop_d');
    const portal = ok(await t.gql(HealthDoc, {}, { token })).deliveryHealth;
    expect([portal.succeeded, portal.failed]).toEqual([1, 0]);
    const whole = ok(await t.gql(HealthDoc, {}, { tenant: 'health-d' })).deliveryHealth;
    expect([whole.succeeded, whole.failed]).toEqual([1, 1]);
    // Naming the tenant-wide webhook does not reach past the scope either.
    const named = ok(await t.gql(HealthDoc, { webhookId: tenantWide.webhook.id }, { token })).deliveryHealth;
    expect([named.succeeded, named.failed]).toEqual([0, 0]);
  });
});
