// publishEvents through the real GraphQL endpoint: one result per item in input order (payload or
// error), invalid items refused on their own while the rest commit together, idempotency keys per
// item (also twice in one batch), the HOOKGATE_PUBLISH_BATCH_MAX limit, and delivery to a real
// receiver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { eventually, startReceiver, type Receiver } from './helpers/receiver.ts';

let t: TestApp;
let rx: Receiver;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_PUBLISH_BATCH_MAX: '5' });
  rx = await startReceiver();
});

afterAll(async () => {
  await t?.stop();
  await rx?.close();
});

type Json = Record<string, unknown>;
const tenant = 'batch';

async function call<T = Json>(query: string, variables: Json): Promise<T> {
  const res = await t.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const PUBLISH_MANY = `mutation ($input: PublishEventsInput!) { publishEvents(input: $input) { __typename
  ... on PublishEventsPayload { publishedCount results { __typename
    ... on PublishEventPayload { deliveryCount duplicate event { id type data idempotencyKey } }
    ... on ValidationError { fieldErrors { path message } }
    ... on NotFoundError { resource } } }
  ... on ValidationError { fieldErrors { path message } } } }`;

interface Item {
  __typename: string;
  deliveryCount?: number;
  duplicate?: boolean;
  event?: { id: string; type: string; data: Json; idempotencyKey: string | null };
  fieldErrors?: Array<{ path: string[] }>;
  resource?: string;
}
interface Batch {
  publishEvents: { __typename: string; publishedCount?: number; results?: Item[]; fieldErrors?: Array<{ path: string[]; message: string }> };
}

describe('publishEvents', () => {
  it('answers every item in input order, commits the valid ones and honours idempotency keys per item', async () => {
    await call(`mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename } }`, {
      input: { url: rx.url('/batch'), events: ['cashback.created', 'cashback.cleared'] },
    });
    const r = await call<Batch>(PUBLISH_MANY, {
      input: {
        events: [
          { type: 'cashback.created', data: { n: 0 }, idempotencyKey: 'k-1' },
          { type: 'no.such.type', data: { n: 1 } },
          { type: 'cashback.cleared', data: { n: 2 } },
          { type: 'cashback.created', data: { n: 3 }, idempotencyKey: 'k-1' },
          { type: 'cashback.created', data: { n: 4 }, applicationId: 'app_00000000000000000000000000000001' },
        ],
      },
    });
    const { results, publishedCount } = r.publishEvents;
    expect(results!.map((x) => x.__typename)).toEqual(['PublishEventPayload', 'ValidationError', 'PublishEventPayload', 'PublishEventPayload', 'NotFoundError']);
    expect(publishedCount).toBe(3);
    expect(results![0]).toMatchObject({ deliveryCount: 1, duplicate: false, event: { data: { n: 0 }, idempotencyKey: 'k-1' } });
    expect(results![1]!.fieldErrors!.map((e) => e.path)).toEqual([['input', 'events', '1', 'type']]);
    expect(results![2]).toMatchObject({ deliveryCount: 1, duplicate: false, event: { type: 'cashback.cleared', data: { n: 2 } } });
    // The same key twice in one batch: the second item is the first item's event.
    expect(results![3]).toMatchObject({ duplicate: true, event: { id: results![0]!.event!.id, data: { n: 0 } } });
    expect(results![4]!.resource).toBe('Application');

    await eventually(() => rx.requests.length === 2, { what: 'the two new events at the receiver' });
    expect(rx.requests.map((q) => q.webhookId).sort()).toEqual([results![0]!.event!.id, results![2]!.event!.id].sort());

    // A later batch with the key again: a duplicate, nothing new.
    const again = await call<Batch>(PUBLISH_MANY, { input: { events: [{ type: 'cashback.created', data: { n: 9 }, idempotencyKey: 'k-1' }] } });
    expect(again.publishEvents.results![0]).toMatchObject({ duplicate: true, event: { id: results![0]!.event!.id } });
    const count = await call<{ events: { totalCount: number } }>(`{ events(first: 10) { totalCount } }`, {});
    expect(count.events.totalCount).toBe(2);
  });

  it('refuses an empty batch and one over HOOKGATE_PUBLISH_BATCH_MAX, writing nothing', async () => {
    const empty = await call<Batch>(PUBLISH_MANY, { input: { events: [] } });
    expect(empty.publishEvents.fieldErrors!.map((e) => e.path)).toEqual([['input', 'events']]);
    const events = Array.from({ length: 6 }, (_, n) => ({ type: 'cashback.created', data: { n, big: true } }));
    const big = await call<Batch>(PUBLISH_MANY, { input: { events } });
    expect(big.publishEvents.__typename).toBe('ValidationError');
    expect(big.publishEvents.fieldErrors![0]!.message).toMatch(/At most 5/);
    const list = await call<{ events: { edges: Array<{ node: { data: Json } }> } }>(`{ events(first: 50) { edges { node { data } } } }`, {});
    expect(list.events.edges.some((e) => e.node.data.big)).toBe(false);
  });
});
