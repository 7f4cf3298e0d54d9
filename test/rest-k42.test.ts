// The K42 dialect (seed 000) through the real HTTP server: the seed's curl examples as written
// (host and token replaced), every documented field and status, K42's error bodies, tenancy, and
// the same webhook seen through GraphQL. Every answer is also checked against /openapi.json.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetWebhookDoc } from './documents.ts';
import { createApplication, ok } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { restClient, type RestClient } from './helpers/rest.ts';

let t: TestApp;
let api: RestClient;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
  api = await restClient(t);
});
afterAll(() => t?.stop());

// Verbatim from /work/shared/seeds/000_2cea2c65c09e6a9a.txt.
const CREATE = `curl -X POST https://platform.k42.com/dsp.v1/publisher.webhook/create \\
  -H "Authorization: Bearer <platform-token>" \\
  -H "Content-Type: application/json" \\
  -d '{
    "publisher_id": "pub_abc123",
    "callback_url": "https://your-service.com/webhooks/k42",
    "events": [
      "cashback.created",
      "cashback.cleared",
      "cashback.reverted",
      "qualifying_purchase.created",
      "qualifying_purchase.voided"
    ]
  }'`;
const LIST = `curl -X POST https://platform.k42.com/dsp.v1/publisher.webhook/list \\
  -H "Authorization: Bearer <platform-token>" \\
  -H "Content-Type: application/json" \\
  -d '{
    "publisher_id": "pub_abc123"
  }'`;
const GET = `curl -X POST https://platform.k42.com/dsp.v1/publisher.webhook/get \\
  -H "Authorization: Bearer <platform-token>" \\
  -H "Content-Type: application/json" \\
  -d '{
    "webhook_id": "webhook_xyz789"
  }'`;

const EVENTS = ['cashback.created', 'cashback.cleared', 'cashback.reverted', 'qualifying_purchase.created', 'qualifying_purchase.voided'];
const P = '/dsp.v1/publisher.webhook';

