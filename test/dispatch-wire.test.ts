// End to end through the real app: what a receiver gets on the wire (DESIGN.md section 4), which
// webhooks an event reaches, test sends and OAuth. Receivers are real HTTP(S) servers on
// 127.0.0.1; signatures are checked by the `standardwebhooks` package, never by our own code.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import {
  createWebhook,
  DispatchRotateSecretDoc,
  DispatchSendTestDoc,
  eventDeliveries,
  FAST_DELIVERY_ENV,
  getWebhook,
  member,
  ok,
  publish,
  settled,
} from './helpers/dispatch.ts';
import { CreateApplicationDoc, CreateOAuthCredentialDoc } from './documents.ts';
import { eventually, sleep, startReceiver, TEST_CA_FILE, type Receiver, type ReceivedRequest } from './helpers/receiver.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let t: TestApp;
/** Every test is its own tenant: webhooks of earlier tests never receive its events. */
let tenant = '';
let tenants = 0;
const open: Array<{ close(): Promise<void> }> = [];

async function receiver(opts: Parameters<typeof startReceiver>[0] = {}): Promise<Receiver> {
  const r = await startReceiver(opts);
  open.push(r);
  return r;
}

/** The three Standard Webhooks headers as `standardwebhooks` wants them. */
function swHeaders(req: ReceivedRequest): Record<string, string> {
  return {
    'webhook-id': String(req.headers['webhook-id']),
    'webhook-timestamp': String(req.headers['webhook-timestamp']),
    'webhook-signature': String(req.headers['webhook-signature']),
  };
}

function verifies(secret: string, req: ReceivedRequest): boolean {
  try {
    new Webhook(secret).verify(req.body, swHeaders(req));
    return true;
  } catch {
    return false;
  }
}

beforeAll(async () => {
  t = await startTestApp({ ...FAST_DELIVERY_ENV, HOOKGATE_CA_FILE: TEST_CA_FILE });
});

beforeEach(() => {
  tenant = `wire-${++tenants}`;
});

afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
});

afterAll(async () => {
  await t?.stop();
});

