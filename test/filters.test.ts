// Payload filters (docs/FILTERS.md) through the real GraphQL endpoint: every operator of the
// language decides which webhooks get a delivery row at fan-out, bad filters are ValidationErrors
// with the path inside the filter, filters change and clear with updateWebhook, a filtered-out
// event reaches no receiver, and replayEvents applies the same filter.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { eventually, sleep, startReceiver, type Receiver } from './helpers/receiver.ts';

let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_RETRY_SCHEDULE: '0s' });
  rx = await startReceiver();
});

afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

type Json = Record<string, unknown>;

async function call<T = Json>(query: string, variables: Json, tenant: string): Promise<T> {
  const res = await t.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename
  ... on CreateWebhookPayload { webhook { id filter } }
  ... on ValidationError { fieldErrors { path message } } } }`;
const UPDATE = `mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { __typename
  ... on UpdateWebhookPayload { webhook { id filter } }
  ... on ValidationError { fieldErrors { path message } } } }`;
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename
  ... on PublishEventPayload { deliveryCount event { id deliveries(first: 100) { edges { node { status webhook { id } } } } } } } }`;
const REPLAY = `mutation ($input: ReplayEventsInput!) { replayEvents(input: $input) { __typename
  ... on ReplayEventsPayload { eventCount deliveryCount } ... on Error { message } } }`;

interface Created {
  createWebhook: { __typename: string; webhook?: { id: string; filter: Json | null }; fieldErrors?: Array<{ path: string[]; message: string }> };
}
interface PublishedData {
  publishEvent: { deliveryCount: number; event: { id: string; deliveries: { edges: Array<{ node: { status: string; webhook: { id: string } } }> } } };
}

async function createWebhook(tenant: string, input: Json) {
  return (await call<Created>(CREATE, { input: { events: ['cashback.created'], url: rx.url(`/${tenant}`), ...input } }, tenant)).createWebhook;
}

async function publish(tenant: string, data: Json, type = 'cashback.created') {
  return (await call<PublishedData>(PUBLISH, { input: { type, data } }, tenant)).publishEvent;
}

// Each case: a filter, payloads it must match and payloads it must not.
const CASES: Array<{ name: string; filter: Json; match: Json[]; miss: Json[] }> = [
  { name: 'equality', filter: { 'data.currency': 'EUR' }, match: [{ currency: 'EUR' }], miss: [{ currency: 'USD' }, {}] },
  { name: 'nested path', filter: { 'data.user.tier': 'gold' }, match: [{ user: { tier: 'gold' } }], miss: [{ user: { tier: 'silver' } }, { tier: 'gold' }] },
  { name: 'array index', filter: { 'data.items.0.sku': 'A1' }, match: [{ items: [{ sku: 'A1' }, { sku: 'B2' }] }], miss: [{ items: [{ sku: 'B2' }, { sku: 'A1' }] }] },
  { name: '$ne (missing counts as not equal)', filter: { 'data.currency': { $ne: 'EUR' } }, match: [{ currency: 'USD' }, {}, { currency: 5 }], miss: [{ currency: 'EUR' }] },
  { name: 'range', filter: { 'data.amount': { $gte: 10, $lt: 100 } }, match: [{ amount: 10 }, { amount: 99.5 }], miss: [{ amount: 9.99 }, { amount: 100 }, { amount: '50' }] },
  { name: '$gt on strings', filter: { 'data.at': { $gt: '2026-01-01' } }, match: [{ at: '2026-06-01T00:00:00Z' }], miss: [{ at: '2025-12-31' }] },
  { name: '$in', filter: { 'data.country': { $in: ['DE', 'AT', 1] } }, match: [{ country: 'AT' }, { country: 1 }], miss: [{ country: 'FR' }, {}] },
  { name: '$nin', filter: { 'data.country': { $nin: ['DE', 'AT'] } }, match: [{ country: 'FR' }, {}], miss: [{ country: 'DE' }] },
  { name: '$exists', filter: { 'data.coupon': { $exists: true }, 'data.refund': { $exists: false } }, match: [{ coupon: null }], miss: [{}, { coupon: 'X', refund: 1 }] },
  { name: 'equality on an array = contains', filter: { 'data.tags': 'vip' }, match: [{ tags: ['new', 'vip'] }, { tags: 'vip' }], miss: [{ tags: ['new'] }] },
  { name: '$contains (arrays only)', filter: { 'data.tags': { $contains: 'vip' } }, match: [{ tags: ['vip'] }], miss: [{ tags: 'vip' }, { tags: [] }] },
  { name: 'null and booleans', filter: { 'data.test': false, 'data.note': null }, match: [{ test: false, note: null }], miss: [{ test: false }, { test: 'false', note: null }] },
  {
    name: '$or / $and / $not',
    filter: { $or: [{ 'data.amount': { $gt: 1000 } }, { $and: [{ 'data.currency': 'EUR' }, { $not: { 'data.user.tier': 'basic' } }] }] },
    match: [{ amount: 5000 }, { currency: 'EUR', user: { tier: 'gold' } }, { currency: 'EUR' }],
    miss: [{ currency: 'EUR', user: { tier: 'basic' } }, { amount: 10, currency: 'USD' }],
  },
  { name: 'quotes and unicode in keys and values', filter: { 'data.na"me': 'Zoë "Z" \\ 🚀' }, match: [{ 'na"me': 'Zoë "Z" \\ 🚀' }], miss: [{ 'na"me': 'Zoe' }] },
];