describe('K42 dialect: the seed examples', () => {
  const tenant = 'k42-seed';
  let token: string;
  beforeAll(async () => {
    token = await t.token(tenant);
  });

  it('registers, lists and gets a webhook; the secret only at creation; the publisher is created on first use', async () => {
    const created = await api.curl(CREATE, { '<platform-token>': token });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      publisher_id: 'pub_abc123',
      callback_url: 'https://your-service.com/webhooks/k42',
      events: EVENTS,
      is_active: true,
    });
    const { webhook_id, secret } = created.body as { webhook_id: string; secret: string };
    expect(webhook_id).toMatch(/^wh_[0-9a-f]{32}$/);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(created.body.secret_fingerprint).toBe(`whsec_****${secret.slice(-4)}`);

    const listed = await api.curl(LIST, { '<platform-token>': token });
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((w: { webhook_id: string }) => w.webhook_id)).toEqual([webhook_id]);
    expect(listed.body.page).toEqual({ page_size: 100, cursor: null, more: false });
    expect(listed.text).not.toContain(secret);

    const got = await api.curl(GET, { '<platform-token>': token, webhook_xyz789: webhook_id });
    expect(got.status).toBe(200);
    const { secret: _secret, ...withoutSecret } = created.body;
    expect(got.body).toEqual(withoutSecret);
    expect(got.text).not.toContain(secret);
    expect(got.text).not.toContain(secret.slice('whsec_'.length));

    // The same row through GraphQL: the publisher is an application with that externalId.
    const gql = ok(await t.gql(GetWebhookDoc, { id: webhook_id }, { tenant }));
    expect(gql.webhook).toMatchObject({ id: webhook_id, url: 'https://your-service.com/webhooks/k42', events: EVENTS });
    expect(gql.webhook?.application).toMatchObject({ externalId: 'pub_abc123', name: 'pub_abc123' });

    // A second webhook of the same publisher reuses the application.
    const second = await api.curl(CREATE.replace('webhooks/k42', 'webhooks/k42-second'), { '<platform-token>': token });
    expect(second.status).toBe(200);
    const gql2 = ok(await t.gql(GetWebhookDoc, { id: second.body.webhook_id }, { tenant }));
    expect(gql2.webhook?.application?.id).toBe(gql.webhook?.application?.id);
  });

  it('answers the get example for an unknown id with 404 not_found', async () => {
    const res = await api.curl(GET, { '<platform-token>': token });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', data: { resource: 'webhook' } });
    expect(res.body.error.trace_id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('K42 dialect: validation, auth and errors', () => {
  const tenant = 'k42-errors';

  it('names every invalid field in K42 terms, all in one answer', async () => {
    const res = await api.call('POST', `${P}/create`, {
      auth: tenant,
      body: { publisher_id: 'pub_1', callback_url: 'http://example.com/hook', events: ['cashback.created', 'no.such.event'], secret: 'sec_short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('bad_request');
    expect(res.body.error.data.fields.map((f: { field: string }) => f.field).sort()).toEqual(['callback_url', 'events[1]', 'secret']);
  });

  it('requires at least one event, a publisher_id and a callback_url', async () => {
    const none = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: 'pub_1', callback_url: 'https://example.com/h', events: [] } });
    expect(none.status).toBe(400);
    expect(none.body.error.data.fields).toEqual([{ field: 'events', message: 'At least one event type is required' }]);
    const missing = await api.call('POST', `${P}/create`, { auth: tenant, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.error.data.fields.map((f: { field: string }) => f.field).sort()).toEqual(['callback_url', 'events', 'publisher_id']);
    const badPublisher = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: 'pub one', callback_url: 'https://example.com/h', events: ['cashback.created'] } });
    expect(badPublisher.status).toBe(400);
    expect(badPublisher.body.error.data.fields.map((f: { field: string }) => f.field)).toEqual(['publisher_id']);
  });

  it('answers 409 conflict when a new publisher_id cannot become an application', async () => {
    // An application already carries that name under another externalId.
    await createApplication(t, tenant, { name: 'pub_taken', externalId: 'something_else' });
    const res = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: 'pub_taken', callback_url: 'https://example.com/t', events: ['cashback.created'] } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', data: { fields: [{ field: 'publisher_id' }] } });
  });

  it('keeps a caller-supplied secret', async () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const res = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: 'pub_own', callback_url: 'https://example.com/own', events: ['cashback.created'], secret } });
    expect(res.status).toBe(200);
    expect(res.body.secret).toBe(secret);
  });

  it('answers 401 authentication_error without a valid token, 403 authorization_error for read-only writes', async () => {
    for (const auth of [null, { authorization: 'Bearer nope' }, { authorization: 'Basic abc' }]) {
      const res = await api.call('POST', `${P}/list`, { auth, body: {} });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('authentication_error');
    }
    const readOnly = await t.app.authenticator.issueToken!(tenant, '1h', 'hookgate:read');
    const write = await api.call('POST', `${P}/create`, { auth: { token: readOnly }, body: { publisher_id: 'pub_ro', callback_url: 'https://example.com/ro', events: ['cashback.created'] } });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('authorization_error');
    const read = await api.call('POST', `${P}/list`, { auth: { token: readOnly }, body: { publisher_id: 'pub_ro' } });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual([]);
  });

  it('refuses malformed requests in K42 style: bad JSON, not JSON, wrong method, unknown action', async () => {
    const badJson = await api.call('POST', `${P}/list`, { auth: tenant, raw: '{"publisher_id":' });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error.code).toBe('bad_request');
    const form = await api.call('POST', `${P}/list`, { auth: tenant, raw: 'publisher_id=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body.error.code).toBe('unsupported_media_type');
    const get = await api.call('GET', `${P}/list`, { auth: tenant });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.body.error.code).toBe('method_not_allowed');
    const huge = await api.call('POST', `${P}/list`, { auth: tenant, raw: JSON.stringify({ publisher_id: 'x'.repeat(1024 * 1024 + 1) }) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
    const unknown = await api.call('POST', `${P}/explode`, { auth: tenant, body: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const nul = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: 'pub_\u0000', callback_url: 'https://example.com/h', events: ['cashback.created'] } });
    expect(nul.status).toBe(400);
    expect(nul.body.error.data.fields).toEqual([{ field: 'publisher_id', message: 'Must not contain the NUL character (U+0000)' }]);
  });
});

