// Operational events (issue 11 item 5): Hookgate publishes hookgate.webhook.failing / recovered /
// disabled and hookgate.delivery.exhausted in the tenant, on the edge of each state change, and
// delivers them like any event (signed, to subscribed webhooks), never to the webhook they are
// about. Through the real GraphQL endpoint, real dispatcher and real receivers on 127.0.0.1;
// signatures checked with `standardwebhooks`, payloads with an independent JSON Schema validator.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { Webhook as SignatureVerifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { eventually, sleep, startReceiver, type Handler, type Receiver, type ReceivedRequest } from './helpers/receiver.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: true }));

type Json = Record<string, unknown>;
const TYPES = ['hookgate.webhook.disabled', 'hookgate.webhook.failing', 'hookgate.webhook.recovered', 'hookgate.delivery.exhausted'];
const ENV = { HOOKGATE_POLL_MS: '50', HOOKGATE_RETRY_SCHEDULE: '0s,0s' };

let t: TestApp;
/** Auto-disable after any failure that follows the first one (HOOKGATE_DISABLE_AFTER_MS=0). */
let quick: TestApp;
const open: Receiver[] = [];
const schemas = new Map<string, Json>();

beforeAll(async () => {
  t = await startTestApp(ENV);
  quick = await startTestApp({ ...ENV, HOOKGATE_DISABLE_AFTER_MS: '0' });
});

afterAll(async () => {
  await Promise.all(open.map((r) => r.close()));
  await t?.stop();
  await quick?.stop();
});

async function receiver(handler?: Handler): Promise<Receiver> {
  const r = await startReceiver({ handler });
  open.push(r);
  return r;
}

async function call<T = Json>(app: TestApp, tenant: string, query: string, variables: Json = {}): Promise<T> {
  const res = await app.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename
  ... on CreateWebhookPayload { signingSecret webhook { id name url } } ... on Error { message } } }`;
const UPDATE = `mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { __typename
  ... on UpdateWebhookPayload { webhook { isActive disabledReason } } ... on Error { message } } }`;
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename
  ... on PublishEventPayload { event { id } deliveryCount } ... on ValidationError { fieldErrors { path message } } } }`;
const PUBLISH_MANY = `mutation ($input: PublishEventsInput!) { publishEvents(input: $input) { __typename ... on PublishEventsPayload { publishedCount } } }`;
const TEST_SEND = `mutation ($input: SendTestWebhookInput!) { sendTestWebhook(input: $input) { __typename
  ... on SendTestWebhookPayload { attempt { outcome } } } }`;
const EVENTS = `query ($type: String, $first: Int!) { events(type: $type, first: $first) { totalCount edges { node { id type data } } } }`;
const DELIVERIES = `query ($id: ID!, $first: Int!) { webhook(id: $id) { isActive disabledReason deliveries(first: $first) { totalCount
  edges { node { id status attemptCount url lastError event { id type data } } } } } }`;
const PENDING = `query ($id: ID!) { webhook(id: $id) { deliveries(first: 0, status: PENDING) { totalCount } } }`;

interface Created {
  id: string;
  name: string | null;
  url: string;
  secret: string;
}

async function createWebhook(app: TestApp, tenant: string, input: Json): Promise<Created> {
  const r = await call<{ createWebhook: { __typename: string; signingSecret: string; webhook: { id: string; name: string | null; url: string } } }>(app, tenant, CREATE, { input });
  expect(r.createWebhook.__typename, JSON.stringify(r.createWebhook)).toBe('CreateWebhookPayload');
  return { ...r.createWebhook.webhook, secret: r.createWebhook.signingSecret };
}

async function publish(app: TestApp, tenant: string, data: Json = { amount: 1 }): Promise<string> {
  const r = await call<{ publishEvent: { event: { id: string } } }>(app, tenant, PUBLISH, { input: { type: 'cashback.created', data } });
  return r.publishEvent.event.id;
}

interface Delivered {
  id: string;
  type: string;
  data: Json;
}

