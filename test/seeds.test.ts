// Each seed platform's scenario (see /work/shared/seeds/README.md), run the way its users would:
// through the real HTTP endpoint, on the real database, one tenant per scenario.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, createApplication, createOAuthCredential, createWebhook, createWebhookResult, errorPaths, ok } from './helpers/api.ts';
import {
  CreateApplicationDoc,
  CreateOAuthCredentialDoc,
  CreateWebhookDoc,
  DeleteWebhookDoc,
  GetNodeDoc,
  GetWebhookDoc,
  ListApplicationsDoc,
  ListOAuthCredentialsDoc,
  ListWebhooksDoc,
  RotateWebhookSecretDoc,
  TypeFieldsDoc,
  UpdateWebhookDoc,
} from './documents.ts';
import type { ListWebhooksQuery } from './gql/graphql.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});

afterAll(async () => {
  await t?.stop();
});

const K42_EVENTS = ['cashback.created', 'cashback.cleared', 'cashback.reverted', 'qualifying_purchase.created', 'qualifying_purchase.voided'];

describe('K42: publisher webhooks', () => {
  const tenant = 'seed-k42';

  it('generates a Standard Webhooks secret when none is given and returns it only from createWebhook', async () => {
    const publisher = await createApplication(t, tenant, { name: 'Publisher ABC', externalId: 'pub_abc123' });
    expect(publisher.externalId).toBe('pub_abc123');

    const created = await createWebhook(t, tenant, {
      applicationId: publisher.id,
      url: 'https://your-service.com/webhooks/k42',
      events: K42_EVENTS,
    });
    const secret = created.signingSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(created.webhook.secretFingerprint).toBe(`whsec_****${secret.slice(-4)}`);
    expect(created.webhook.events).toEqual(K42_EVENTS);
    expect(created.webhook.url).toBe('https://your-service.com/webhooks/k42');
    expect(created.webhook.urls).toEqual(['https://your-service.com/webhooks/k42']);
    expect(created.webhook.application).toEqual({ id: publisher.id, name: 'Publisher ABC', externalId: 'pub_abc123' });

    // "Getting Webhook Details": the secret is not returned.
    const get = await t.gql(GetWebhookDoc, { id: created.webhook.id }, { tenant });
    expect(ok(get).webhook?.id).toBe(created.webhook.id);
    expect(get.data.webhook?.secretFingerprint).toBe(created.webhook.secretFingerprint);
    expect(get.text).not.toContain(secret);
    expect(get.text).not.toContain(secret.slice('whsec_'.length));

    // "Listing Webhooks" by publisher: neither.
    const list = await t.gql(ListWebhooksDoc, { filter: { applicationId: publisher.id } }, { tenant });
    expect(ok(list).webhooks.edges.map((e) => e.node.id)).toEqual([created.webhook.id]);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(secret.slice('whsec_'.length));
  });

  it('has no field on Webhook that could return the secret, only secretFingerprint', async () => {
    const res = ok(await t.gql(TypeFieldsDoc, { name: 'Webhook' }, { tenant }));
    const names = res.__type?.fields?.map((f) => f.name) ?? [];
    expect(names).toContain('secretFingerprint');
    expect(names.filter((n) => /secret|signing|key/i.test(n))).toEqual(['secretFingerprint']);
  });

  it('returns a caller-supplied secret exactly, fingerprinted by its last four characters', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const created = await createWebhook(t, tenant, { url: 'https://your-service.com/webhooks/k42-own', events: ['cashback.created'], secret });
    expect(created.signingSecret).toBe(secret);
    expect(created.webhook.secretFingerprint).toBe(`whsec_****${secret.slice(-4)}`);
    const get = await t.gql(GetWebhookDoc, { id: created.webhook.id }, { tenant });
    expect(get.text).not.toContain(secret);
  });

  it('requires at least one event type', async () => {
    const res = await createWebhookResult(t, tenant, { url: 'https://your-service.com/webhooks/k42', events: [] });
    expect(errorPaths(res)).toEqual([['input', 'events']]);
  });
});

