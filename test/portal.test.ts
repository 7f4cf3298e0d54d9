// Application-scoped (portal) tokens: claim `app` confines a token to one application of its
// tenant, in every query, mutation and subscription, as if the rest of the tenant did not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from './gql/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, createApplication, createOAuthCredential, createWebhook, ok } from './helpers/api.ts';
import { DispatchRetryDeliveryDoc, FAST_DELIVERY_ENV, publish, settled, SubDeliveryAttemptsDoc } from './helpers/dispatch.ts';
import { CreateApplicationDoc, CreateEventTypeDoc, CreateOAuthCredentialDoc, CreateWebhookDoc, GetNodeDoc, UpdateWebhookDoc } from './documents.ts';
import { eventually, startReceiver, type Receiver } from './helpers/receiver.ts';
import { subscribe } from './helpers/ws.ts';

const PortalViewDoc = graphql(`
  query PortalView($first: Int = 50) {
    webhooks(first: $first, filter: { includeDeleted: true }) {
      totalCount
      edges {
        node {
          id
          application {
            id
          }
        }
      }
    }
    applications(first: $first) {
      totalCount
      edges {
        node {
          id
        }
      }
    }
    oauthCredentials(first: $first) {
      edges {
        node {
          id
        }
      }
    }
  }
`);

const PortalLookupDoc = graphql(`
  query PortalLookup($webhook: ID!, $event: ID!, $delivery: ID!, $app: ID!, $first: Int = 50) {
    webhook(id: $webhook) {
      id
    }
    event(id: $event) {
      id
      deliveries(first: $first) {
        totalCount
        edges {
          node {
            id
            webhook {
              id
            }
          }
        }
      }
    }
    delivery(id: $delivery) {
      id
    }
    byApp: webhooks(first: $first, filter: { applicationId: $app }) {
      totalCount
    }
  }
`);

const PortalPublishDoc = graphql(`
  mutation PortalPublish($input: PublishEventInput!) {
    publishEvent(input: $input) {
      __typename
      ...ErrorFields
    }
  }
`);

const TENANT = 'portal-tenant';
let t: TestApp;
let rx: Receiver;
let appA: { id: string };
let appB: { id: string };
let whA: string;
let whB: string;
let whTenant: string;
let portal: string;

beforeAll(async () => {
  [t, rx] = await Promise.all([startTestApp(FAST_DELIVERY_ENV), startReceiver()]);
  appA = await createApplication(t, TENANT, { name: 'Customer A', externalId: 'cust-a' });
  appB = await createApplication(t, TENANT, { name: 'Customer B', externalId: 'cust-b' });
  const hook = (name: string, applicationId?: string) =>
    createWebhook(t, TENANT, { name, url: rx.url(`/${name}`), events: ['cashback.created'], ...(applicationId ? { applicationId } : {}) });
  whA = (await hook('a', appA.id)).webhook.id;
  whB = (await hook('b', appB.id)).webhook.id;
  whTenant = (await hook('platform')).webhook.id;
  await createOAuthCredential(t, TENANT, { name: 'platform-oauth', tokenUrl: rx.url('/token'), clientId: 'platform', clientSecret: 's3cret' });
  portal = await t.app.authenticator.issueToken!(TENANT, '1h', undefined, appA.id);
});
afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