/** A receiver that answers 200 and keeps the operational events it got, each verified. */
async function observer(app: TestApp, tenant: string): Promise<{ hook: Created; rx: Receiver; events: () => Delivered[] }> {
  const rx = await receiver();
  const hook = await createWebhook(app, tenant, { name: 'ops', url: rx.url('/ops'), eventGroup: 'hookgate' });
  const events = () => rx.requests.map((r) => verified(hook.secret, r));
  return { hook, rx, events };
}

/** The body, after `standardwebhooks` accepted its signature; its data checked against the type's schema. */
function verified(secret: string, req: ReceivedRequest): Delivered {
  const headers = {
    'webhook-id': String(req.headers['webhook-id']),
    'webhook-timestamp': String(req.headers['webhook-timestamp']),
    'webhook-signature': String(req.headers['webhook-signature']),
  };
  const body = new SignatureVerifier(secret).verify(req.body, headers) as { id: string; type: string; data: Json };
  expect(body.id).toBe(req.webhookId);
  const schema = schemas.get(body.type);
  if (schema) expect(ajv.validate(schema, body.data), JSON.stringify(ajv.errors)).toBe(true);
  return { id: body.id, type: body.type, data: body.data };
}

/** Waits until no webhook of the tenant has a PENDING delivery: then no attempt can publish more. */
async function settle(app: TestApp, tenant: string, ids: string[]): Promise<void> {
  await eventually(
    async () => {
      for (const id of ids) {
        const r = await call<{ webhook: { deliveries: { totalCount: number } } }>(app, tenant, PENDING, { id });
        if (r.webhook.deliveries.totalCount > 0) return false;
      }
      return true;
    },
    { timeoutMs: 30_000, what: 'no pending deliveries' },
  );
}

async function eventsOf(app: TestApp, tenant: string, type?: string): Promise<Delivered[]> {
  const r = await call<{ events: { edges: Array<{ node: Delivered }> } }>(app, tenant, EVENTS, { type: type ?? null, first: 100 });
  return r.events.edges.map((e) => e.node);
}

const byType = (events: Delivered[], type: string) => events.filter((e) => e.type === type);
const about = (e: Delivered) => (e.data.webhook as { id: string }).id;

describe('the hookgate event types', () => {
  it('lists four built-in types in group hookgate, each example satisfying its schema', async () => {
    const r = await call<{ eventTypes: { edges: Array<{ node: { name: string; group: string; builtin: boolean; source: string; example: Json; schema: Json } }> } }>(
      t,
      'op-catalog',
      `query ($first: Int!) { eventTypes(first: $first, group: "hookgate") { edges { node { name group builtin source example schema } } } }`,
      { first: 10 },
    );
    const types = r.eventTypes.edges.map((e) => e.node);
    expect(types.map((x) => x.name).sort()).toEqual([...TYPES].sort());
    for (const type of types) {
      expect(type).toMatchObject({ group: 'hookgate', builtin: true, source: 'Hookgate' });
      expect(ajv.validate(type.schema, type.example), `${type.name}: ${JSON.stringify(ajv.errors)}`).toBe(true);
      // The schema means something: an example without its webhook does not satisfy it.
      expect(ajv.validate(type.schema, { ...type.example, webhook: undefined })).toBe(false);
      schemas.set(type.name, type.schema);
    }
  });

  it('cannot be published by a tenant', async () => {
    const r = await call<{ publishEvent: { __typename: string; fieldErrors: Array<{ path: string[] }> } }>(t, 'op-catalog', PUBLISH, {
      input: { type: 'hookgate.webhook.failing', data: {} },
    });
    expect(r.publishEvent.__typename).toBe('ValidationError');
    expect(r.publishEvent.fieldErrors.map((e) => e.path)).toEqual([['input', 'type']]);
  });
});