describe('wire contract', () => {
  it('sends the envelope with exactly the contract headers, signed so standardwebhooks verifies it (HTTPS)', async () => {
    const rx = await receiver({ tls: true });
    const { id: webhookId, secret } = await createWebhook(t, { url: rx.url('/hook').replace('127.0.0.1', 'localhost'), events: ['cashback.created'] }, tenant);
    const data = { publisher_id: 'pub_1', amount: 4.5, currency: 'EUR', nested: { list: [1, 'two', null] } };
    const before = Math.floor(Date.now() / 1000);
    const { eventId, time, deliveryCount } = await publish(t, { type: 'cashback.created', data }, tenant);
    expect(deliveryCount).toBe(1);
    const [req] = await eventually(() => rx.requests.length === 1 && rx.requests, { what: 'the delivery' });
    const h = req!.headers;

    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/hook');
    // Everything that is not transport framing is ours, and exactly the contract's set.
    const ours = Object.keys(h).filter((k) => !['host', 'connection', 'content-length'].includes(k));
    expect(ours.sort()).toEqual(['content-type', 'user-agent', 'webhook-id', 'webhook-signature', 'webhook-timestamp']);
    expect(h['content-type']).toBe('application/json');
    expect(h['user-agent']).toBe(`Hookgate/${VERSION}`);
    expect(h['webhook-id']).toBe(eventId);
    expect(h['webhook-timestamp']).toMatch(/^\d+$/);
    const ts = Number(h['webhook-timestamp']);
    expect(ts).toBeGreaterThanOrEqual(before - 1);
    expect(ts).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect(h['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);

    const body = JSON.parse(req!.body) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['id', 'type', 'time', 'data']);
    expect(body).toEqual({ id: eventId, type: 'cashback.created', time, data });

    expect(new Webhook(secret).verify(req!.body, swHeaders(req!))).toEqual(body);
    // The check is meaningful: another body, id or secret does not verify.
    expect(() => new Webhook(secret).verify(req!.body.replace('4.5', '4.6'), swHeaders(req!))).toThrow();
    expect(() => new Webhook(secret).verify(req!.body, { ...swHeaders(req!), 'webhook-id': 'evt_other' })).toThrow();
    expect(verifies('whsec_' + Buffer.alloc(32, 7).toString('base64'), req!)).toBe(false);

    const [d] = await settled(t, eventId, { tenant });
    expect(d!.status).toBe('SUCCEEDED');
    expect(d!.attemptCount).toBe(1);
    const [a] = d!.attempts;
    expect(a).toMatchObject({ number: 1, trigger: 'SCHEDULED', outcome: 'SUCCEEDED', responseStatus: 200, errorKind: null, webhookId, eventId });
    expect(a!.requestHeaders).toMatchObject({ 'webhook-id': eventId, 'webhook-signature': 'v1,<redacted>', 'user-agent': `Hookgate/${VERSION}` });
  });

  it('signs with both secrets during a rotation overlap and with the new one only after it', async () => {
    const rx = await receiver();
    const { id, secret: oldSecret } = await createWebhook(t, { url: rx.url(), events: ['cashback.cleared'] }, tenant);
    const rotated = ok(await t.gql(DispatchRotateSecretDoc, { input: { id, overlapSeconds: 1 } }, { tenant }));
    const rotatedAt = Date.now();
    const newSecret = member(rotated.rotateWebhookSecret, 'RotateWebhookSecretPayload').signingSecret;
    expect(newSecret).not.toBe(oldSecret);

    const during = await publish(t, { type: 'cashback.cleared', data: { n: 1 } }, tenant);
    const [req1] = await eventually(() => rx.byId(during.eventId).length === 1 && rx.byId(during.eventId), { what: 'delivery during overlap' });
    const sigs = String(req1!.headers['webhook-signature']).split(' ');
    expect(sigs).toHaveLength(2);
    for (const s of sigs) expect(s).toMatch(/^v1,[A-Za-z0-9+/]+={0,2}$/);
    expect(verifies(oldSecret, req1!)).toBe(true);
    expect(verifies(newSecret, req1!)).toBe(true);
    // Each secret matches exactly one of the two signatures.
    for (const secret of [oldSecret, newSecret]) {
      const matching = sigs.filter((s) => verifies(secret, { ...req1!, headers: { ...req1!.headers, 'webhook-signature': s } }));
      expect(matching).toHaveLength(1);
    }

    await sleep(Math.max(0, rotatedAt + 1_300 - Date.now()));
    const after = await publish(t, { type: 'cashback.cleared', data: { n: 2 } }, tenant);
    const [req2] = await eventually(() => rx.byId(after.eventId).length === 1 && rx.byId(after.eventId), { what: 'delivery after overlap' });
    expect(String(req2!.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(newSecret, req2!)).toBe(true);
    expect(verifies(oldSecret, req2!)).toBe(false);
  });

  it('sends the rendered body template and custom headers with placeholders filled, signed over that body', async () => {
    const rx = await receiver();
    const bodyTemplate =
      '{"eventId": "{{event.id}}", "kind": "{{event.type}}", "user": "{{data.user.id}}", "credits": {{data.credits}}, ' +
      '"meta": {{data.meta}}, "greeting": "Hi {{data.user.name}}", "missing": {{data.nope}}}';
    const { secret } = await createWebhook(t, {
      url: rx.url('/tpl'),
      events: ['balance.credit_points_issued'],
      bodyTemplate,
      headers: [
        { name: 'X-Event-Type', value: '{{event.type}}' },
        { name: 'X-User', value: 'user-{{data.user.id}}' },
        { name: 'X-Static', value: '  fixed  ' },
      ],
    }, tenant);
    const data = { user: { id: 'u-42', name: 'Ann "the" Tester\n' }, credits: 150, meta: { tags: ['a', 'b'], ok: true } };
    const { eventId } = await publish(t, { type: 'balance.credit_points_issued', data }, tenant);
    const [req] = await eventually(() => rx.byId(eventId).length === 1 && rx.byId(eventId), { what: 'templated delivery' });

    const body = JSON.parse(req!.body) as Record<string, unknown>;
    expect(body).toEqual({
      eventId,
      kind: 'balance.credit_points_issued',
      user: 'u-42',
      credits: 150,
      meta: { tags: ['a', 'b'], ok: true },
      greeting: 'Hi Ann "the" Tester\n',
      missing: null,
    });
    expect(typeof body.credits).toBe('number');
    expect(verifies(secret, req!)).toBe(true);
    expect(req!.headers['x-event-type']).toBe('balance.credit_points_issued');
    expect(req!.headers['x-user']).toBe('user-u-42');
    expect(req!.headers['x-static']).toBe('fixed');
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['webhook-id']).toBe(eventId);
  });
});

describe('fan-out and filtering', () => {
  it('delivers one event to each of three URLs: three deliveries, three receipts, one webhook-id', async () => {
    const rx = await receiver();
    const { secret } = await createWebhook(t, { urls: [rx.url('/a'), rx.url('/b'), rx.url('/c')], events: ['cashback.reverted'] }, tenant);
    const { eventId, deliveryCount } = await publish(t, { type: 'cashback.reverted', data: { x: 1 } }, tenant);
    expect(deliveryCount).toBe(3);
    const reqs = await eventually(() => rx.byId(eventId).length === 3 && rx.byId(eventId), { what: 'three receipts' });
    expect(reqs.map((r) => r.path).sort()).toEqual(['/a', '/b', '/c']);
    expect(new Set(reqs.map((r) => r.headers['webhook-id']))).toEqual(new Set([eventId]));
    for (const r of reqs) expect(verifies(secret, r)).toBe(true);
    const ds = await settled(t, eventId, { count: 3, tenant });
    expect(ds.map((d) => d.url).sort()).toEqual([rx.url('/a'), rx.url('/b'), rx.url('/c')]);
    expect(ds.every((d) => d.status === 'SUCCEEDED' && d.attemptCount === 1)).toBe(true);
    await sleep(300);
    expect(rx.requests).toHaveLength(3);
  });

  it('delivers only subscribed types, and a group subscription gets every type of the group', async () => {
    const rx = await receiver();
    await createWebhook(t, { url: rx.url('/type'), events: ['qualifying_purchase.created'] }, tenant);
    await createWebhook(t, { url: rx.url('/group'), eventGroup: 'Member Rewards' }, tenant);

    const unsubscribed = await publish(t, { type: 'qualifying_purchase.voided', data: {} }, tenant);
    expect(unsubscribed.deliveryCount).toBe(0);
    const typed = await publish(t, { type: 'qualifying_purchase.created', data: {} }, tenant);
    expect(typed.deliveryCount).toBe(1);
    const issued = await publish(t, { type: 'member_rewards.reward_issued', data: { memberId: 'm1' } }, tenant);
    const redeemed = await publish(t, { type: 'member_rewards.reward_redeemed', data: { memberId: 'm1' } }, tenant);
    expect([issued.deliveryCount, redeemed.deliveryCount]).toEqual([1, 1]);

    await eventually(() => rx.requests.length >= 3, { what: 'three receipts' });
    await settled(t, redeemed.eventId, { tenant });
    await sleep(200);
    const got = rx.requests.map((r) => `${r.path} ${(JSON.parse(r.body) as { type: string }).type}`).sort();
    expect(got).toEqual(['/group member_rewards.reward_issued', '/group member_rewards.reward_redeemed', '/type qualifying_purchase.created']);
    expect(rx.byId(unsubscribed.eventId)).toHaveLength(0);
    expect(await eventDeliveries(t, unsubscribed.eventId, tenant)).toHaveLength(0);
  });

  it("routes by application: an app's webhook gets its app's events only, an app-less webhook gets app-less events too", async () => {
    const rx = await receiver();
    const app = async (name: string) =>
      member(ok(await t.gql(CreateApplicationDoc, { input: { name } }, { tenant })).createApplication, 'CreateApplicationPayload').application.id;
    const appA = await app('Dispatch App A');
    const appB = await app('Dispatch App B');
    await createWebhook(t, { url: rx.url('/app-a'), events: ['session.completed'], applicationId: appA }, tenant);
    await createWebhook(t, { url: rx.url('/no-app'), events: ['session.completed'] }, tenant);

    const ofA = await publish(t, { type: 'session.completed', data: { s: 'a' }, applicationId: appA }, tenant);
    const ofB = await publish(t, { type: 'session.completed', data: { s: 'b' }, applicationId: appB }, tenant);
    const ofNone = await publish(t, { type: 'session.completed', data: { s: 'none' } }, tenant);
    expect([ofA.deliveryCount, ofB.deliveryCount, ofNone.deliveryCount]).toEqual([2, 1, 1]);

    await eventually(() => rx.requests.length >= 4, { what: 'four receipts' });
    for (const e of [ofA, ofB, ofNone]) await settled(t, e.eventId, { tenant });
    await sleep(200);
    const seen = (path: string) => rx.requests.filter((r) => r.path === path).map((r) => r.webhookId).sort();
    expect(seen('/app-a')).toEqual([ofA.eventId]);
    expect(seen('/no-app')).toEqual([ofA.eventId, ofB.eventId, ofNone.eventId].sort());
  });

  it('is idempotent: the same key returns the first event, creates no deliveries, and the receiver gets one request', async () => {
    const rx = await receiver();
    await createWebhook(t, { url: rx.url(), events: ['cashback.created'] }, tenant);
    const input = { type: 'cashback.created', data: { amount: 1 }, idempotencyKey: 'dispatch-key-1' };
    const first = await publish(t, input, tenant);
    expect(first).toMatchObject({ duplicate: false, deliveryCount: 1 });
    const again = await publish(t, { ...input, data: { amount: 2 } }, tenant);
    expect(again).toMatchObject({ duplicate: true, eventId: first.eventId, deliveryCount: 1 });
    await settled(t, first.eventId, { tenant });
    await sleep(300);
    expect(rx.requests).toHaveLength(1);
    expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ data: { amount: 1 } });
    expect(await eventDeliveries(t, first.eventId, tenant)).toHaveLength(1);

    // Concurrent publishes with one fresh key: one event, one delivery.
    const burst = await Promise.all(Array.from({ length: 5 }, () => publish(t, { ...input, idempotencyKey: 'dispatch-key-2' }, tenant)));
    expect(new Set(burst.map((b) => b.eventId)).size).toBe(1);
    expect(burst.filter((b) => !b.duplicate)).toHaveLength(1);
    await settled(t, burst[0]!.eventId, { tenant });
    await sleep(300);
    expect(rx.byId(burst[0]!.eventId)).toHaveLength(1);
  });
});