describe('a portal token (claim app)', () => {
  it('sees only its application, its webhooks and the credentials made for it', async () => {
    const view = ok(await t.gql(PortalViewDoc, {}, { token: portal }));
    expect(view.webhooks.edges.map((e) => e.node.id)).toEqual([whA]);
    expect(view.webhooks.totalCount).toBe(1);
    expect(view.applications.edges.map((e) => e.node.id)).toEqual([appA.id]);
    expect(view.oauthCredentials.edges).toEqual([]);
    // The platform's own token sees the whole tenant.
    const all = ok(await t.gql(PortalViewDoc, {}, { tenant: TENANT }));
    expect(all.webhooks.totalCount).toBe(3);
    // By externalId, the same application.
    const byExternal = await t.app.authenticator.issueToken!(TENANT, '1h', undefined, 'cust-a');
    expect(ok(await t.gql(PortalViewDoc, {}, { token: byExternal })).webhooks.edges.map((e) => e.node.id)).toEqual([whA]);
  });

  it('treats the rest of the tenant as unknown ids: node, webhook, event, delivery, nested deliveries', async () => {
    const ev = await publish(t, { type: 'cashback.created', data: { n: 1 }, applicationId: appA.id }, TENANT);
    const delivered = await settled(t, ev.eventId, { tenant: TENANT, count: 2 });
    const toPlatform = delivered.find((d) => d.url.endsWith('/platform'))!;
    const lookup = ok(await t.gql(PortalLookupDoc, { webhook: whB, event: ev.eventId, delivery: toPlatform.id, app: appB.id }, { token: portal }));
    expect(lookup.webhook).toBeNull();
    expect(lookup.delivery).toBeNull();
    // Its application's event, with only the delivery to its own webhook.
    expect(lookup.event?.deliveries.totalCount).toBe(1);
    expect(lookup.event?.deliveries.edges.map((e) => e.node.webhook.id)).toEqual([whA]);
    expect(lookup.byApp.totalCount).toBe(0);
    expect(ok(await t.gql(GetNodeDoc, { id: whB }, { token: portal })).node).toBeNull();
    // Another application's event is unknown.
    const evB = await publish(t, { type: 'cashback.created', data: { n: 2 }, applicationId: appB.id }, TENANT);
    const other = ok(await t.gql(PortalLookupDoc, { webhook: whA, event: evB.eventId, delivery: toPlatform.id, app: appA.id }, { token: portal }));
    expect(other.event).toBeNull();
    expect(other.webhook?.id).toBe(whA);
    expect(other.byApp.totalCount).toBe(1);
    // Retrying the platform's delivery: not found.
    const retry = ok(await t.gql(DispatchRetryDeliveryDoc, { input: { id: toPlatform.id } }, { token: portal })).retryDelivery;
    expect(as(retry, 'NotFoundError').code).toBe('NOT_FOUND');
  });

  it('creates webhooks and credentials inside its application only', async () => {
    const created = ok(await t.gql(CreateWebhookDoc, { input: { name: 'portal-made', url: rx.url('/pm'), events: ['cashback.created'] } }, { token: portal }));
    expect(as(created.createWebhook, 'CreateWebhookPayload').webhook.application?.id).toBe(appA.id);
    const elsewhere = ok(
      await t.gql(CreateWebhookDoc, { input: { name: 'escape', url: rx.url('/x'), events: ['cashback.created'], applicationId: appB.id } }, { token: portal }),
    );
    expect(as(elsewhere.createWebhook, 'NotFoundError').resource).toBe('Application');
    const leave = ok(await t.gql(UpdateWebhookDoc, { input: { id: whA, applicationId: null } }, { token: portal })).updateWebhook;
    expect(as(leave, 'ValidationError').fieldErrors.map((e) => e.path)).toEqual([['input', 'applicationId']]);
    const foreign = ok(await t.gql(UpdateWebhookDoc, { input: { id: whB, description: 'mine now' } }, { token: portal })).updateWebhook;
    expect(as(foreign, 'NotFoundError').code).toBe('NOT_FOUND');

    const cred = ok(
      await t.gql(CreateOAuthCredentialDoc, { input: { name: 'portal-oauth', tokenUrl: rx.url('/token'), clientId: 'c', clientSecret: 's' } }, { token: portal }),
    );
    const credId = as(cred.createOAuthCredential, 'CreateOAuthCredentialPayload').oauthCredential.id;
    expect(ok(await t.gql(PortalViewDoc, {}, { token: portal })).oauthCredentials.edges.map((e) => e.node.id)).toEqual([credId]);
    // The platform's credential cannot be attached by the portal.
    const all = ok(await t.gql(PortalViewDoc, {}, { tenant: TENANT })).oauthCredentials.edges.map((e) => e.node.id);
    const platformCred = all.find((id) => id !== credId)!;
    const attach = ok(await t.gql(UpdateWebhookDoc, { input: { id: whA, oauthCredentialId: platformCred } }, { token: portal })).updateWebhook;
    expect(as(attach, 'NotFoundError').resource).toBe('OAuthCredential');
  });

  it('may not speak for the platform: publish, applications and event types are forbidden', async () => {
    const pub = ok(await t.gql(PortalPublishDoc, { input: { type: 'cashback.created', data: {} } }, { token: portal })).publishEvent;
    expect(as(pub, 'ForbiddenError').message).toMatch(/confined to one application/);
    const app = ok(await t.gql(CreateApplicationDoc, { input: { name: 'Mine' } }, { token: portal })).createApplication;
    expect(as(app, 'ForbiddenError').code).toBe('FORBIDDEN');
    const type = ok(await t.gql(CreateEventTypeDoc, { input: { name: 'portal.thing' } }, { token: portal })).createEventType;
    expect(as(type, 'ForbiddenError').code).toBe('FORBIDDEN');
  });

  it('streams only its application\'s attempts over graphql-ws', async () => {
    const sub = subscribe(t.url, `Bearer ${portal}`, SubDeliveryAttemptsDoc, {});
    try {
      // No acknowledgement for "subscribed": publish to A until one attempt arrives, then to B.
      await eventually(
        async () => {
          await publish(t, { type: 'cashback.created', data: { warmup: true }, applicationId: appA.id }, TENANT);
          await new Promise((r) => setTimeout(r, 150));
          return sub.items.length > 0;
        },
        { what: 'the portal subscription to be live', timeoutMs: 10_000 },
      );
      const b = await publish(t, { type: 'cashback.created', data: { b: true }, applicationId: appB.id }, TENANT);
      const a = await publish(t, { type: 'cashback.created', data: { a: true }, applicationId: appA.id }, TENANT);
      await settled(t, b.eventId, { tenant: TENANT });
      await eventually(() => sub.items.some((i) => i.deliveryAttempts.eventId === a.eventId), { what: 'the attempt of A' });
      // Every A event also reaches the tenant's own webhook and B's events reach B's: none shows.
      const seen = new Set(sub.items.map((i) => i.deliveryAttempts.webhookId));
      expect(seen.has(whA)).toBe(true);
      expect(seen.has(whB) || seen.has(whTenant)).toBe(false);
    } finally {
      await sub.stop();
    }
  });

  it('is refused (401) when its application does not exist in the tenant', async () => {
    const bogus = await t.app.authenticator.issueToken!(TENANT, '1h', undefined, 'nobody');
    const res = await t.gql(PortalViewDoc, {}, { token: bogus });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const otherTenant = await t.app.authenticator.issueToken!('someone-else', '1h', undefined, appA.id);
    expect((await t.gql(PortalViewDoc, {}, { token: otherTenant })).status).toBe(401);
  });
});
