// The Kadosei dialect (seed 003) through the real HTTP server: the seed's curl example as written
// (host and token replaced), every documented field, Kadosei's error body for 400, 401, 403, 404,
// 502 and 504, application ownership, and test sends to real receivers on 127.0.0.1 whose
// signatures `standardwebhooks` verifies. Every answer is checked against /openapi.json.
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetWebhookDoc } from './documents.ts';
import { createApplication, ok } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';
import { restClient, type RestClient } from './helpers/rest.ts';

let t: TestApp;
let api: RestClient;
let receiver: Receiver;

beforeAll(async () => {
  // A short deadline so that the 504 case (a receiver that never answers) ends quickly.
  t = await startTestApp({ HOOKGATE_ROLE: 'api', HOOKGATE_DELIVERY_TIMEOUT_MS: '2000' });
  api = await restClient(t);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.stop();
});

// Verbatim from /work/shared/seeds/003_f31a137fcdcbce66.txt.
const CREATE = `curl -X POST "https://api.example.com/api/v1/applications/example_string/webhooks" \\
-H "Content-Type: application/json" \\
-H "Authorization: Bearer YOUR_API_TOKEN (JWT)" \\
-d '{
"url": "https://merchant.example.com/hooks/kadosei"
}'`;

const base = (app: string) => `/api/v1/applications/${app}/webhooks`;
const fields = (body: { details?: { field: string }[] }) => (body.details ?? []).map((d) => d.field).sort();

describe('Kadosei dialect: the seed example', () => {
  const tenant = 'kadosei-merchant';

  it('creates a webhook for the caller\'s application with every documented field', async () => {
    await createApplication(t, tenant, { name: 'Example', externalId: 'example_string' });
    const res = await api.curl(CREATE, { 'YOUR_API_TOKEN (JWT)': await t.token(tenant) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      url: 'https://merchant.example.com/hooks/kadosei',
      isActive: true,
      subscribedEvents: ['session.completed', 'session.expired'],
      lastTestAt: null,
      lastTestStatus: null,
    });
    expect(res.body.id).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(res.body.signingSecret).toMatch(/^whsec_/);
    expect(res.body.keyFingerprint).toBe(`whsec_****${res.body.signingSecret.slice(-4)}`);
    expect(res.body.createdAt).toBe(new Date(res.body.createdAt).toISOString());
    expect(res.body.updatedAt).toBe(res.body.createdAt);

    const got = await api.call('GET', `${base('example_string')}/${res.body.id}`, { auth: tenant });
    const { signingSecret, ...rest } = res.body;
    expect(got.body).toEqual(rest);
    expect(got.text).not.toContain(signingSecret);
    // The same row through GraphQL, owned by that application.
    const gql = ok(await t.gql(GetWebhookDoc, { id: res.body.id }, { tenant }));
    expect(gql.webhook?.application?.externalId).toBe('example_string');
  });

  it('answers 404 in Kadosei\'s format when the application is not the caller\'s', async () => {
    const res = await api.curl(CREATE, { 'YOUR_API_TOKEN (JWT)': await t.token('kadosei-stranger') });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'Not Found', code: 404 });
    expect(res.body.message).toContain('example_string');
  });
});