describe('sendTestWebhook', () => {
  it('returns the attempt and records lastTestAt / lastTestStatus', async () => {
    const rx = await receiver({ handler: () => ({ status: 202, body: 'accepted' }) });
    const { id, secret } = await createWebhook(t, { url: rx.url(), events: ['trigger_event.created'] }, tenant);
    const data = ok(await t.gql(DispatchSendTestDoc, { input: { id } }, { tenant }));
    const p = member(data.sendTestWebhook, 'SendTestWebhookPayload');
    expect(p.attempt).toMatchObject({ outcome: 'SUCCEEDED', responseStatus: 202, responseBody: 'accepted', trigger: 'TEST', number: 1, webhookId: id });
    expect(p.attempt.delivery.status).toBe('SUCCEEDED');
    expect(p.webhook.lastTestStatus).toBe('SUCCEEDED');
    expect(p.webhook.lastTestAt).not.toBeNull();
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]!.webhookId).toBe(p.attempt.eventId);
    expect(verifies(secret, rx.requests[0]!)).toBe(true);
    expect(JSON.parse(rx.requests[0]!.body)).toMatchObject({ type: 'trigger_event.created', data: { test: true } });
    const w = await getWebhook(t, id, tenant);
    expect(w.lastTestStatus).toBe('SUCCEEDED');
    expect(w.lastTestAt).toBe(p.webhook.lastTestAt);
  });

  it('reports a failing receiver as FAILED and never retries the test', async () => {
    const rx = await receiver({ handler: () => ({ status: 500, body: 'boom' }) });
    const { id } = await createWebhook(t, { url: rx.url(), events: ['trigger_event.created'] }, tenant);
    const p = member(ok(await t.gql(DispatchSendTestDoc, { input: { id } }, { tenant })).sendTestWebhook, 'SendTestWebhookPayload');
    expect(p.attempt).toMatchObject({ outcome: 'FAILED', responseStatus: 500, errorKind: 'HTTP_STATUS', trigger: 'TEST' });
    expect(p.attempt.delivery.status).toBe('FAILED');
    expect(p.webhook.lastTestStatus).toBe('FAILED');
    // Longer than the whole retry schedule: still one request.
    await sleep(1_000);
    expect(rx.requests).toHaveLength(1);
    const w = await getWebhook(t, id, tenant);
    expect(w.isActive).toBe(true);
    expect(w.lastTestStatus).toBe('FAILED');
  });
});