describe('Partner API: several URLs, pagination, filters, soft delete', () => {
  const tenant = 'seed-partner';
  const EVENTS = ['NEW_CONSUMER_ORDER', 'UPDATE_PRODUCT', 'CANCEL_TRANSACTION'] as const;
  let shopA: string;
  let shopB: string;
  const created: Array<{ id: string; name: string; shop: string; event: string }> = [];

  beforeAll(async () => {
    shopA = (await createApplication(t, tenant, { name: 'Shop A', externalId: 'shop_1' })).id;
    shopB = (await createApplication(t, tenant, { name: 'Shop B', externalId: 'shop_2' })).id;
    for (let i = 0; i < 25; i++) {
      const shop = i % 2 === 0 ? shopA : shopB;
      const event = EVENTS[i % 3]!;
      const name = `partner hook ${i}`;
      const { webhook } = await createWebhook(t, tenant, {
        name,
        applicationId: shop,
        urls: [`https://partner.example.com/${i}/a`, `https://partner.example.com/${i}/b`],
        events: [event],
      });
      created.push({ id: webhook.id, name, shop, event });
    }
  });

  it('delivers to several URLs; url is the first of urls', async () => {
    const urls = ['https://a.example.com/hook', 'https://b.example.com/hook', 'https://c.example.com/hook'];
    const { webhook } = await createWebhook(t, 'seed-partner-urls', {
      urls,
      events: ['NEW_CONSUMER_ORDER', 'NEW_CONSUMER_SIGNUP', 'UPDATE_CONSUMER_ORDER', 'COMPLETE_TRANSACTION'],
    });
    expect(webhook.urls).toEqual(urls);
    expect(webhook.url).toBe(urls[0]);
    expect(webhook.events).toEqual(['NEW_CONSUMER_ORDER', 'NEW_CONSUMER_SIGNUP', 'UPDATE_CONSUMER_ORDER', 'COMPLETE_TRANSACTION']);

    // Full-replace update of the URL list.
    const updated = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, urls: [urls[2]!, urls[1]!] } }, { tenant: 'seed-partner-urls' }));
    const w = as(updated.updateWebhook, 'UpdateWebhookPayload').webhook;
    expect(w.urls).toEqual([urls[2], urls[1]]);
    expect(w.url).toBe(urls[2]);
  });

  it('pages through 25 webhooks 10 at a time: none missing, none twice', async () => {
    const seen: string[] = [];
    const pages: Array<{ size: number; hasNextPage: boolean; totalCount: number }> = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const res: ListWebhooksQuery = ok(await t.gql(ListWebhooksDoc, { first: 10, after }, { tenant }));
      const conn = res.webhooks;
      seen.push(...conn.edges.map((e) => e.node.id));
      pages.push({ size: conn.edges.length, hasNextPage: conn.pageInfo.hasNextPage, totalCount: conn.totalCount });
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor ?? null;
      expect(after).toBeTruthy();
    }
    expect(pages).toEqual([
      { size: 10, hasNextPage: true, totalCount: 25 },
      { size: 10, hasNextPage: true, totalCount: 25 },
      { size: 5, hasNextPage: false, totalCount: 25 },
    ]);
    expect(new Set(seen).size).toBe(25);
    expect([...seen].sort()).toEqual(created.map((c) => c.id).sort());
  });

  it('filters by shop (applicationId)', async () => {
    const res = ok(await t.gql(ListWebhooksDoc, { first: 100, filter: { applicationId: shopA } }, { tenant }));
    const expected = created.filter((c) => c.shop === shopA).map((c) => c.id);
    expect(res.webhooks.totalCount).toBe(expected.length);
    expect(res.webhooks.edges.map((e) => e.node.id).sort()).toEqual(expected.sort());
    expect(res.webhooks.edges.every((e) => e.node.application?.id === shopA)).toBe(true);
  });

  it('filters by event type (webHookType)', async () => {
    const res = ok(await t.gql(ListWebhooksDoc, { first: 100, filter: { event: 'UPDATE_PRODUCT' } }, { tenant }));
    const expected = created.filter((c) => c.event === 'UPDATE_PRODUCT').map((c) => c.id);
    expect(expected.length).toBe(8);
    expect(res.webhooks.totalCount).toBe(expected.length);
    expect(res.webhooks.edges.map((e) => e.node.id).sort()).toEqual(expected.sort());

    const both = ok(await t.gql(ListWebhooksDoc, { first: 100, filter: { event: 'UPDATE_PRODUCT', applicationId: shopB } }, { tenant }));
    const expectedBoth = created.filter((c) => c.event === 'UPDATE_PRODUCT' && c.shop === shopB).map((c) => c.id);
    expect(both.webhooks.edges.map((e) => e.node.id).sort()).toEqual(expectedBoth.sort());
  });

  it('soft-deletes: hidden by default, listed with includeDeleted, still readable by id, then immutable', async () => {
    const victim = created[0]!;
    const del = ok(await t.gql(DeleteWebhookDoc, { input: { id: victim.id } }, { tenant }));
    const deleted = as(del.deleteWebhook, 'DeleteWebhookPayload').webhook;
    expect(deleted.id).toBe(victim.id);
    expect(deleted.deletedAt).not.toBeNull();

    const live = ok(await t.gql(ListWebhooksDoc, { first: 100 }, { tenant }));
    expect(live.webhooks.totalCount).toBe(24);
    expect(live.webhooks.edges.map((e) => e.node.id)).not.toContain(victim.id);

    const all = ok(await t.gql(ListWebhooksDoc, { first: 100, filter: { includeDeleted: true } }, { tenant }));
    expect(all.webhooks.totalCount).toBe(25);
    const listedDeleted = all.webhooks.edges.find((e) => e.node.id === victim.id)?.node;
    expect(listedDeleted?.deletedAt).toBe(deleted.deletedAt);

    const byId = ok(await t.gql(GetWebhookDoc, { id: victim.id }, { tenant }));
    expect(byId.webhook?.id).toBe(victim.id);
    expect(byId.webhook?.deletedAt).toBe(deleted.deletedAt);

    const update = ok(await t.gql(UpdateWebhookDoc, { input: { id: victim.id, description: 'too late' } }, { tenant }));
    expect(as(update.updateWebhook, 'NotFoundError').code).toBe('NOT_FOUND');
    const again = ok(await t.gql(DeleteWebhookDoc, { input: { id: victim.id } }, { tenant }));
    expect(as(again.deleteWebhook, 'NotFoundError').code).toBe('NOT_FOUND');
    const rotate = ok(await t.gql(RotateWebhookSecretDoc, { input: { id: victim.id } }, { tenant }));
    expect(as(rotate.rotateWebhookSecret, 'NotFoundError').code).toBe('NOT_FOUND');

    // The deleted webhook's name is free again.
    const reused = await createWebhook(t, tenant, { name: victim.name, url: 'https://partner.example.com/reused', events: ['NEW_MEMBER'] });
    expect(reused.webhook.name).toBe(victim.name);
    expect(reused.webhook.id).not.toBe(victim.id);
  });
});