describe('Kadosei dialect: lifecycle and ownership', () => {
  const tenant = 'kadosei-life';
  let appId: string;
  beforeAll(async () => {
    appId = (await createApplication(t, tenant, { name: 'Life' })).id;
    await createApplication(t, tenant, { name: 'Other', externalId: 'other_app' });
  });

  it('lists, gets, patches and deletes, by the application\'s public id too', async () => {
    const created = await api.call('POST', base(appId), { auth: tenant, body: { url: 'https://merchant.example.com/a', subscribedEvents: ['session.completed'] } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const list = await api.call('GET', base(appId), { auth: tenant });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ hasMore: false, nextCursor: null });
    expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([id]);

    const patched = await api.call('PATCH', `${base(appId)}/${id}`, { auth: tenant, body: { isActive: false, subscribedEvents: ['session.expired'] } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id, url: 'https://merchant.example.com/a', isActive: false, subscribedEvents: ['session.expired'] });
    expect(patched.body.updatedAt > patched.body.createdAt).toBe(true);

    // A webhook is reachable only under its own application.
    expect((await api.call('GET', `${base('other_app')}/${id}`, { auth: tenant })).status).toBe(404);
    expect((await api.call('PATCH', `${base('other_app')}/${id}`, { auth: tenant, body: { isActive: true } })).status).toBe(404);
    expect((await api.call('DELETE', `${base('other_app')}/${id}`, { auth: tenant })).status).toBe(404);
    // And only for its own tenant.
    expect((await api.call('GET', `${base(appId)}/${id}`, { auth: 'kadosei-stranger' })).status).toBe(404);
    expect((await api.call('GET', base(appId), { auth: 'kadosei-stranger' })).status).toBe(404);

    const deleted = await api.call('DELETE', `${base(appId)}/${id}`, { auth: tenant });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api.call('GET', `${base(appId)}/${id}`, { auth: tenant })).status).toBe(404);
    expect((await api.call('GET', base(appId), { auth: tenant })).body.data).toEqual([]);
  });

  it('pages the list with limit and cursor', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await api.call('POST', base('other_app'), { auth: tenant, body: { url: `https://merchant.example.com/p${n}` } })).body.id);
    const first = await api.call('GET', `${base('other_app')}?limit=2`, { auth: tenant });
    expect(first.body.data.map((w: { id: string }) => w.id)).toEqual(ids.slice(0, 2));
    expect(first.body).toMatchObject({ hasMore: true, nextCursor: ids[1] });
    const second = await api.call('GET', `${base('other_app')}?limit=2&cursor=${first.body.nextCursor}`, { auth: tenant });
    expect(second.body.data.map((w: { id: string }) => w.id)).toEqual(ids.slice(2));
    expect(second.body.hasMore).toBe(false);
  });
});

describe('Kadosei dialect: error bodies', () => {
  const tenant = 'kadosei-errors';
  beforeAll(async () => {
    await createApplication(t, tenant, { name: 'Errors', externalId: 'err_app' });
  });

  it('400 names each invalid field in details', async () => {
    const res = await api.call('POST', base('err_app'), { auth: tenant, body: { url: 'http://merchant.example.com/plain', subscribedEvents: ['session.completed', 'no.such'] } });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'Bad Request', message: 'The request contains invalid parameters or malformed data', code: 400 });
    expect(fields(res.body)).toEqual(['subscribedEvents[1]', 'url']);
    const missing = await api.call('POST', base('err_app'), { auth: tenant, body: {} });
    expect(fields(missing.body)).toEqual(['url']);
    const badPatch = await api.call('PATCH', `${base('err_app')}/wh_${'0'.repeat(32)}`, { auth: tenant, body: { isActive: 'yes' } });
    expect(badPatch.status).toBe(400);
    expect(fields(badPatch.body)).toEqual(['isActive']);
    const badJson = await api.call('POST', base('err_app'), { auth: tenant, raw: '{' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.details).toHaveLength(1);
  });

  it('401 and 403 with Kadosei\'s wording and the reason in details', async () => {
    const anon = await api.call('GET', base('err_app'), { auth: null });
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ error: 'Unauthorized', message: 'Authentication required. Please provide a valid API token', code: 401 });
    expect(anon.body.details[0].field).toBe('Authorization');
    const expired = await api.call('GET', base('err_app'), { auth: { token: await t.app.authenticator.issueToken!(tenant, '-1m') } });
    expect(expired.status).toBe(401);

    const readOnly = await t.app.authenticator.issueToken!(tenant, '1h', 'hookgate:read');
    const write = await api.call('POST', base('err_app'), { auth: { token: readOnly }, body: { url: 'https://merchant.example.com/ro' } });
    expect(write.status).toBe(403);
    expect(write.body).toMatchObject({ error: 'Forbidden', message: "You don't have permission to access this resource", code: 403 });
    expect((await api.call('GET', base('err_app'), { auth: { token: readOnly } })).status).toBe(200);
  });

  it('404 for unknown applications and webhooks', async () => {
    const res = await api.call('GET', `${base('err_app')}/wh_${'a'.repeat(32)}`, { auth: tenant });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'Not Found', code: 404 });
    expect((await api.call('GET', base('nope'), { auth: tenant })).body.code).toBe(404);
  });
});

