// Every input rule with its exact fieldErrors path (list indexes as strings), the other
// mutations' rules, atomicity of failed creates, authentication and error masking.
import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, createApplication, createWebhook, createWebhookResult, errorPaths, ok } from './helpers/api.ts';
import {
  CreateApplicationDoc,
  CreateEventTypeDoc,
  CreateOAuthCredentialDoc,
  CreateWebhookDoc,
  ListWebhooksDoc,
  RotateWebhookSecretDoc,
  UpdateWebhookDoc,
} from './documents.ts';
import type { CreateWebhookInput } from './gql/graphql.ts';

const JWT_SECRET = 'test-secret-test-secret-test-secret-32';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_JWT_SECRET: JWT_SECRET });
});

afterAll(async () => {
  await t?.stop();
});

const tenant = 'validation';
const valid = { url: 'https://example.com/hook', events: ['cashback.created'] } satisfies CreateWebhookInput;

async function pathsOf(input: CreateWebhookInput, who = tenant): Promise<string[][]> {
  return errorPaths(await createWebhookResult(t, who, input));
}

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString('base64')}`;

describe('createWebhook: URLs', () => {
  it('refuses http for a public host, by url or urls', async () => {
    expect(await pathsOf({ ...valid, url: 'http://example.com/hook' })).toEqual([['input', 'urls', '0']]);
    expect(await pathsOf({ ...valid, url: undefined, urls: ['https://example.com/a', 'http://example.com/b'] })).toEqual([['input', 'urls', '1']]);
  });

  it('admits http for hosts on the outbound allow-list (test receivers)', async () => {
    const { webhook } = await createWebhook(t, tenant, { ...valid, url: 'http://127.0.0.1:9/receiver' });
    expect(webhook.url).toBe('http://127.0.0.1:9/receiver');
  });

  it('needs 1 to 10 URLs', async () => {
    expect(await pathsOf({ events: valid.events, urls: [] })).toEqual([['input', 'urls']]);
    expect(await pathsOf({ events: valid.events })).toEqual([['input', 'urls']]);
    const eleven = Array.from({ length: 11 }, (_, i) => `https://example.com/${i}`);
    expect(await pathsOf({ events: valid.events, urls: eleven })).toEqual([['input', 'urls']]);
    const { webhook } = await createWebhook(t, tenant, { events: valid.events, urls: eleven.slice(0, 10) });
    expect(webhook.urls).toHaveLength(10);
  });

  it('refuses a duplicate URL at its second position', async () => {
    expect(await pathsOf({ events: valid.events, urls: ['https://example.com/a', 'https://example.com/a'] })).toEqual([['input', 'urls', '1']]);
  });

  it('refuses invalid URLs', async () => {
    for (const url of ['not-a-url', 'https://', '/relative/path', 'ftp://example.com/x', 'https://exa mple.com/', ' https://example.com/']) {
      expect(await pathsOf({ ...valid, url }), url).toEqual([['input', 'urls', '0']]);
    }
  });

  it('refuses credentials in the URL', async () => {
    expect(await pathsOf({ ...valid, url: 'https://user:pass@example.com/hook' })).toEqual([['input', 'urls', '0']]);
    expect(await pathsOf({ ...valid, url: 'https://user@example.com/hook' })).toEqual([['input', 'urls', '0']]);
  });

  it('requires url to be the first of urls when both are given', async () => {
    expect(await pathsOf({ ...valid, url: 'https://example.com/b', urls: ['https://example.com/a', 'https://example.com/b'] })).toEqual([['input', 'url']]);
    const { webhook } = await createWebhook(t, tenant, { ...valid, url: 'https://example.com/a', urls: ['https://example.com/a', 'https://example.com/b'] });
    expect(webhook.urls).toEqual(['https://example.com/a', 'https://example.com/b']);
  });
});

describe('createWebhook: events', () => {
  it('refuses an unknown event at its index', async () => {
    expect(await pathsOf({ ...valid, events: ['cashback.created', 'cashback.exploded'] })).toEqual([['input', 'events', '1']]);
  });

  it('needs events or an event group', async () => {
    expect(await pathsOf({ url: valid.url, events: [] })).toEqual([['input', 'events']]);
    expect(await pathsOf({ url: valid.url })).toEqual([['input', 'events']]);
  });

  it('refuses an unknown event group', async () => {
    expect(await pathsOf({ url: valid.url, eventGroup: 'No Such Group' })).toEqual([['input', 'eventGroup']]);
  });

  it('refuses a duplicate event', async () => {
    expect(await pathsOf({ ...valid, events: ['cashback.created', 'cashback.created'] })).toEqual([['input', 'events', '1']]);
  });
});

