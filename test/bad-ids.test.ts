// Malformed ids behave like unknown ids everywhere: null from queries (node included), a typed
// NotFoundError from mutations, and NOT_FOUND (never "Unexpected error.") from the subscription.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, createWebhook, ok } from './helpers/api.ts';
import { DispatchRetryDeliveryDoc, SubDeliveryAttemptsDoc } from './helpers/dispatch.ts';
import { DeleteWebhookDoc, GetNodeDoc, GetWebhookDoc } from './documents.ts';
import { eventually } from './helpers/receiver.ts';
import { subscribe } from './helpers/ws.ts';

const TENANT = 'bad-ids';
let t: TestApp;
let own: string;

beforeAll(async () => {
  t = await startTestApp();
  own = (await createWebhook(t, TENANT, { url: 'https://example.com/hooks', events: ['cashback.created'] })).webhook.id;
});
afterAll(async () => t?.stop());

const MALFORMED = ['wh_nope', 'garbage', '', 'zz_0123456789abcdef0123456789abcdef', 'wh_0123456789abcdef0123456789abcdef'];

describe('malformed and unknown ids', () => {
  it('are null from node() and webhook(), with no error', async () => {
    for (const id of MALFORMED) {
      const node = await t.gql(GetNodeDoc, { id }, { tenant: TENANT });
      expect(node.errors, id).toBeUndefined();
      expect(node.data.node, id).toBeNull();
      expect(ok(await t.gql(GetWebhookDoc, { id }, { tenant: TENANT })).webhook, id).toBeNull();
    }
    expect(ok(await t.gql(GetNodeDoc, { id: own }, { tenant: TENANT })).node).toEqual({ __typename: 'Webhook', id: own });
  });

  it('are a NotFoundError from mutations', async () => {
    for (const id of MALFORMED) {
      expect(as(ok(await t.gql(DeleteWebhookDoc, { input: { id } }, { tenant: TENANT })).deleteWebhook, 'NotFoundError').code, id).toBe('NOT_FOUND');
      expect(as(ok(await t.gql(DispatchRetryDeliveryDoc, { input: { id } }, { tenant: TENANT })).retryDelivery, 'NotFoundError').code, id).toBe('NOT_FOUND');
    }
  });

  it('end the subscription with NOT_FOUND, for a webhook or an event, malformed or unknown', async () => {
    const auth = `Bearer ${await t.token(TENANT)}`;
    const other = await createWebhook(t, 'bad-ids-other', { url: 'https://example.com/other', events: ['cashback.created'] });
    const cases: Array<{ webhookId?: string; eventId?: string }> = [
      { webhookId: 'garbage' },
      { webhookId: 'wh_0123456789abcdef0123456789abcdef' },
      { webhookId: other.webhook.id }, // another tenant's: unknown here
      { eventId: 'evt_nope' },
    ];
    for (const variables of cases) {
      const sub = subscribe(t.url, auth, SubDeliveryAttemptsDoc, variables);
      try {
        await eventually(() => sub.errors.length > 0 || sub.completed, { what: `the refusal of ${JSON.stringify(variables)}` });
        const [error] = sub.errors as Array<{ message: string; extensions?: { code?: string } }>;
        expect(error?.extensions?.code, JSON.stringify(sub.errors)).toBe('NOT_FOUND');
        expect(error?.message).not.toMatch(/Unexpected error/);
      } finally {
        await sub.stop();
      }
    }
  });
});