describe('Kadosei dialect: test sends to a real receiver', () => {
  const tenant = 'kadosei-test';
  let hookPath: string;
  let secret: string;
  beforeAll(async () => {
    await createApplication(t, tenant, { name: 'Tests', externalId: 'test_app' });
    const created = await api.call('POST', base('test_app'), { auth: tenant, body: { url: receiver.url('/kadosei') } });
    expect(created.status).toBe(201);
    hookPath = `${base('test_app')}/${created.body.id}`;
    secret = created.body.signingSecret;
  });

  it('200 when the receiver accepts: a signed test event, lastTestAt and lastTestStatus set', async () => {
    receiver.handle(() => ({ status: 204 }));
    const before = receiver.requests.length;
    const res = await api.call('POST', `${hookPath}/test`, { auth: tenant });
    expect(res.status).toBe(200);
    expect(res.body.lastTestStatus).toBe('SUCCEEDED');
    expect(res.body.lastTestAt).not.toBeNull();
    const got = receiver.requests.slice(before);
    expect(got).toHaveLength(1);
    const req = got[0]!;
    const payload = new StandardWebhook(secret).verify(req.body, {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    }) as { type: string };
    expect(payload.type).toBe('session.completed');

    const typed = await api.call('POST', `${hookPath}/test`, { auth: tenant, body: { eventType: 'session.expired' } });
    expect(typed.status).toBe(200);
    expect(JSON.parse(receiver.requests.at(-1)!.body).type).toBe('session.expired');
    const unknown = await api.call('POST', `${hookPath}/test`, { auth: tenant, body: { eventType: 'no.such' } });
    expect(unknown.status).toBe(400);
    expect(fields(unknown.body)).toEqual(['eventType']);
  });

  it('502 when the receiver answers with an error or cannot be reached', async () => {
    receiver.handle(() => ({ status: 500, body: 'boom' }));
    const res = await api.call('POST', `${hookPath}/test`, { auth: tenant });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ error: 'Error', message: 'A downstream dependency responded with an error or could not be reached.', code: 502 });
    expect(res.body.details).toEqual([{ field: 'url', message: 'The receiver answered HTTP 500' }]);
    const after = await api.call('GET', hookPath, { auth: tenant });
    expect(after.body.lastTestStatus).toBe('FAILED');

    const gone = await startReceiver();
    const goneUrl = gone.url('/gone');
    await gone.close();
    await api.call('PATCH', hookPath, { auth: tenant, body: { url: goneUrl } });
    const refused = await api.call('POST', `${hookPath}/test`, { auth: tenant });
    expect(refused.status).toBe(502);
    expect(refused.body.details[0].message).toMatch(/^CONNECTION/);
    await api.call('PATCH', hookPath, { auth: tenant, body: { url: receiver.url('/kadosei') } });
  });

  it('504 when the receiver does not answer in time', async () => {
    receiver.handle(() => ({ hang: true }));
    const res = await api.call('POST', `${hookPath}/test`, { auth: tenant });
    expect(res.status).toBe(504);
    expect(res.body).toMatchObject({ error: 'Error', message: 'A downstream dependency did not respond in time.', code: 504 });
    expect(res.body.details[0]).toMatchObject({ field: 'url' });
    receiver.handle(() => ({ status: 200 }));
  });
});