describe('createWebhook: name, description, headers, secret, body template', () => {
  it('limits the name to 100 characters', async () => {
    expect(await pathsOf({ ...valid, name: 'n'.repeat(101) })).toEqual([['input', 'name']]);
    expect((await createWebhook(t, tenant, { ...valid, name: 'n'.repeat(100) })).webhook.name).toHaveLength(100);
  });

  it('refuses an empty or blank name', async () => {
    expect(await pathsOf({ ...valid, name: '' })).toEqual([['input', 'name']]);
    expect(await pathsOf({ ...valid, name: '   ' })).toEqual([['input', 'name']]);
  });

  it('limits the description to 1000 characters', async () => {
    expect(await pathsOf({ ...valid, description: 'd'.repeat(1001) })).toEqual([['input', 'description']]);
    expect((await createWebhook(t, tenant, { ...valid, description: 'd'.repeat(1000) })).webhook.description).toHaveLength(1000);
  });

  it('allows at most 20 headers', async () => {
    const headers = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `X-H${i}`, value: `v${i}` }));
    expect(await pathsOf({ ...valid, headers: headers(21) })).toEqual([['input', 'headers']]);
    expect((await createWebhook(t, tenant, { ...valid, headers: headers(20) })).webhook.headers).toHaveLength(20);
  });

  it('refuses a header name with a space or other non-token characters', async () => {
    for (const name of ['X Trace', 'X:Trace', 'X(Trace)', '']) {
      expect(await pathsOf({ ...valid, headers: [{ name, value: 'v' }] }), name).toEqual([['input', 'headers', '0', 'name']]);
    }
  });

  it('refuses secrets that are not whsec_ + base64 of 24..64 bytes', async () => {
    const cases = {
      tooShort: secretOf(16),
      tooLong: secretOf(65),
      notBase64: 'whsec_this is not base64!!',
      urlSafeAlphabet: `whsec_${randomBytes(32).toString('base64url')}-_`,
      missingPrefix: randomBytes(32).toString('base64'),
      otherPrefix: `sec_${randomBytes(32).toString('base64')}`,
      empty: '',
    };
    for (const [label, secret] of Object.entries(cases)) {
      expect(await pathsOf({ ...valid, secret }), label).toEqual([['input', 'secret']]);
    }
    for (const bytes of [24, 64]) {
      const secret = secretOf(bytes);
      expect((await createWebhook(t, tenant, { ...valid, secret })).signingSecret).toBe(secret);
    }
  });

  it('refuses a body template with an unbalanced {{ or an unknown root', async () => {
    expect(await pathsOf({ ...valid, bodyTemplate: '{"id": "{{event.id"}' })).toEqual([['input', 'bodyTemplate']]);
    expect(await pathsOf({ ...valid, bodyTemplate: '{"x": "{{foo.bar}}"}' })).toEqual([['input', 'bodyTemplate']]);
    const ok = '{"id": "{{event.id}}", "type": "{{event.type}}", "member": "{{data.memberId}}"}';
    expect((await createWebhook(t, tenant, { ...valid, bodyTemplate: ok })).webhook.bodyTemplate).toBe(ok);
  });

  it('reports every problem of one input at once, each at its path', async () => {
    const paths = await pathsOf({
      urls: ['http://example.com/a', 'https://example.com/b'],
      url: 'https://example.com/b',
      events: ['cashback.created', 'nope.nope'],
      name: ' padded',
      description: 'd'.repeat(1001),
      headers: [
        { name: 'X-Ok', value: 'fine' },
        { name: 'Host', value: 'evil.example.com' },
      ],
      secret: 'whsec_short',
      bodyTemplate: '{"a": "{{nope}}"}',
    });
    const expected = [
      ['input', 'url'],
      ['input', 'urls', '0'],
      ['input', 'events', '1'],
      ['input', 'name'],
      ['input', 'description'],
      ['input', 'headers', '1', 'name'],
      ['input', 'secret'],
      ['input', 'bodyTemplate'],
    ];
    expect([...paths].sort()).toEqual([...expected].sort());
  });

  it('reports the error message and code', async () => {
    const res = await createWebhookResult(t, tenant, { ...valid, url: 'http://example.com/x' });
    const v = as(res, 'ValidationError');
    expect(v.code).toBe('VALIDATION');
    expect(v.message).toMatch(/HTTPS/);
    expect(v.fieldErrors[0]?.message).toMatch(/HTTPS/);
    // Plain http is possible, for allow-listed hosts: the refusal says how (issue 8, defect 10).
    expect(v.fieldErrors[0]?.message).toContain('HOOKGATE_OUTBOUND_ALLOW');
  });
});

