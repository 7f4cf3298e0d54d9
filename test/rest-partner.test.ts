// The Partner API dialect (seed 001) through the real HTTP server: PartnerWebHook fields, the
// SearchResult list, full-replace PUT, soft DELETE, Spring-style errors with `webHookUrls[1]`,
// tenancy, and one webhook made via K42, changed via GraphQL and read here. Every answer is
// checked against /openapi.json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdateWebhookDoc } from './documents.ts';
import { as, createApplication, ok } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { restClient, type RestClient } from './helpers/rest.ts';

let t: TestApp;
let api: RestClient;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
  api = await restClient(t);
});
afterAll(() => t?.stop());

const BASE = '/api/v1/partner/webHooks';
const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field).sort();

describe('Partner dialect: create, read, replace, delete', () => {
  const tenant = 'partner-co';

  it('creates a PartnerWebHook with every documented field', async () => {
    const before = Date.now();
    const res = await api.call('POST', BASE, {
      auth: tenant,
      body: { url: 'https://shop.example.com/a', shopId: 'shop_1', webHookUrls: ['https://shop.example.com/a', 'https://shop.example.com/b'], webHookType: 'NEW_CONSUMER_ORDER' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      companyId: tenant,
      shopId: 'shop_1',
      deleted: false,
      updated: false,
      url: 'https://shop.example.com/a',
      webHookType: 'NEW_CONSUMER_ORDER',
      webHookUrls: ['https://shop.example.com/a', 'https://shop.example.com/b'],
    });
    expect(res.body.id).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(res.body.created).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.modified).toBe(res.body.created);
    expect(res.text).not.toMatch(/whsec_/);

    const got = await api.call('GET', `${BASE}/${res.body.id}`, { auth: tenant });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('replaces the whole registration on PUT; what the object leaves out is cleared', async () => {
    const created = (await api.call('POST', BASE, { auth: tenant, body: { shopId: 'shop_put', webHookUrls: ['https://shop.example.com/put'], webHookType: 'NEW_MEMBER' } })).body;
    const replaced = await api.call('PUT', `${BASE}/${created.id}`, {
      auth: tenant,
      body: { ...created, shopId: 'shop_put_2', url: 'https://shop.example.com/p1', webHookUrls: ['https://shop.example.com/p1', 'https://shop.example.com/p2'], webHookType: 'UPDATE_MEMBER' },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      id: created.id,
      shopId: 'shop_put_2',
      updated: true,
      created: created.created,
      url: 'https://shop.example.com/p1',
      webHookType: 'UPDATE_MEMBER',
      webHookUrls: ['https://shop.example.com/p1', 'https://shop.example.com/p2'],
    });
    expect(replaced.body.modified).toBeGreaterThan(created.modified);

    const noShop = await api.call('PUT', `${BASE}/${created.id}`, { auth: tenant, body: { webHookUrls: ['https://shop.example.com/p3'], webHookType: 'UPDATE_MEMBER' } });
    expect(noShop.status).toBe(200);
    expect(noShop.body.shopId).toBeNull();

    const incomplete = await api.call('PUT', `${BASE}/${created.id}`, { auth: tenant, body: { shopId: 'shop_put' } });
    expect(incomplete.status).toBe(400);
    expect(fields(incomplete.body)).toEqual(['webHookType', 'webHookUrls']);
    expect((await api.call('PUT', `${BASE}/wh_${'0'.repeat(32)}`, { auth: tenant, body: noShop.body })).status).toBe(404);
  });

  it('deletes softly: the object stays readable with deleted: true and leaves the list', async () => {
    const created = (await api.call('POST', BASE, { auth: tenant, body: { shopId: 'shop_del', webHookUrls: ['https://shop.example.com/del'], webHookType: 'UPDATE_PRODUCT' } })).body;
    const deleted = await api.call('DELETE', `${BASE}/${created.id}`, { auth: tenant });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ id: created.id, deleted: true, updated: true, webHookType: 'UPDATE_PRODUCT' });
    const got = await api.call('GET', `${BASE}/${created.id}`, { auth: tenant });
    expect(got.status).toBe(200);
    expect(got.body.deleted).toBe(true);
    const list = await api.call('GET', `${BASE}?shopId=shop_del`, { auth: tenant });
    expect(list.body).toEqual({ values: [], skip: 0, limit: 20, total: 0 });
    expect((await api.call('DELETE', `${BASE}/${created.id}`, { auth: tenant })).status).toBe(404);
    expect((await api.call('PUT', `${BASE}/${created.id}`, { auth: tenant, body: { webHookUrls: ['https://shop.example.com/x'], webHookType: 'NEW_MEMBER' } })).status).toBe(404);
  });
});