describe('OAuth client credentials', () => {
  it('sends the bearer token, caches it, refreshes once on a 401 and redacts credentials in the record', async () => {
    const tokenRequests: Array<{ authorization: string | undefined; body: string }> = [];
    const tokenServer = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        tokenRequests.push({ authorization: req.headers.authorization, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: `tok-${tokenRequests.length}`, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', () => r()));
    open.push({ close: () => new Promise<void>((r) => tokenServer.close(() => r())) });
    const tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/oauth/token`;

    let revoked = new Set<string>();
    const rx = await receiver({
      handler: (req) => (revoked.has(String(req.headers.authorization)) ? { status: 401, body: 'token revoked' } : { status: 200 }),
    });
    const cred = member(
      ok(await t.gql(CreateOAuthCredentialDoc, { input: { name: 'Dispatch OAuth', tokenUrl, clientId: 'hookgate-client', clientSecret: 's3cret', scope: 'webhooks' } }, { tenant }))
        .createOAuthCredential,
      'CreateOAuthCredentialPayload',
    ).oauthCredential;
    await createWebhook(t, { url: rx.url(), events: ['session.expired'], oauthCredentialId: cred.id }, tenant);

    const e1 = await publish(t, { type: 'session.expired', data: { n: 1 } }, tenant);
    const e2 = await publish(t, { type: 'session.expired', data: { n: 2 } }, tenant);
    await settled(t, e1.eventId, { tenant });
    await settled(t, e2.eventId, { tenant });
    expect(rx.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-1']);
    expect(tokenRequests).toHaveLength(1);
    expect(tokenRequests[0]!.authorization).toBe(`Basic ${Buffer.from('hookgate-client:s3cret').toString('base64')}`);
    expect(new URLSearchParams(tokenRequests[0]!.body).get('grant_type')).toBe('client_credentials');
    expect(new URLSearchParams(tokenRequests[0]!.body).get('scope')).toBe('webhooks');

    revoked = new Set(['Bearer tok-1']);
    const e3 = await publish(t, { type: 'session.expired', data: { n: 3 } }, tenant);
    const [d] = await settled(t, e3.eventId, { tenant });
    expect(rx.byId(e3.eventId).map((r) => [r.headers.authorization, r.headers['webhook-id']])).toEqual([
      ['Bearer tok-1', e3.eventId],
      ['Bearer tok-2', e3.eventId],
    ]);
    expect(tokenRequests).toHaveLength(2);
    expect(d).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1 });
    expect(d!.attempts).toHaveLength(1);
    expect(d!.attempts[0]).toMatchObject({ outcome: 'SUCCEEDED', responseStatus: 200 });
    const recorded = d!.attempts[0]!.requestHeaders as Record<string, string>;
    expect(recorded.authorization).toBe('<redacted>');
    expect(recorded['webhook-signature']).toBe('v1,<redacted>');
    expect(JSON.stringify(d!.attempts)).not.toContain('tok-');
  });
});