describe('updateWebhook and rotateWebhookSecret use the same rules and paths', () => {
  it('validates a partial update', async () => {
    const { webhook } = await createWebhook(t, tenant, valid);
    const res = ok(
      await t.gql(
        UpdateWebhookDoc,
        { input: { id: webhook.id, urls: ['https://example.com/1', 'http://example.com/2'], events: ['cashback.created', 'x.y'], headers: [{ name: 'Content-Length', value: '1' }] } },
        { tenant },
      ),
    );
    expect([...errorPaths(res.updateWebhook)].sort()).toEqual(
      [
        ['input', 'urls', '1'],
        ['input', 'events', '1'],
        ['input', 'headers', '0', 'name'],
      ].sort(),
    );
    const empty = ok(await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, events: [] } }, { tenant }));
    expect(errorPaths(empty.updateWebhook)).toEqual([['input', 'events']]);
  });

  it('validates a rotation', async () => {
    const { webhook } = await createWebhook(t, tenant, valid);
    const bad = ok(await t.gql(RotateWebhookSecretDoc, { input: { id: webhook.id, secret: secretOf(16), overlapSeconds: -1 } }, { tenant }));
    expect([...errorPaths(bad.rotateWebhookSecret)].sort()).toEqual([['input', 'overlapSeconds'], ['input', 'secret']]);
    const own = secretOf(48);
    const good = ok(await t.gql(RotateWebhookSecretDoc, { input: { id: webhook.id, secret: own, overlapSeconds: 0 } }, { tenant }));
    expect(as(good.rotateWebhookSecret, 'RotateWebhookSecretPayload').signingSecret).toBe(own);
  });
});