describe('failing and recovered', () => {
  it('publishes failing on the first failed attempt after a success and recovered on the next success, once each', async () => {
    const tenant = 'op-recover';
    const ops = await observer(t, tenant);
    const rx = await receiver(() => ({ status: 500 }));
    const w = await createWebhook(t, tenant, { name: 'flaky', url: rx.url('/flaky'), events: ['cashback.created'] });

    // A failed test send counts for nothing.
    const test = await call<{ sendTestWebhook: { attempt: { outcome: string } } }>(t, tenant, TEST_SEND, { input: { id: w.id } });
    expect(test.sendTestWebhook.attempt.outcome).toBe('FAILED');

    // 500, then 200 on the retry: failing, then recovered.
    rx.handle((req) => ({ status: req.nth === 1 ? 500 : 200 }));
    const eventId = await publish(t, tenant);
    await eventually(() => ops.events().length >= 2, { what: 'failing and recovered' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    expect(ops.events().map((e) => e.type).sort()).toEqual(['hookgate.webhook.failing', 'hookgate.webhook.recovered']);
    const failing = byType(ops.events(), 'hookgate.webhook.failing')[0];
    const recovered = byType(ops.events(), 'hookgate.webhook.recovered')[0];

    const deliveries = await call<{ webhook: { deliveries: { edges: Array<{ node: { id: string; status: string; attemptCount: number } }> } } }>(t, tenant, DELIVERIES, { id: w.id, first: 10 });
    const delivery = deliveries.webhook.deliveries.edges.map((e) => e.node).find((d) => d.attemptCount === 2)!;
    expect(delivery.status).toBe('SUCCEEDED');
    expect(failing!.data).toEqual({
      webhook: { id: w.id, name: 'flaky', url: rx.url('/flaky'), applicationId: null },
      failingSince: expect.any(String),
      lastAttempt: { deliveryId: delivery.id, eventId, url: rx.url('/flaky'), responseStatus: 500, errorKind: 'HTTP_STATUS' },
    });
    expect(recovered!.data).toEqual({
      webhook: { id: w.id, name: 'flaky', url: rx.url('/flaky'), applicationId: null },
      failingSince: failing!.data.failingSince,
      recoveredAt: expect.any(String),
    });
    expect(Date.parse(recovered!.data.recoveredAt as string)).toBeGreaterThanOrEqual(Date.parse(failing!.data.failingSince as string));

    // A success while not failing publishes nothing (and takes the grouped fast path).
    rx.handle(() => ({ status: 200 }));
    await publish(t, tenant);
    await eventually(() => rx.requests.filter((r) => r.nth === 1).length >= 2 + 1, { what: 'the second event' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    await sleep(200);
    expect(ops.events()).toHaveLength(2);
    // The events are the tenant's and queryable like any other.
    expect((await eventsOf(t, tenant, 'hookgate.webhook.failing')).map((e) => e.id)).toEqual([failing!.id]);
  });

  it('publishes failing once and recovered once when many deliveries of a webhook change its state at the same time', async () => {
    const tenant = 'op-race';
    const ops = await observer(t, tenant);
    let status = 400;
    const rx = await receiver(() => ({ status }));
    const w = await createWebhook(t, tenant, { urls: [rx.url('/a'), rx.url('/b')], events: ['cashback.created'] });
    const batch = { events: Array.from({ length: 5 }, (_, i) => ({ type: 'cashback.created', data: { i } })) };

    // Ten deliveries claimed together, each failing at once (400 is not retried): every attempt
    // saw the webhook as not failing, one of them published failing; each delivery is exhausted.
    await call(t, tenant, PUBLISH_MANY, { input: batch });
    await eventually(() => byType(ops.events(), 'hookgate.delivery.exhausted').length >= 10, { what: 'ten exhausted' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    const afterFailure = ops.events();
    expect(byType(afterFailure, 'hookgate.webhook.failing')).toHaveLength(1);
    const exhausted = byType(afterFailure, 'hookgate.delivery.exhausted');
    expect(exhausted).toHaveLength(10);
    expect(new Set(exhausted.map((e) => (e.data.delivery as { id: string }).id)).size).toBe(10);
    for (const e of exhausted) {
      expect(e.data).toMatchObject({
        webhook: { id: w.id, name: null, url: rx.url('/a') },
        delivery: { attemptCount: 1, lastError: 'HTTP 400' },
        event: { type: 'cashback.created' },
      });
      expect([rx.url('/a'), rx.url('/b')]).toContain((e.data.delivery as { url: string }).url);
    }

    // Ten successes together, each seeing the webhook failing: one recovered.
    status = 200;
    await call(t, tenant, PUBLISH_MANY, { input: batch });
    await eventually(() => rx.requests.filter((r) => r.nth === 1).length >= 20, { what: 'ten more requests' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    await eventually(() => byType(ops.events(), 'hookgate.webhook.recovered').length >= 1, { what: 'recovered' });
    await sleep(200);
    expect(ops.events().map((e) => e.type).filter((x) => x !== 'hookgate.delivery.exhausted')).toEqual(['hookgate.webhook.failing', 'hookgate.webhook.recovered']);
    expect(await eventsOf(t, tenant, 'hookgate.webhook.recovered')).toHaveLength(1);
  });
});

describe('exhausted', () => {
  it('reports a failed manual retry again, and routes events about an application\'s webhook to that application', async () => {
    const tenant = 'op-app';
    const ops = await observer(t, tenant);
    const app = await call<{ createApplication: { application: { id: string } } }>(t, tenant, `mutation ($input: CreateApplicationInput!) {
      createApplication(input: $input) { ... on CreateApplicationPayload { application { id } } } }`, { input: { name: 'Shop' } });
    const appId = app.createApplication.application.id;
    const other = await call<{ createApplication: { application: { id: string } } }>(t, tenant, `mutation ($input: CreateApplicationInput!) {
      createApplication(input: $input) { ... on CreateApplicationPayload { application { id } } } }`, { input: { name: 'Other' } });
    // Webhooks of the two applications watching operational events: only the subject's sees them.
    const mineRx = await receiver();
    const otherRx = await receiver();
    await createWebhook(t, tenant, { applicationId: appId, url: mineRx.url('/mine'), eventGroup: 'hookgate' });
    await createWebhook(t, tenant, { applicationId: other.createApplication.application.id, url: otherRx.url('/other'), eventGroup: 'hookgate' });

    const rx = await receiver(() => ({ status: 422 }));
    const w = await createWebhook(t, tenant, { applicationId: appId, url: rx.url('/shop'), events: ['cashback.created'] });
    const r = await call<{ publishEvent: { event: { id: string } } }>(t, tenant, PUBLISH, { input: { type: 'cashback.created', data: { amount: 1 }, applicationId: appId } });
    const eventId = r.publishEvent.event.id;
    await eventually(() => ops.events().length >= 2, { what: 'failing and exhausted' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    const first = byType(ops.events(), 'hookgate.delivery.exhausted');
    expect(first).toHaveLength(1);
    expect(first[0]!.data).toMatchObject({ webhook: { id: w.id, applicationId: appId }, event: { id: eventId }, delivery: { attemptCount: 1, lastError: 'HTTP 422' } });
    const deliveryId = (first[0]!.data.delivery as { id: string }).id;

    // A manual retry that fails ends the delivery FAILED again: reported again (the webhook is
    // still failing, so no second failing).
    const retry = await call<{ retryDelivery: { __typename: string } }>(t, tenant, `mutation ($input: RetryDeliveryInput!) { retryDelivery(input: $input) { __typename } }`, { input: { id: deliveryId } });
    expect(retry.retryDelivery.__typename).toBe('RetryDeliveryPayload');
    await eventually(() => byType(ops.events(), 'hookgate.delivery.exhausted').length >= 2, { what: 'the second exhausted' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    await sleep(200);
    const events = ops.events();
    expect(byType(events, 'hookgate.webhook.failing')).toHaveLength(1);
    expect(byType(events, 'hookgate.delivery.exhausted').map((e) => e.data.delivery)).toEqual([
      expect.objectContaining({ id: deliveryId, attemptCount: 1 }),
      expect.objectContaining({ id: deliveryId, attemptCount: 2 }),
    ]);
    await eventually(() => mineRx.requests.length >= 3, { what: "the application's watcher" });
    expect(mineRx.requests.map((q) => (JSON.parse(q.body) as Delivered).type).sort()).toEqual(['hookgate.delivery.exhausted', 'hookgate.delivery.exhausted', 'hookgate.webhook.failing']);
    expect(otherRx.requests).toHaveLength(0);
  });
});

describe('disabled', () => {
  it('publishes disabled with cause GONE when an endpoint answers 410, and the delivery exhausted', async () => {
    const tenant = 'op-gone';
    const ops = await observer(t, tenant);
    const rx = await receiver(() => ({ status: 410 }));
    const w = await createWebhook(t, tenant, { name: 'gone', url: rx.url('/gone'), events: ['cashback.created'] });
    const eventId = await publish(t, tenant);
    await eventually(() => ops.events().length >= 2, { what: 'exhausted and disabled' });
    await settle(t, tenant, [w.id, ops.hook.id]);
    await sleep(200);
    const events = ops.events();
    // A 410 disables at once: no failing event before it.
    expect(events.map((e) => e.type).sort()).toEqual(['hookgate.delivery.exhausted', 'hookgate.webhook.disabled']);
    const disabled = byType(events, 'hookgate.webhook.disabled')[0]!;
    expect(disabled.data).toMatchObject({ webhook: { id: w.id, name: 'gone' }, cause: 'GONE', reason: expect.stringContaining('410 Gone') });
    expect(byType(events, 'hookgate.delivery.exhausted')[0]!.data).toMatchObject({ event: { id: eventId }, delivery: { attemptCount: 1 } });
    const state = await call<{ webhook: { isActive: boolean; disabledReason: string } }>(t, tenant, DELIVERIES, { id: w.id, first: 1 });
    expect(state.webhook).toMatchObject({ isActive: false, disabledReason: disabled.data.reason });
  });

  it('publishes disabled with cause USER when updateWebhook turns an active webhook off, and only then', async () => {
    const tenant = 'op-user';
    const ops = await observer(t, tenant);
    const rx = await receiver();
    const w = await createWebhook(t, tenant, { name: 'mine', url: rx.url('/mine'), events: ['cashback.created'] });

    // Renamed and disabled in one request: the event names the webhook as it now is.
    const off = await call<{ updateWebhook: Json }>(t, tenant, UPDATE, { input: { id: w.id, name: 'mine-old', isActive: false } });
    expect(off.updateWebhook).toMatchObject({ webhook: { isActive: false, disabledReason: 'Disabled by the user' } });
    await eventually(() => ops.events().length >= 1, { what: 'disabled' });
    expect(ops.events()[0]!.data).toMatchObject({ webhook: { id: w.id, name: 'mine-old' }, cause: 'USER', reason: 'Disabled by the user', disabledAt: expect.any(String) });

    // Already off: nothing new. Enabled and disabled again: a second event.
    await call(t, tenant, UPDATE, { input: { id: w.id, isActive: false } });
    await call(t, tenant, UPDATE, { input: { id: w.id, isActive: true } });
    await call(t, tenant, UPDATE, { input: { id: w.id, isActive: false } });
    await eventually(() => ops.events().length >= 2, { what: 'the second disabled' });
    await sleep(200);
    expect(ops.events().map((e) => e.data.cause)).toEqual(['USER', 'USER']);
    expect(await eventsOf(t, tenant, 'hookgate.webhook.disabled')).toHaveLength(2);
    expect(rx.requests).toHaveLength(0);
  });

  it('publishes disabled with cause FAILING when a webhook fails continuously for HOOKGATE_DISABLE_AFTER_MS', async () => {
    const tenant = 'op-continuous';
    const ops = await observer(quick, tenant);
    const rx = await receiver(() => ({ status: 503 }));
    const w = await createWebhook(quick, tenant, { name: 'down', url: rx.url('/down'), events: ['cashback.created'] });
    const eventId = await publish(quick, tenant);
    await eventually(() => ops.events().length >= 3, { what: 'failing, exhausted, disabled' });
    await settle(quick, tenant, [w.id, ops.hook.id]);
    await sleep(200);
    const events = ops.events();
    expect(events.map((e) => e.type).sort()).toEqual(['hookgate.delivery.exhausted', 'hookgate.webhook.disabled', 'hookgate.webhook.failing']);
    const failing = byType(events, 'hookgate.webhook.failing')[0]!;
    expect(byType(events, 'hookgate.webhook.disabled')[0]!.data).toMatchObject({
      webhook: { id: w.id },
      cause: 'FAILING',
      reason: `Deliveries failed continuously since ${failing.data.failingSince as string}`,
    });
    expect(byType(events, 'hookgate.delivery.exhausted')[0]!.data).toMatchObject({ event: { id: eventId }, delivery: { attemptCount: 2, lastError: 'HTTP 503' } });
    // Later events find the webhook disabled: SKIPPED, and no more operational events.
    await publish(quick, tenant);
    await sleep(300);
    expect(ops.events()).toHaveLength(3);
    expect(rx.requests).toHaveLength(2);
  });
});

describe('no endless loop', () => {
  const everything = ['cashback.created', ...TYPES];

  async function twoFailingWatchers(app: TestApp, tenant: string) {
    const rxA = await receiver(() => ({ status: 500 }));
    const rxB = await receiver(() => ({ status: 500 }));
    const a = await createWebhook(app, tenant, { name: 'a', url: rxA.url('/a'), events: everything });
    const b = await createWebhook(app, tenant, { name: 'b', url: rxB.url('/b'), events: everything });
    await publish(app, tenant);
    await eventually(async () => (await eventsOf(app, tenant)).length >= 3, { what: 'operational events' });
    // Settled twice with the same count: nothing is pending, so no attempt is left that could
    // publish anything more (a webhook checked first may get a delivery from one checked later).
    let events: Delivered[] = [];
    await eventually(
      async () => {
        await settle(app, tenant, [a.id, b.id]);
        const before = (await eventsOf(app, tenant)).length;
        await sleep(300);
        await settle(app, tenant, [a.id, b.id]);
        events = await eventsOf(app, tenant);
        return events.length === before;
      },
      { timeoutMs: 60_000, what: 'the events to stop' },
    );
    for (const [w, rx] of [[a, rxA], [b, rxB]] as const) {
      const d = await call<{ webhook: { deliveries: { edges: Array<{ node: { status: string; event: Delivered } }> } } }>(app, tenant, DELIVERIES, { id: w.id, first: 50 });
      for (const { node } of d.webhook.deliveries.edges) {
        // Never about itself.
        if (node.event.type !== 'cashback.created') expect(about(node.event)).not.toBe(w.id);
        expect(['FAILED', 'CANCELLED', 'SKIPPED']).toContain(node.status);
      }
      for (const req of rx.requests) {
        const body = JSON.parse(req.body) as Delivered;
        if (body.type !== 'cashback.created') expect(about(body)).not.toBe(w.id);
      }
    }
    return { a, b, events };
  }

  it('two webhooks watching each other fail: one failing and one exhausted each, none about the receiving webhook', async () => {
    const tenant = 'op-loop';
    const { a, b, events } = await twoFailingWatchers(t, tenant);
    const operational = events.filter((e) => e.type !== 'cashback.created');
    // failing(a), failing(b), exhausted(a's delivery of the event), exhausted(b's); the deliveries
    // of those four fail too but publish nothing (both webhooks are failing already, and an
    // operational event's delivery is never reported exhausted).
    expect(operational).toHaveLength(4);
    expect(byType(operational, 'hookgate.webhook.failing').map(about).sort()).toEqual([a.id, b.id].sort());
    expect(byType(operational, 'hookgate.delivery.exhausted').map(about).sort()).toEqual([a.id, b.id].sort());
    for (const e of byType(operational, 'hookgate.delivery.exhausted')) expect(e.data.event).toMatchObject({ type: 'cashback.created' });
  });

  it('with auto-disable after the second failure: at most six events, each webhook disabled once', async () => {
    const tenant = 'op-loop-disable';
    const { a, b, events } = await twoFailingWatchers(quick, tenant);
    const operational = events.filter((e) => e.type !== 'cashback.created');
    expect(operational.length).toBeLessThanOrEqual(6);
    expect(byType(operational, 'hookgate.webhook.failing').map(about).sort()).toEqual([a.id, b.id].sort());
    expect(byType(operational, 'hookgate.webhook.disabled').map(about).sort()).toEqual([a.id, b.id].sort());
    for (const e of byType(operational, 'hookgate.delivery.exhausted')) expect(e.data.event).toMatchObject({ type: 'cashback.created' });
  });
});