describe('Partner dialect: the SearchResult list', () => {
  const tenant = 'partner-list';

  it('pages with start and limit and filters by shopId and type', async () => {
    const ids: string[] = [];
    for (const [shop, type] of [['s1', 'NEW_MEMBER'], ['s1', 'UPDATE_MEMBER'], ['s2', 'NEW_MEMBER'], ['s1', 'NEW_MEMBER']] as const) {
      const res = await api.call('POST', BASE, { auth: tenant, body: { shopId: shop, webHookUrls: [`https://list.example.com/${ids.length}`], webHookType: type } });
      ids.push(res.body.id);
    }
    const all = await api.call('GET', BASE, { auth: tenant });
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ skip: 0, limit: 20, total: 4 });
    expect(all.body.values.map((w: { id: string }) => w.id)).toEqual(ids);
    const page = await api.call('GET', `${BASE}?start=1&limit=2`, { auth: tenant });
    expect(page.body).toMatchObject({ skip: 1, limit: 2, total: 4 });
    expect(page.body.values.map((w: { id: string }) => w.id)).toEqual(ids.slice(1, 3));
    const s1 = await api.call('GET', `${BASE}?shopId=s1&type=NEW_MEMBER`, { auth: tenant });
    expect(s1.body.values.map((w: { id: string }) => w.id)).toEqual([ids[0], ids[3]]);
    expect(s1.body.total).toBe(2);
    const unknownShop = await api.call('GET', `${BASE}?shopId=nope`, { auth: tenant });
    expect(unknownShop.body.total).toBe(0);
  });

  it('refuses bad paging parameters by name', async () => {
    for (const [q, field] of [['start=-1', 'start'], ['limit=0', 'limit'], ['limit=1000', 'limit'], ['limit=ten', 'limit'], ['start=1.5', 'start']]) {
      const res = await api.call('GET', `${BASE}?${q}`, { auth: tenant });
      expect(res.status, q).toBe(400);
      expect(fields(res.body), q).toEqual([field]);
    }
  });
});