describe('createApplication, createEventType, createOAuthCredential', () => {
  it('createApplication refuses an empty name and a bad externalId; names are unique', async () => {
    const empty = ok(await t.gql(CreateApplicationDoc, { input: { name: '' } }, { tenant }));
    expect(errorPaths(empty.createApplication)).toEqual([['input', 'name']]);
    const blank = ok(await t.gql(CreateApplicationDoc, { input: { name: '  ' } }, { tenant }));
    expect(errorPaths(blank.createApplication)).toEqual([['input', 'name']]);
    const ext = ok(await t.gql(CreateApplicationDoc, { input: { name: 'App', externalId: 'has space' } }, { tenant }));
    expect(errorPaths(ext.createApplication)).toEqual([['input', 'externalId']]);
    await createApplication(t, tenant, { name: 'Unique App' });
    const dup = ok(await t.gql(CreateApplicationDoc, { input: { name: 'Unique App' } }, { tenant }));
    expect(as(dup.createApplication, 'ConflictError').code).toBe('CONFLICT');
  });

  it('createEventType refuses a bad name and a duplicate of a built-in type', async () => {
    for (const name of ['order created', '.order', 'order.', '1order', 'order..created', '']) {
      const res = ok(await t.gql(CreateEventTypeDoc, { input: { name } }, { tenant }));
      expect(errorPaths(res.createEventType), name).toEqual([['input', 'name']]);
    }
    const builtin = ok(await t.gql(CreateEventTypeDoc, { input: { name: 'cashback.created' } }, { tenant }));
    const conflict = as(builtin.createEventType, 'ConflictError');
    expect(conflict.code).toBe('CONFLICT');
    expect(conflict.path).toEqual(['input', 'name']);
  });

  it('createEventType adds a type to the own catalog only', async () => {
    const res = ok(await t.gql(CreateEventTypeDoc, { input: { name: 'order.shipped' } }, { tenant: 'validation-catalog' }));
    expect(as(res.createEventType, 'CreateEventTypePayload').eventType).toMatchObject({ name: 'order.shipped', group: 'order', builtin: false });
    const again = ok(await t.gql(CreateEventTypeDoc, { input: { name: 'order.shipped' } }, { tenant: 'validation-catalog' }));
    expect(as(again.createEventType, 'ConflictError').path).toEqual(['input', 'name']);

    expect((await createWebhook(t, 'validation-catalog', { url: valid.url, events: ['order.shipped'] })).webhook.events).toEqual(['order.shipped']);
    expect(await pathsOf({ url: valid.url, events: ['order.shipped'] }, 'validation-other')).toEqual([['input', 'events', '0']]);
  });

  it('createOAuthCredential refuses an http token URL and a bad scope', async () => {
    const base = { name: 'Cred', tokenUrl: 'https://auth.example.com/token', clientId: 'client', clientSecret: 'secret' };
    const http = ok(await t.gql(CreateOAuthCredentialDoc, { input: { ...base, tokenUrl: 'http://auth.example.com/token' } }, { tenant }));
    expect(errorPaths(http.createOAuthCredential)).toEqual([['input', 'tokenUrl']]);
    for (const scope of ['read  write', ' read', 'read "write"', 'read\\write']) {
      const res = ok(await t.gql(CreateOAuthCredentialDoc, { input: { ...base, scope } }, { tenant }));
      expect(errorPaths(res.createOAuthCredential), scope).toEqual([['input', 'scope']]);
    }
    const both = ok(await t.gql(CreateOAuthCredentialDoc, { input: { ...base, name: '', tokenUrl: 'https://u:p@auth.example.com/t', clientId: 'has space', scope: 'a  b' } }, { tenant }));
    expect([...errorPaths(both.createOAuthCredential)].sort()).toEqual(
      [
        ['input', 'name'],
        ['input', 'tokenUrl'],
        ['input', 'clientId'],
        ['input', 'scope'],
      ].sort(),
    );
    const good = ok(await t.gql(CreateOAuthCredentialDoc, { input: { ...base, scope: 'read write' } }, { tenant }));
    expect(as(good.createOAuthCredential, 'CreateOAuthCredentialPayload').oauthCredential.scope).toBe('read write');
  });
});

describe('a failed create writes nothing', () => {
  const who = 'validation-atomic';

  async function counts() {
    const prisma = t.app.db.prisma;
    const [webhooks, headers, secrets] = await Promise.all([
      prisma.webhook.count({ where: { tenantId: who } }),
      prisma.webhookHeader.count({ where: { webhook: { tenantId: who } } }),
      prisma.webhookSecret.count({ where: { webhook: { tenantId: who } } }),
    ]);
    const listed = ok(await t.gql(ListWebhooksDoc, { filter: { includeDeleted: true } }, { tenant: who })).webhooks.totalCount;
    return { webhooks, headers, secrets, listed };
  }

  it('on a validation error, a name conflict or an unknown application', async () => {
    const headers = [{ name: 'X-One', value: '1' }];
    await createWebhook(t, who, { ...valid, name: 'taken', headers });
    const before = await counts();
    expect(before).toEqual({ webhooks: 1, headers: 1, secrets: 1, listed: 1 });

    as(await createWebhookResult(t, who, { ...valid, headers, url: 'http://example.com/x' }), 'ValidationError');
    as(await createWebhookResult(t, who, { ...valid, headers, name: 'taken' }), 'ConflictError');
    as(await createWebhookResult(t, who, { ...valid, headers, applicationId: 'app_00000000000000000000000000000000' }), 'NotFoundError');
    as(await createWebhookResult(t, who, { ...valid, headers, oauthCredentialId: 'oac_00000000000000000000000000000000' }), 'NotFoundError');
    as(await createWebhookResult(t, who, { ...valid, headers, applicationId: 'garbage' }), 'NotFoundError');

    expect(await counts()).toEqual(before);
  });
});

