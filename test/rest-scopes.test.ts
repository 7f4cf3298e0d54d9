// Application-scoped tokens (claim `app`) through the three REST dialects: such a token reaches
// its application's webhooks only; another application's are unknown (404), it cannot make new
// publishers or shops, and its webhooks cannot leave its application. Answers are checked
// against /openapi.json like every REST test.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { restClient, type RestClient } from './helpers/rest.ts';

let t: TestApp;
let api: RestClient;
const tenant = 'scoped-merchant';
let portal: { token: string };
let mine: string;
let theirs: string;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
  api = await restClient(t);
  // The platform (a whole-tenant token) makes two publishers, one webhook each.
  const make = async (publisher: string) => {
    const res = await api.call('POST', '/dsp.v1/publisher.webhook/create', {
      auth: tenant,
      body: { publisher_id: publisher, callback_url: `https://${publisher}.example.com/hook`, events: ['cashback.created'] },
    });
    expect(res.status).toBe(200);
    return res.body.webhook_id as string;
  };
  mine = await make('pub_mine');
  theirs = await make('pub_theirs');
  portal = { token: await t.app.authenticator.issueToken!(tenant, '1h', undefined, 'pub_mine') };
});
afterAll(() => t?.stop());

describe('application-scoped tokens', () => {
  it('K42: only its publisher; no new publishers; webhooks stay with it', async () => {
    const K = '/dsp.v1/publisher.webhook';
    const all = await api.call('POST', `${K}/list`, { auth: portal, body: {} });
    expect(all.body.data.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([mine]);
    expect((await api.call('POST', `${K}/list`, { auth: portal, body: { publisher_id: 'pub_theirs' } })).body.data).toEqual([]);
    expect((await api.call('POST', `${K}/get`, { auth: portal, body: { webhook_id: theirs } })).status).toBe(404);
    expect((await api.call('POST', `${K}/delete`, { auth: portal, body: { webhook_id: theirs } })).status).toBe(404);
    expect((await api.call('POST', `${K}/rotate_secret`, { auth: portal, body: { webhook_id: theirs } })).status).toBe(404);

    const own = await api.call('POST', `${K}/create`, { auth: portal, body: { publisher_id: 'pub_mine', callback_url: 'https://pub_mine.example.com/2', events: ['cashback.cleared'] } });
    expect(own.status).toBe(200);
    expect(own.body.publisher_id).toBe('pub_mine');
    for (const publisher of ['pub_theirs', 'pub_brand_new']) {
      const res = await api.call('POST', `${K}/create`, { auth: portal, body: { publisher_id: publisher, callback_url: 'https://x.example.com', events: ['cashback.created'] } });
      expect(res.status, publisher).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    const move = await api.call('POST', `${K}/update`, { auth: portal, body: { webhook_id: mine, publisher_id: 'pub_theirs' } });
    expect(move.status).toBe(404);
    // The platform still sees both, unchanged.
    expect((await api.call('POST', `${K}/get`, { auth: tenant, body: { webhook_id: mine } })).body.publisher_id).toBe('pub_mine');
  });

  it('Partner: only its shop; a webhook without shopId is its shop\'s; it cannot leave it', async () => {
    const B = '/api/v1/partner/webHooks';
    const list = await api.call('GET', B, { auth: portal });
    expect(list.body.values.every((w: { shopId: string }) => w.shopId === 'pub_mine')).toBe(true);
    expect(list.body.values.map((w: { id: string }) => w.id)).toContain(mine);
    expect(list.body.values.map((w: { id: string }) => w.id)).not.toContain(theirs);
    expect((await api.call('GET', `${B}/${theirs}`, { auth: portal })).status).toBe(404);
    expect((await api.call('PUT', `${B}/${theirs}`, { auth: portal, body: { shopId: 'pub_mine', webHookUrls: ['https://x.example.com'], webHookType: 'NEW_MEMBER' } })).status).toBe(404);
    expect((await api.call('DELETE', `${B}/${theirs}`, { auth: portal })).status).toBe(404);

    const created = await api.call('POST', B, { auth: portal, body: { webHookUrls: ['https://portal.example.com/p'], webHookType: 'NEW_MEMBER' } });
    expect(created.status).toBe(200);
    expect(created.body.shopId).toBe('pub_mine');
    expect((await api.call('POST', B, { auth: portal, body: { shopId: 'pub_theirs', webHookUrls: ['https://x.example.com'], webHookType: 'NEW_MEMBER' } })).status).toBe(404);

    const leave = await api.call('PUT', `${B}/${created.body.id}`, { auth: portal, body: { webHookUrls: ['https://portal.example.com/p'], webHookType: 'NEW_MEMBER' } });
    expect(leave.status).toBe(400);
    expect(leave.body.errors.map((e: { field: string }) => e.field)).toEqual(['shopId']);
  });

  it('Kadosei: only its application in the path', async () => {
    const own = await api.call('GET', '/api/v1/applications/pub_mine/webhooks', { auth: portal });
    expect(own.status).toBe(200);
    expect(own.body.data.map((w: { id: string }) => w.id)).toContain(mine);
    const other = await api.call('GET', '/api/v1/applications/pub_theirs/webhooks', { auth: portal });
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ error: 'Not Found', code: 404 });
    expect((await api.call('GET', `/api/v1/applications/pub_theirs/webhooks/${theirs}`, { auth: portal })).status).toBe(404);
    expect((await api.call('POST', '/api/v1/applications/pub_theirs/webhooks', { auth: portal, body: { url: 'https://x.example.com' } })).status).toBe(404);
    const created = await api.call('POST', '/api/v1/applications/pub_mine/webhooks', { auth: portal, body: { url: 'https://portal.example.com/k' } });
    expect(created.status).toBe(201);
  });

  it('a token naming an application the tenant lacks is refused with 401 in each dialect', async () => {
    const bogus = { token: await t.app.authenticator.issueToken!(tenant, '1h', undefined, 'pub_nobody') };
    expect((await api.call('POST', '/dsp.v1/publisher.webhook/list', { auth: bogus, body: {} })).body.error.code).toBe('authentication_error');
    expect((await api.call('GET', '/api/v1/partner/webHooks', { auth: bogus })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/applications/pub_nobody/webhooks', { auth: bogus })).body.code).toBe(401);
  });
});