describe('Kadosei: application webhooks, tenant isolation', () => {
  const A = 'seed-kadosei-a';
  const B = 'seed-kadosei-b';
  let appA: string;
  let hookA: string;
  let fingerprintA: string;

  beforeAll(async () => {
    appA = (await createApplication(t, A, { name: 'Kadosei App', externalId: 'example_string' })).id;
    const created = await createWebhook(t, A, {
      applicationId: appA,
      url: 'https://merchant.example.com/hooks/kadosei',
      events: ['session.completed', 'session.expired'],
    });
    hookA = created.webhook.id;
    fingerprintA = created.webhook.secretFingerprint;
    await createWebhook(t, B, { url: 'https://merchant-b.example.com/hooks', events: ['session.completed'] });
  });

  it('returns the Kadosei fields: isActive, keyFingerprint, lastTestAt/lastTestStatus', async () => {
    const w = ok(await t.gql(GetWebhookDoc, { id: hookA }, { tenant: A })).webhook;
    expect(w).not.toBeNull();
    expect(w?.isActive).toBe(true);
    expect(w?.disabledReason).toBeNull();
    expect(w?.secretFingerprint).toMatch(/^whsec_\*{4}.{4}$/);
    expect(w?.lastTestAt).toBeNull();
    expect(w?.lastTestStatus).toBeNull();
    expect(w?.events).toEqual(['session.completed', 'session.expired']);
    expect(w?.application?.id).toBe(appA);
    expect(Date.parse(w?.createdAt ?? '')).not.toBeNaN();
    expect(Date.parse(w?.updatedAt ?? '')).not.toBeNaN();
  });

  it("treats another tenant's webhook id exactly like an unknown id", async () => {
    expect(ok(await t.gql(GetWebhookDoc, { id: hookA }, { tenant: B })).webhook).toBeNull();
    expect(ok(await t.gql(GetNodeDoc, { id: hookA }, { tenant: B })).node).toBeNull();
    expect(ok(await t.gql(GetNodeDoc, { id: hookA }, { tenant: A })).node).toEqual({ __typename: 'Webhook', id: hookA });

    const upd = ok(await t.gql(UpdateWebhookDoc, { input: { id: hookA, isActive: false } }, { tenant: B })).updateWebhook;
    expect(as(upd, 'NotFoundError').resource).toBe('Webhook');
    const del = ok(await t.gql(DeleteWebhookDoc, { input: { id: hookA } }, { tenant: B })).deleteWebhook;
    expect(as(del, 'NotFoundError').resource).toBe('Webhook');
    const rot = ok(await t.gql(RotateWebhookSecretDoc, { input: { id: hookA } }, { tenant: B })).rotateWebhookSecret;
    expect(as(rot, 'NotFoundError').resource).toBe('Webhook');

    // Nothing B tried changed A's webhook.
    const still = ok(await t.gql(GetWebhookDoc, { id: hookA }, { tenant: A })).webhook;
    expect(still?.isActive).toBe(true);
    expect(still?.deletedAt).toBeNull();
    expect(still?.secretFingerprint).toBe(fingerprintA);
  });

  it("treats another tenant's application id exactly like an unknown id", async () => {
    expect(ok(await t.gql(GetNodeDoc, { id: appA }, { tenant: B })).node).toBeNull();
    expect(ok(await t.gql(GetNodeDoc, { id: appA }, { tenant: A })).node).toEqual({ __typename: 'Application', id: appA });
    const res = await createWebhookResult(t, B, { applicationId: appA, url: 'https://merchant-b.example.com/steal', events: ['session.completed'] });
    expect(as(res, 'NotFoundError').resource).toBe('Application');
    const list = ok(await t.gql(ListWebhooksDoc, { first: 100, filter: { applicationId: appA } }, { tenant: B }));
    expect(list.webhooks.totalCount).toBe(0);
    expect(list.webhooks.edges).toEqual([]);
  });

  it('lists only the caller’s own webhooks and applications', async () => {
    const listA = ok(await t.gql(ListWebhooksDoc, { first: 100 }, { tenant: A })).webhooks;
    const listB = ok(await t.gql(ListWebhooksDoc, { first: 100 }, { tenant: B })).webhooks;
    expect(listA.edges.map((e) => e.node.id)).toEqual([hookA]);
    expect(listB.totalCount).toBe(1);
    expect(listB.edges.map((e) => e.node.id)).not.toContain(hookA);
    expect(listB.edges[0]?.node.urls).toEqual(['https://merchant-b.example.com/hooks']);

    const appsA = ok(await t.gql(ListApplicationsDoc, undefined, { tenant: A })).applications;
    const appsB = ok(await t.gql(ListApplicationsDoc, undefined, { tenant: B })).applications;
    expect(appsA.edges.map((e) => e.node.id)).toEqual([appA]);
    expect(appsB.totalCount).toBe(0);
  });

  it('rotates the signing secret for its owner: new secret shown once, fingerprint follows', async () => {
    const rot = ok(await t.gql(RotateWebhookSecretDoc, { input: { id: hookA } }, { tenant: A })).rotateWebhookSecret;
    const payload = as(rot, 'RotateWebhookSecretPayload');
    expect(payload.signingSecret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(payload.webhook.secretFingerprint).toBe(`whsec_****${payload.signingSecret.slice(-4)}`);
    const get = await t.gql(GetWebhookDoc, { id: hookA }, { tenant: A });
    expect(get.data.webhook?.secretFingerprint).toBe(payload.webhook.secretFingerprint);
    expect(get.text).not.toContain(payload.signingSecret);
  });
});

describe('Kognitiv Loyalty: names, headers, event group, shared OAuth credential', () => {
  const tenant = 'seed-kognitiv';
  const url = 'https://loyalty.example.com/hooks/{{application.id}}';
  const base = { url, eventGroup: 'Member Rewards' } as const;

  it('enforces name rules: no leading/trailing spaces, unique case-sensitively', async () => {
    const first = await createWebhook(t, tenant, { ...base, name: 'Reward Sync' });
    expect(first.webhook.name).toBe('Reward Sync');

    for (const name of [' Reward Sync', 'Reward Sync ', 'Reward Sync  ']) {
      const res = await createWebhookResult(t, tenant, { ...base, name });
      expect(errorPaths(res), name).toEqual([['input', 'name']]);
    }

    // Invisible and non-ASCII spaces count as spaces too (U+200B and U+2060 are not trimmed by
    // String.prototype.trim); inside a name they are allowed.
    for (const ch of ['\u200b', '\u00a0', '\ufeff', '\u2060', '\u3000']) {
      for (const name of [`${ch}Reward Sync`, `Reward Sync${ch}`]) {
        const res = await createWebhookResult(t, tenant, { ...base, name });
        expect(as(res, 'ValidationError').fieldErrors, JSON.stringify(name)).toEqual([
          { path: ['input', 'name'], message: 'Name must not have leading or trailing spaces' },
        ]);
      }
    }
    const onlyInvisible = await createWebhookResult(t, tenant, { ...base, name: '\u200b\u200b' });
    expect(as(onlyInvisible, 'ValidationError').fieldErrors).toEqual([{ path: ['input', 'name'], message: 'Name must not be empty' }]);
    const app = ok(await t.gql(CreateApplicationDoc, { input: { name: 'Shop\u200b' } }, { tenant })).createApplication;
    expect(errorPaths(app)).toEqual([['input', 'name']]);
    const inside = await createWebhook(t, tenant, { ...base, name: 'Reward\u00a0Sync\u200bInside' });
    expect(inside.webhook.name).toBe('Reward\u00a0Sync\u200bInside');

    const dup = await createWebhookResult(t, tenant, { ...base, name: 'Reward Sync' });
    expect(as(dup, 'ConflictError').path).toEqual(['input', 'name']);

    const otherCase = await createWebhook(t, tenant, { ...base, name: 'reward sync' });
    expect(otherCase.webhook.name).toBe('reward sync');

    // Renaming onto a taken name conflicts too.
    const rename = ok(await t.gql(UpdateWebhookDoc, { input: { id: otherCase.webhook.id, name: 'Reward Sync' } }, { tenant })).updateWebhook;
    expect(as(rename, 'ConflictError').path).toEqual(['input', 'name']);
    const renameSpaces = ok(await t.gql(UpdateWebhookDoc, { input: { id: otherCase.webhook.id, name: 'reward sync ' } }, { tenant })).updateWebhook;
    expect(errorPaths(renameSpaces)).toEqual([['input', 'name']]);
  });

  it('trims header keys and values before save and keeps their order', async () => {
    const { webhook } = await createWebhook(t, tenant, {
      ...base,
      name: 'Headers trimmed',
      headers: [
        { name: '  X-Program ', value: '  prg-1  ' },
        { name: 'X-Member', value: ' {{data.memberId}} ' },
        { name: 'X-Empty', value: '' },
      ],
    });
    expect(webhook.headers).toEqual([
      { name: 'X-Program', value: 'prg-1' },
      { name: 'X-Member', value: '{{data.memberId}}' },
      { name: 'X-Empty', value: '' },
    ]);
    const get = ok(await t.gql(GetWebhookDoc, { id: webhook.id }, { tenant }));
    expect(get.webhook?.headers).toEqual(webhook.headers);
  });

  it('refuses duplicate header keys, case-insensitively', async () => {
    const res = await createWebhookResult(t, tenant, {
      ...base,
      headers: [
        { name: 'X-Program', value: 'a' },
        { name: 'x-program', value: 'b' },
      ],
    });
    expect(errorPaths(res)).toEqual([['input', 'headers', '1', 'name']]);
  });

  it('refuses CR/LF and characters outside the whitelist in header values', async () => {
    for (const value of ['a\r\nX-Injected: 1', 'a\nb', 'say "hi"', '<script>', 'back\\slash', 'tick`']) {
      const res = await createWebhookResult(t, tenant, { ...base, headers: [{ name: 'X-Value', value }] });
      expect(errorPaths(res), JSON.stringify(value)).toEqual([['input', 'headers', '0', 'value']]);
    }
  });

  it('refuses reserved header names', async () => {
    for (const name of ['Host', 'Content-Length', 'webhook-signature', 'Webhook-Id', 'content-type', 'Transfer-Encoding']) {
      const res = await createWebhookResult(t, tenant, { ...base, headers: [{ name, value: 'x' }] });
      expect(errorPaths(res), name).toEqual([['input', 'headers', '0', 'name']]);
    }
  });

  it('fixes the event group at creation', async () => {
    const { webhook } = await createWebhook(t, tenant, { ...base, name: 'Group fixed', method: 'POST' });
    expect(webhook.eventGroup).toBe('Member Rewards');
    expect(webhook.method).toBe('POST');

    const change = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, eventGroup: 'session' } }, { tenant })).updateWebhook;
    expect(errorPaths(change)).toEqual([['input', 'eventGroup']]);

    const same = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, eventGroup: 'Member Rewards', description: 'unchanged group' } }, { tenant }));
    const updated = as(same.updateWebhook, 'UpdateWebhookPayload').webhook;
    expect(updated.eventGroup).toBe('Member Rewards');
    expect(updated.description).toBe('unchanged group');

    const inGroup = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, events: ['member_rewards.reward_issued'] } }, { tenant }));
    expect(as(inGroup.updateWebhook, 'UpdateWebhookPayload').webhook.events).toEqual(['member_rewards.reward_issued']);

    const outside = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, events: ['session.completed'] } }, { tenant })).updateWebhook;
    expect(errorPaths(outside)).toEqual([['input', 'events', '0']]);
  });

  it('refuses events outside the event group at creation', async () => {
    const res = await createWebhookResult(t, tenant, { ...base, events: ['member_rewards.reward_redeemed', 'cashback.created'] });
    expect(errorPaths(res)).toEqual([['input', 'events', '1']]);
  });

  it('shares one OAuth credential between webhooks and never returns its client secret', async () => {
    const clientSecret = `kognitiv-client-secret-${randomBytes(8).toString('hex')}`;
    const createRes = await t.gql(
      CreateOAuthCredentialDoc,
      {
        input: {
          name: 'Kognitiv API',
          tokenUrl: 'https://auth.example.com/oauth2/token',
          clientId: 'kls-client',
          clientSecret,
          scope: 'webhooks.read webhooks.write',
          audience: 'https://api.example.com',
        },
      },
      { tenant },
    );
    expect(createRes.text).not.toContain(clientSecret);
    const cred = as(ok(createRes).createOAuthCredential, 'CreateOAuthCredentialPayload').oauthCredential;
    expect(cred).toMatchObject({ name: 'Kognitiv API', clientId: 'kls-client', scope: 'webhooks.read webhooks.write', webhookCount: 0 });

    const one = await createWebhook(t, tenant, { ...base, name: 'OAuth one', oauthCredentialId: cred.id, headers: [{ name: 'X-Program', value: 'p1' }] });
    const two = await createWebhook(t, tenant, { ...base, name: 'OAuth two', oauthCredentialId: cred.id });
    expect(one.webhook.oauthCredential?.id).toBe(cred.id);
    expect(two.webhook.oauthCredential).toEqual({ id: cred.id, name: 'Kognitiv API', webhookCount: 2 });

    const creds = await t.gql(ListOAuthCredentialsDoc, undefined, { tenant });
    expect(ok(creds).oauthCredentials.edges.map((e) => e.node)).toEqual([expect.objectContaining({ id: cred.id, webhookCount: 2 })]);
    expect(creds.text).not.toContain(clientSecret);
    const hooks = await t.gql(ListWebhooksDoc, { first: 100, filter: { search: 'OAuth' } }, { tenant });
    expect(ok(hooks).webhooks.edges.map((e) => e.node.oauthCredential?.webhookCount)).toEqual([2, 2]);
    expect(hooks.text).not.toContain(clientSecret);
    const node = await t.gql(GetNodeDoc, { id: cred.id }, { tenant });
    expect(ok(node).node).toEqual({ __typename: 'OAuthCredential', id: cred.id });

    const type = ok(await t.gql(TypeFieldsDoc, { name: 'OAuthCredential' }, { tenant })).__type;
    const fields = type?.fields?.map((f) => f.name) ?? [];
    expect(fields).toContain('clientId');
    expect(fields.filter((n) => /secret/i.test(n))).toEqual([]);

    // A deleted webhook no longer counts.
    ok(await t.gql(DeleteWebhookDoc, { input: { id: two.webhook.id } }, { tenant }));
    const after = ok(await t.gql(GetWebhookDoc, { id: one.webhook.id }, { tenant }));
    expect(after.webhook?.oauthCredential?.webhookCount).toBe(1);
  });

  it('refuses an Authorization header when an OAuth credential supplies it', async () => {
    const cred = await createOAuthCredential(t, tenant, {
      name: 'Kognitiv API 2',
      tokenUrl: 'https://auth.example.com/oauth2/token',
      clientId: 'kls-client-2',
      clientSecret: 's3cret-value',
    });
    const res = await createWebhookResult(t, tenant, { ...base, oauthCredentialId: cred.id, headers: [{ name: 'Authorization', value: 'Bearer abc' }] });
    expect(errorPaths(res)).toEqual([['input', 'headers', '0', 'name']]);

    // Without OAuth the header is the caller's own business.
    const plain = await createWebhook(t, tenant, { ...base, name: 'Own auth', headers: [{ name: 'Authorization', value: 'Bearer abc' }] });
    expect(plain.webhook.headers).toEqual([{ name: 'Authorization', value: 'Bearer abc' }]);

    // Attaching OAuth later while the header is still there is refused...
    const attach = ok(await t.gql(UpdateWebhookDoc, { input: { id: plain.webhook.id, oauthCredentialId: cred.id } }, { tenant })).updateWebhook;
    expect(errorPaths(attach)).toEqual([['input', 'oauthCredentialId']]);
    // ...as is adding the header to a webhook that has OAuth.
    const withOAuth = await createWebhook(t, tenant, { ...base, name: 'Has OAuth', oauthCredentialId: cred.id });
    const addHeader = ok(
      await t.gql(UpdateWebhookDoc, { input: { id: withOAuth.webhook.id, headers: [{ name: 'authorization', value: 'Bearer x' }] } }, { tenant }),
    ).updateWebhook;
    expect(errorPaths(addHeader)).toEqual([['input', 'headers', '0', 'name']]);
    // Replacing the header and attaching OAuth in one update is fine.
    const swap = ok(
      await t.gql(UpdateWebhookDoc, { input: { id: plain.webhook.id, oauthCredentialId: cred.id, headers: [{ name: 'X-Program', value: 'p' }] } }, { tenant }),
    ).updateWebhook;
    const swapped = as(swap, 'UpdateWebhookPayload').webhook;
    expect(swapped.oauthCredential?.id).toBe(cred.id);
    expect(swapped.headers).toEqual([{ name: 'X-Program', value: 'p' }]);
  });
});

describe('Reward: a named POST webhook', () => {
  const tenant = 'seed-reward';

  it('creates a named webhook for trigger_event.created and balance.credit_points_issued', async () => {
    const { webhook } = await createWebhook(t, tenant, {
      name: 'Reward credits sync',
      url: 'https://app.example.com/reward/webhooks',
      events: ['trigger_event.created', 'balance.credit_points_issued'],
      method: 'POST',
    });
    expect(webhook).toMatchObject({
      name: 'Reward credits sync',
      url: 'https://app.example.com/reward/webhooks',
      events: ['trigger_event.created', 'balance.credit_points_issued'],
      method: 'POST',
      isActive: true,
      eventGroup: null,
      bodyTemplate: null,
      deletedAt: null,
    });
    const get = ok(await t.gql(GetWebhookDoc, { id: webhook.id }, { tenant }));
    expect(get.webhook).toEqual(webhook);
  });

  it('defaults the method to POST', async () => {
    const raw = ok(await t.gql(CreateWebhookDoc, { input: { name: 'Reward default', url: 'https://app.example.com/r2', events: ['trigger_event.created'] } }, { tenant }));
    expect(as(raw.createWebhook, 'CreateWebhookPayload').webhook.method).toBe('POST');
  });
});
