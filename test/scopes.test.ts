// Read-only tokens: a `scope` claim without hookgate:write may query and subscribe, and every
// mutation answers ForbiddenError (code FORBIDDEN) as data, writing nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateWebhookDoc, ListWebhooksDoc } from './documents.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
});
afterAll(() => t.stop());

const input = { url: 'https://example.com/hook', events: ['cashback.created'] };

describe('token scopes', () => {
  it('refuses mutations with ForbiddenError for a read-only token and writes nothing', async () => {
    const readOnly = await t.app.authenticator.issueToken!('scoped-tenant', '1h', 'hookgate:read');
    const res = await t.gql(CreateWebhookDoc, { input }, { token: readOnly });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data.createWebhook).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect((res.data.createWebhook as { message: string }).message).toContain('hookgate:write');

    const list = await t.gql(ListWebhooksDoc, { filter: {} }, { token: readOnly });
    expect(list.errors).toBeUndefined();
    expect(list.data.webhooks.totalCount).toBe(0);
  });

  it('allows mutations with hookgate:write in the scope, and with no scope claim at all', async () => {
    const writer = await t.app.authenticator.issueToken!('scoped-writer', '1h', 'hookgate:read hookgate:write');
    const res = await t.gql(CreateWebhookDoc, { input }, { token: writer });
    expect(res.data.createWebhook.__typename).toBe('CreateWebhookPayload');
    const unscoped = await t.gql(CreateWebhookDoc, { input }, { tenant: 'scoped-unscoped' });
    expect(unscoped.data.createWebhook.__typename).toBe('CreateWebhookPayload');
  });
});