describe('K42 dialect: update, rotate, delete, paging, tenancy', () => {
  const tenant = 'k42-life';

  async function create(url: string, publisher = 'pub_life') {
    const res = await api.call('POST', `${P}/create`, { auth: tenant, body: { publisher_id: publisher, callback_url: url, events: ['cashback.created'] } });
    expect(res.status).toBe(200);
    return res.body as { webhook_id: string; secret: string };
  }

  it('updates, rotates the secret, deletes', async () => {
    const { webhook_id, secret } = await create('https://example.com/life');
    const updated = await api.call('POST', `${P}/update`, {
      auth: tenant,
      body: { webhook_id, callback_url: 'https://example.com/life-2', events: ['cashback.cleared', 'qualifying_purchase.unredeemed'], is_active: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ webhook_id, publisher_id: 'pub_life', callback_url: 'https://example.com/life-2', events: ['cashback.cleared', 'qualifying_purchase.unredeemed'], is_active: false });
    const badUpdate = await api.call('POST', `${P}/update`, { auth: tenant, body: { webhook_id, callback_url: 'ftp://example.com' } });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.error.data.fields.map((f: { field: string }) => f.field)).toEqual(['callback_url']);

    const rotated = await api.call('POST', `${P}/rotate_secret`, { auth: tenant, body: { webhook_id, overlap_seconds: 0 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    expect(rotated.body.secret_fingerprint).toBe(`whsec_****${rotated.body.secret.slice(-4)}`);
    const badRotate = await api.call('POST', `${P}/rotate_secret`, { auth: tenant, body: { webhook_id, overlap_seconds: -1 } });
    expect(badRotate.body.error.data.fields.map((f: { field: string }) => f.field)).toEqual(['overlap_seconds']);

    const deleted = await api.call('POST', `${P}/delete`, { auth: tenant, body: { webhook_id } });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ webhook_id, deleted: true });
    expect((await api.call('POST', `${P}/get`, { auth: tenant, body: { webhook_id } })).status).toBe(404);
    expect((await api.call('POST', `${P}/delete`, { auth: tenant, body: { webhook_id } })).status).toBe(404);
  });

  it('pages the list with page_size and cursor', async () => {
    const ids = [];
    for (const n of [1, 2, 3]) ids.push((await create(`https://example.com/page-${n}`, 'pub_pages')).webhook_id);
    const first = await api.call('POST', `${P}/list`, { auth: tenant, body: { publisher_id: 'pub_pages', page_size: 2 } });
    expect(first.body.data.map((w: { webhook_id: string }) => w.webhook_id)).toEqual(ids.slice(0, 2));
    expect(first.body.page).toEqual({ page_size: 2, cursor: ids[1], more: true });
    const second = await api.call('POST', `${P}/list`, { auth: tenant, body: { publisher_id: 'pub_pages', page_size: 2, cursor: first.body.page.cursor } });
    expect(second.body.data.map((w: { webhook_id: string }) => w.webhook_id)).toEqual(ids.slice(2));
    expect(second.body.page.more).toBe(false);
    const badCursor = await api.call('POST', `${P}/list`, { auth: tenant, body: { cursor: 'nope' } });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.data.fields.map((f: { field: string }) => f.field)).toEqual(['cursor']);
    const tooBig = await api.call('POST', `${P}/list`, { auth: tenant, body: { page_size: 1000 } });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.data.fields.map((f: { field: string }) => f.field)).toEqual(['page_size']);
  });

  it("keeps tenants apart: another tenant's ids are unknown and its publishers are its own", async () => {
    const { webhook_id } = await create('https://example.com/mine', 'pub_shared_name');
    const other = 'k42-other';
    for (const action of ['get', 'update', 'delete', 'rotate_secret']) {
      const res = await api.call('POST', `${P}/${action}`, { auth: other, body: { webhook_id } });
      expect(res.status, action).toBe(404);
    }
    const list = await api.call('POST', `${P}/list`, { auth: other, body: { publisher_id: 'pub_shared_name' } });
    expect(list.body.data).toEqual([]);
    const all = await api.call('POST', `${P}/list`, { auth: other, body: {} });
    expect(all.body.data).toEqual([]);
    // Still there for its owner.
    expect((await api.call('POST', `${P}/get`, { auth: tenant, body: { webhook_id } })).status).toBe(200);
  });
});