describe('authentication', () => {
  const Query = ListWebhooksDoc;

  async function expect401(opts: { token?: string | null; authorization?: string }) {
    const res = await t.gql(Query, {}, opts);
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    return res;
  }

  it('accepts a valid bearer token', async () => {
    const res = await t.gql(Query, {}, { tenant });
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses a request without a token', async () => {
    await expect401({ token: null });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(tenant).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode('another-secret-another-secret-another'));
    await expect401({ token: forged });
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(tenant)
      .setIssuedAt(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(new TextEncoder().encode(JWT_SECRET));
    await expect401({ token: expired });
  });

  it('refuses a token without a subject (tenant)', async () => {
    const noSub = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(JWT_SECRET));
    await expect401({ token: noSub });
  });

  it('refuses a malformed Authorization header', async () => {
    await expect401({ authorization: 'Token abc' });
    await expect401({ authorization: 'Bearer' });
    await expect401({ authorization: 'Bearer not.a.jwt' });
    const good = await t.token(tenant);
    await expect401({ authorization: `Basic ${good}` });
  });
});

describe('unexpected errors are masked', () => {
  it('reports a database failure as "Unexpected error." without internals', async () => {
    // A second app whose database is closed under it: every resolver that queries fails with an
    // error no domain code expects. No mocks: the real server, the real (closed) PGlite.
    const broken = await startTestApp({ HOOKGATE_ROLE: 'api' });
    try {
      await broken.app.db.close();
      const res = await broken.gql(ListWebhooksDoc, {}, { tenant });
      expect(res.errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(res.text).not.toMatch(/pglite|prisma|closed|stack|at /i);
      const mutation = await broken.gql(CreateApplicationDoc, { input: { name: 'x' } }, { tenant });
      expect(mutation.errors).toEqual([{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    } finally {
      // stop() closes the server, then the already-closed database (which throws).
      await broken.stop().catch(() => {});
    }
  });
});

// PostgreSQL cannot store U+0000 in text or jsonb; a NUL in any argument must come back as a
// ValidationError at its exact path (or, in a list filter, match nothing), never as an internal error.
describe('NUL characters in free text are expected failures, not internal errors', () => {
  const NUL = 'a\u0000b';

  const cases: Array<[string, CreateWebhookInput, string[]]> = [
    ['createWebhook description', { ...valid, description: NUL }, ['input', 'description']],
    ['createWebhook url', { ...valid, url: `https://example.com/${NUL}` }, ['input', 'url']],
    ['createWebhook urls', { events: valid.events, urls: [valid.url, `https://example.com/${NUL}`] }, ['input', 'urls', '1']],
    ['createWebhook header value', { ...valid, headers: [{ name: 'X-A', value: NUL }] }, ['input', 'headers', '0', 'value']],
    ['createWebhook bodyTemplate', { ...valid, bodyTemplate: `{"a": "${NUL}"}` }, ['input', 'bodyTemplate']],
  ];
  it.each(cases)('%s', async (_label, input, path) => {
    const res = await t.gql(CreateWebhookDoc, { input }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.createWebhook)).toEqual([path]);
  });

  it('updateWebhook description', async () => {
    const { webhook } = await createWebhook(t, tenant, valid);
    const res = await t.gql(UpdateWebhookDoc, { input: { id: webhook.id, description: NUL } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.updateWebhook)).toEqual([['input', 'description']]);
  });

  it('createApplication description', async () => {
    const res = await t.gql(CreateApplicationDoc, { input: { name: 'nul app', description: NUL } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.createApplication)).toEqual([['input', 'description']]);
  });

  it('createOAuthCredential audience', async () => {
    const input = { name: 'nul cred', tokenUrl: 'https://auth.example.com/t', clientId: 'c', clientSecret: 's', audience: NUL };
    const res = await t.gql(CreateOAuthCredentialDoc, { input }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.createOAuthCredential)).toEqual([['input', 'audience']]);
  });

  it('createEventType description', async () => {
    const res = await t.gql(CreateEventTypeDoc, { input: { name: 'nul.described', description: NUL } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.createEventType)).toEqual([['input', 'description']]);
  });

  it('createEventType example', async () => {
    const res = await t.gql(CreateEventTypeDoc, { input: { name: 'nul.example', example: { note: NUL } } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(errorPaths(res.data.createEventType)).toEqual([['input', 'example', 'note']]);
  });

  it('webhooks(filter: { search }) matches nothing', async () => {
    const res = await t.gql(ListWebhooksDoc, { filter: { search: NUL } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(res.data.webhooks.totalCount).toBe(0);
  });

  it('webhooks(filter: { event }) matches nothing', async () => {
    const res = await t.gql(ListWebhooksDoc, { filter: { event: NUL } }, { tenant });
    expect(res.errors).toBeUndefined();
    expect(res.data.webhooks.totalCount).toBe(0);
  });
});