describe('payload filters', () => {
  it('decides at fan-out which webhooks get a delivery row, for every operator', async () => {
    const tenant = 'filters-ops';
    const ids = new Map<string, string>();
    for (const c of CASES) {
      const r = await createWebhook(tenant, { name: c.name, filter: c.filter });
      expect(r.__typename, JSON.stringify(r)).toBe('CreateWebhookPayload');
      expect(r.webhook!.filter).toEqual(c.filter);
      ids.set(c.name, r.webhook!.id);
    }
    const unfiltered = (await createWebhook(tenant, { name: 'everything' })).webhook!.id;
    for (const c of CASES) {
      for (const [kind, list] of [['match', c.match], ['miss', c.miss]] as const) {
        for (const data of list) {
          const p = await publish(tenant, data);
          const got = new Set(p.event.deliveries.edges.map((e) => e.node.webhook.id));
          expect(got.has(unfiltered)).toBe(true);
          expect(got.has(ids.get(c.name)!), `${c.name}: ${kind} ${JSON.stringify(data)}`).toBe(kind === 'match');
          expect(p.deliveryCount).toBe(got.size);
        }
      }
    }
  });

  it('filters on the event type', async () => {
    const tenant = 'filters-type';
    const r = await createWebhook(tenant, { events: ['cashback.created', 'cashback.cleared'], filter: { type: { $ne: 'cashback.cleared' } } });
    expect((await publish(tenant, {}, 'cashback.created')).deliveryCount).toBe(1);
    expect((await publish(tenant, {}, 'cashback.cleared')).deliveryCount).toBe(0);
    expect(r.__typename).toBe('CreateWebhookPayload');
  });

  it('refuses bad filters with the path inside the filter, and saves nothing', async () => {
    const tenant = 'filters-bad';
    const r = await createWebhook(tenant, {
      name: 'bad',
      filter: {
        amount: 5,
        'data.a': { $gt: true, $regex: 'x' },
        'data.b': { nested: 1 },
        'data..c': 1,
        'data.d': [1, 2],
        $or: [{ 'data.e': { $in: [] } }, 'nope'],
        $where: 'x',
        'data.f': { $exists: 'yes' },
      },
    });
    expect(r.__typename).toBe('ValidationError');
    expect(r.fieldErrors!.map((e) => e.path)).toEqual([
      ['input', 'filter', 'amount'],
      ['input', 'filter', 'data.a', '$gt'],
      ['input', 'filter', 'data.a', '$regex'],
      ['input', 'filter', 'data.b'],
      ['input', 'filter', 'data..c'],
      ['input', 'filter', 'data.d'],
      ['input', 'filter', '$or', '0', 'data.e', '$in'],
      ['input', 'filter', '$or', '1'],
      ['input', 'filter', '$where'],
      ['input', 'filter', 'data.f', '$exists'],
    ]);
    const deep = { $not: { $not: { $not: { $not: { $not: { $not: { 'data.x': 1 } } } } } } };
    const tooDeep = await createWebhook(tenant, { filter: deep });
    expect(tooDeep.fieldErrors?.[0]?.message).toMatch(/nest/);
    const list = await t.gql(`{ webhooks(first: 10) { totalCount } }`, {}, { tenant });
    expect((list.data as { webhooks: { totalCount: number } }).webhooks.totalCount).toBe(0);
  });

  it('changes and clears with updateWebhook; a filtered-out event reaches no receiver', async () => {
    const tenant = 'filters-update';
    const id = (await createWebhook(tenant, { filter: { 'data.amount': { $gt: 10 } } })).webhook!.id;
    const small = await publish(tenant, { amount: 5 });
    const big = await publish(tenant, { amount: 50 });
    expect([small.deliveryCount, big.deliveryCount]).toEqual([0, 1]);
    await eventually(() => rx.byId(big.event.id).length === 1, { what: 'the matching event at the receiver' });

    const bad = (await call<{ updateWebhook: { __typename: string; fieldErrors?: Array<{ path: string[] }> } }>(UPDATE, { input: { id, filter: { 'data.amount': { $between: [1, 2] } } } }, tenant)).updateWebhook;
    expect(bad.fieldErrors?.map((e) => e.path)).toEqual([['input', 'filter', 'data.amount', '$between']]);

    const changed = (await call<{ updateWebhook: { webhook: { filter: Json } } }>(UPDATE, { input: { id, filter: { 'data.amount': { $lt: 10 } } } }, tenant)).updateWebhook;
    expect(changed.webhook.filter).toEqual({ 'data.amount': { $lt: 10 } });
    expect((await publish(tenant, { amount: 5 })).deliveryCount).toBe(1);
    expect((await publish(tenant, { amount: 50 })).deliveryCount).toBe(0);

    // A later update of another field keeps the filter; null removes it.
    await call(UPDATE, { input: { id, description: 'still filtered' } }, tenant);
    expect((await publish(tenant, { amount: 50 })).deliveryCount).toBe(0);
    const cleared = (await call<{ updateWebhook: { webhook: { filter: Json | null } } }>(UPDATE, { input: { id, filter: null } }, tenant)).updateWebhook;
    expect(cleared.webhook.filter).toBeNull();
    expect((await publish(tenant, { amount: 50 })).deliveryCount).toBe(1);
    // The event filtered out at the start never reached the receiver.
    await sleep(200);
    expect(rx.byId(small.event.id)).toHaveLength(0);
  });

  it('replayEvents applies the filter too', async () => {
    const tenant = 'filters-replay';
    const since = new Date(Date.now() - 1000).toISOString();
    // Events published before the webhook existed: replay decides which it gets.
    await publish(tenant, { amount: 5 });
    const big = await publish(tenant, { amount: 50 });
    const id = (await createWebhook(tenant, { filter: { 'data.amount': { $gt: 10 } } })).webhook!.id;
    const r = (await call<{ replayEvents: Json }>(REPLAY, { input: { webhookId: id, since } }, tenant)).replayEvents;
    expect(r).toMatchObject({ __typename: 'ReplayEventsPayload', eventCount: 1, deliveryCount: 1 });
    await eventually(() => rx.byId(big.event.id).length === 1, { what: 'the replayed event' });
  });
});
