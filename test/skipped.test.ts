// Nothing lost while disabled: an event matching a disabled webhook creates a SKIPPED delivery
// (never sent, no attempts); replayEvents after the webhook is enabled again re-queues exactly
// those rows (onlyFailed covers them, so no second delivery is made), and refuses while the
// webhook is still disabled.
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
const tenant = 'skipped';

async function call<T = Json>(query: string, variables: Json): Promise<T> {
  const res = await t.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const CREATE = `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { ... on CreateWebhookPayload { webhook { id } } } }`;
const UPDATE = `mutation ($input: UpdateWebhookInput!) { updateWebhook(input: $input) { __typename } }`;
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { ... on PublishEventPayload { deliveryCount skippedCount event { id } } } }`;
const REPLAY = `mutation ($input: ReplayEventsInput!) { replayEvents(input: $input) { __typename
  ... on ReplayEventsPayload { eventCount deliveryCount } ... on Error { code message } } }`;
const DELIVERIES = `query ($id: ID!) { webhook(id: $id) { deliveries(first: 50) { totalCount edges { node { status attemptCount completedAt event { id } } } } } }`;

interface Deliveries {
  webhook: { deliveries: { totalCount: number; edges: Array<{ node: { status: string; attemptCount: number; completedAt: string | null; event: { id: string } } }> } };
}

describe('SKIPPED deliveries', () => {
  it('records events for a disabled webhook as SKIPPED and replays them once it is enabled', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const created = await call<{ createWebhook: { webhook: { id: string } } }>(CREATE, {
      input: { url: rx.url('/skipped'), events: ['cashback.created'], isActive: false, filter: { 'data.n': { $lt: 100 } } },
    });
    const id = created.createWebhook.webhook.id;
    const published: string[] = [];
    for (let n = 0; n < 4; n++) {
      const p = await call<{ publishEvent: { deliveryCount: number; skippedCount: number; event: { id: string } } }>(PUBLISH, { input: { type: 'cashback.created', data: { n } } });
      expect(p.publishEvent).toMatchObject({ deliveryCount: 0, skippedCount: 1 });
      published.push(p.publishEvent.event.id);
    }
    // Filtered out: not even a SKIPPED row.
    const filteredOut = await call<{ publishEvent: { skippedCount: number } }>(PUBLISH, { input: { type: 'cashback.created', data: { n: 500 } } });
    expect(filteredOut.publishEvent.skippedCount).toBe(0);

    const before = (await call<Deliveries>(DELIVERIES, { id })).webhook.deliveries;
    expect(before.totalCount).toBe(4);
    for (const { node } of before.edges) expect(node).toMatchObject({ status: 'SKIPPED', attemptCount: 0 });
    expect(before.edges.every((e) => e.node.completedAt !== null)).toBe(true);

    // Still disabled: replay refuses and changes nothing.
    const refused = await call<{ replayEvents: Json }>(REPLAY, { input: { webhookId: id, since } });
    expect(refused.replayEvents).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    await sleep(300);
    expect(rx.requests).toHaveLength(0);

    await call(UPDATE, { input: { id, isActive: true } });
    const replay = await call<{ replayEvents: Json }>(REPLAY, { input: { webhookId: id, since } });
    expect(replay.replayEvents).toMatchObject({ __typename: 'ReplayEventsPayload', eventCount: 4, deliveryCount: 4 });
    await eventually(() => rx.requests.length >= 4, { what: 'the four replayed events' });
    // The same rows were re-queued (no second delivery per event), and all of them succeeded.
    await eventually(async () => {
      const after = (await call<Deliveries>(DELIVERIES, { id })).webhook.deliveries;
      return after.totalCount === 4 && after.edges.every((e) => e.node.status === 'SUCCEEDED' && e.node.attemptCount === 1);
    }, { what: 'the replayed deliveries to succeed' });
    expect(rx.requests.map((r) => r.webhookId).sort()).toEqual([...published].sort());

    // Nothing left to replay; the webhook now receives new events directly.
    const again = await call<{ replayEvents: Json }>(REPLAY, { input: { webhookId: id, since } });
    expect(again.replayEvents).toMatchObject({ eventCount: 0, deliveryCount: 0 });
    const live = await call<{ publishEvent: { deliveryCount: number; skippedCount: number } }>(PUBLISH, { input: { type: 'cashback.created', data: { n: 1 } } });
    expect(live.publishEvent).toMatchObject({ deliveryCount: 1, skippedCount: 0 });
  });
});