describe('Partner dialect: errors', () => {
  const tenant = 'partner-errors';

  it('names invalid fields the Partner way (webHookUrls[1], url, webHookType) in a Spring-style body', async () => {
    const res = await api.call('POST', BASE, {
      auth: tenant,
      body: { url: 'https://other.example.com', webHookUrls: ['https://ok.example.com', 'http://plain.example.com'] },
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, error: 'Bad Request', path: BASE });
    expect(new Date(res.body.timestamp).getTime()).not.toBeNaN();
    expect(fields(res.body)).toEqual(['url', 'webHookType', 'webHookUrls[1]']);

    const badType = await api.call('POST', BASE, { auth: tenant, body: { webHookUrls: ['https://ok.example.com'], webHookType: 'cashback' } });
    expect(fields(badType.body)).toEqual(['webHookType']);
    const noUrls = await api.call('POST', BASE, { auth: tenant, body: { webHookType: 'NEW_MEMBER' } });
    expect(fields(noUrls.body)).toEqual(['webHookUrls']);
    const tooMany = await api.call('POST', BASE, { auth: tenant, body: { webHookUrls: Array.from({ length: 11 }, (_, i) => `https://m.example.com/${i}`), webHookType: 'NEW_MEMBER' } });
    expect(fields(tooMany.body)).toEqual(['webHookUrls']);
    const dup = await api.call('POST', BASE, { auth: tenant, body: { webHookUrls: ['https://d.example.com', 'https://d.example.com'], webHookType: 'NEW_MEMBER' } });
    expect(fields(dup.body)).toEqual(['webHookUrls[1]']);
  });

  it('answers 409 when a new shopId cannot become an application', async () => {
    await createApplication(t, tenant, { name: 'shop_taken', externalId: 'another_shop' });
    const res = await api.call('POST', BASE, { auth: tenant, body: { shopId: 'shop_taken', webHookUrls: ['https://t.example.com'], webHookType: 'NEW_MEMBER' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ status: 409, error: 'Conflict', errors: [{ field: 'shopId' }] });
  });

  it('answers 401, 403, 404 and 405 in the same body format', async () => {
    const anon = await api.call('GET', BASE, { auth: null });
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ status: 401, error: 'Unauthorized', path: BASE });

    const readOnly = await t.app.authenticator.issueToken!(tenant, '1h', 'hookgate:read');
    const write = await api.call('POST', BASE, { auth: { token: readOnly }, body: { webHookUrls: ['https://ro.example.com'], webHookType: 'NEW_MEMBER' } });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ status: 403, error: 'Forbidden' });
    expect((await api.call('GET', BASE, { auth: { token: readOnly } })).status).toBe(200);

    const missing = await api.call('GET', `${BASE}/wh_${'f'.repeat(32)}`, { auth: tenant });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ status: 404, error: 'Not Found', path: `${BASE}/wh_${'f'.repeat(32)}` });
    expect((await api.call('GET', `${BASE}/not-an-id`, { auth: tenant })).status).toBe(404);

    const patch = await api.call('PATCH', `${BASE}/x`, { auth: tenant, body: {} });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('PUT, GET, DELETE');
  });

  it("keeps companies apart: another tenant's webhooks are unknown", async () => {
    const mine = (await api.call('POST', BASE, { auth: tenant, body: { shopId: 'shop_same', webHookUrls: ['https://mine.example.com'], webHookType: 'NEW_MEMBER' } })).body;
    const other = 'partner-other';
    expect((await api.call('GET', `${BASE}/${mine.id}`, { auth: other })).status).toBe(404);
    expect((await api.call('PUT', `${BASE}/${mine.id}`, { auth: other, body: { webHookUrls: ['https://x.example.com'], webHookType: 'NEW_MEMBER' } })).status).toBe(404);
    expect((await api.call('DELETE', `${BASE}/${mine.id}`, { auth: other })).status).toBe(404);
    expect((await api.call('GET', `${BASE}?shopId=shop_same`, { auth: other })).body.total).toBe(0);
    expect((await api.call('GET', `${BASE}/${mine.id}`, { auth: tenant })).body.deleted).toBe(false);
  });
});

describe('one webhook through three doors', () => {
  const tenant = 'cross-door';

  it('is created via K42, updated via GraphQL and read via the Partner API', async () => {
    const k42 = await api.call('POST', '/dsp.v1/publisher.webhook/create', {
      auth: tenant,
      body: { publisher_id: 'pub_cross', callback_url: 'https://cross.example.com/k42', events: ['cashback.created'] },
    });
    expect(k42.status).toBe(200);
    const id = k42.body.webhook_id as string;

    const updated = ok(await t.gql(UpdateWebhookDoc, { input: { id, urls: ['https://cross.example.com/1', 'https://cross.example.com/2'], events: ['NEW_MEMBER'] } }, { tenant }));
    as(updated.updateWebhook, 'UpdateWebhookPayload');

    const partner = await api.call('GET', `${BASE}/${id}`, { auth: tenant });
    expect(partner.status).toBe(200);
    expect(partner.body).toMatchObject({
      id,
      companyId: tenant,
      shopId: 'pub_cross',
      updated: true,
      deleted: false,
      url: 'https://cross.example.com/1',
      webHookType: 'NEW_MEMBER',
      webHookUrls: ['https://cross.example.com/1', 'https://cross.example.com/2'],
    });
    const list = await api.call('GET', `${BASE}?shopId=pub_cross`, { auth: tenant });
    expect(list.body.values.map((w: { id: string }) => w.id)).toEqual([id]);

    // And back: the Partner delete is seen by K42 as gone.
    await api.call('DELETE', `${BASE}/${id}`, { auth: tenant });
    expect((await api.call('POST', '/dsp.v1/publisher.webhook/get', { auth: tenant, body: { webhook_id: id } })).status).toBe(404);
  });
});
