import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OAuthError, OAuthTokenCache, type OAuthCredential, type OAuthPost } from '../src/delivery/oauth.ts';

type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
type Reply = { status: number; body: unknown };

let server: Server;
let tokenUrl: string;
let received: Received[] = [];
let issued = 0;
let nextReply: (() => Reply) | null = null;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = nextReply?.() ?? { status: 200, body: { access_token: `tok-${++issued}`, token_type: 'Bearer', expires_in: 120 } };
      res.writeHead(reply.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth/token`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
});

beforeEach(() => {
  received = [];
  issued = 0;
  nextReply = null;
});

const post: OAuthPost = async (url, headers, body) => {
  try {
    const res = await request(url, { method: 'POST', headers, body });
    return { status: res.statusCode, body: await res.body.text(), errorMessage: null };
  } catch (err) {
    return { status: null, body: '', errorMessage: (err as Error).message };
  }
};

function credential(overrides: Partial<OAuthCredential> = {}): OAuthCredential {
  return {
    id: 'cred_1',
    tokenUrl,
    clientId: 'client id:1',
    clientSecret: 's3cr+t/é&=',
    scope: 'deliveries:write events:read',
    audience: 'https://api.example.com',
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

describe('OAuthTokenCache', () => {
  it('sends a client_credentials form with HTTP Basic client authentication', async () => {
    const cache = new OAuthTokenCache({ post });
    await expect(cache.getToken(credential())).resolves.toBe('tok-1');

    expect(received).toHaveLength(1);
    const [req] = received;
    expect(req?.method).toBe('POST');
    expect(req?.url).toBe('/oauth/token');
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req?.body);
    expect([...form.keys()].sort()).toEqual(['audience', 'grant_type', 'scope']);
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('scope')).toBe('deliveries:write events:read');
    expect(form.get('audience')).toBe('https://api.example.com');

    const auth = req?.headers.authorization ?? '';
    expect(auth.startsWith('Basic ')).toBe(true);
    const decoded = Buffer.from(auth.slice('Basic '.length), 'base64').toString('utf8');
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before being joined with ':'.
    expect(decoded).toBe('client+id%3A1:s3cr%2Bt%2F%C3%A9%26%3D');
    const [user, pass] = decoded.split(':');
    expect(new URLSearchParams(`u=${user}&p=${pass}`).get('u')).toBe('client id:1');
    expect(new URLSearchParams(`u=${user}&p=${pass}`).get('p')).toBe('s3cr+t/é&=');
  });

  it('omits scope and audience when not set', async () => {
    const cache = new OAuthTokenCache({ post });
    await cache.getToken(credential({ scope: null, audience: null }));
    expect(received[0]?.body).toBe('grant_type=client_credentials');
  });

  it('caches the token', async () => {
    const cache = new OAuthTokenCache({ post });
    expect(await cache.getToken(credential())).toBe('tok-1');
    expect(await cache.getToken(credential())).toBe('tok-1');
    expect(received).toHaveLength(1);
  });

  it('shares one in-flight request between concurrent callers', async () => {
    const cache = new OAuthTokenCache({ post });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => cache.getToken(credential())));
    expect(new Set(tokens)).toEqual(new Set(['tok-1']));
    expect(received).toHaveLength(1);
  });

  it('refreshes skewMs before expiry', async () => {
    const c = clock();
    const cache = new OAuthTokenCache({ post, now: c.now, skewMs: 30_000 });
    expect(await cache.getToken(credential())).toBe('tok-1'); // expires_in 120 s
    c.advance(89_999);
    expect(await cache.getToken(credential())).toBe('tok-1');
    c.advance(1);
    expect(await cache.getToken(credential())).toBe('tok-2');
    expect(received).toHaveLength(2);
  });

  it('reuses short-lived tokens for half their lifetime instead of refetching every time', async () => {
    const c = clock();
    nextReply = () => ({ status: 200, body: { access_token: `short-${++issued}`, token_type: 'bearer', expires_in: 20 } });
    const cache = new OAuthTokenCache({ post, now: c.now, skewMs: 30_000 });
    expect(await cache.getToken(credential())).toBe('short-1');
    c.advance(9_999);
    expect(await cache.getToken(credential())).toBe('short-1');
    c.advance(1);
    expect(await cache.getToken(credential())).toBe('short-2');
  });

  it('defaults expires_in to 3600 s', async () => {
    const c = clock();
    nextReply = () => ({ status: 200, body: { access_token: `t-${++issued}`, token_type: 'Bearer' } });
    const cache = new OAuthTokenCache({ post, now: c.now });
    await cache.getToken(credential());
    c.advance(3_570_000 - 1);
    expect(await cache.getToken(credential())).toBe('t-1');
    c.advance(1);
    expect(await cache.getToken(credential())).toBe('t-2');
  });

  it('fetches a new token after invalidate, but only if the token is still the cached one', async () => {
    const cache = new OAuthTokenCache({ post });
    const first = await cache.getToken(credential());
    cache.invalidate('cred_1', first);
    const second = await cache.getToken(credential());
    expect(second).toBe('tok-2');
    // A late 401 for the old token must not throw away the fresh one.
    cache.invalidate('cred_1', first);
    expect(await cache.getToken(credential())).toBe('tok-2');
    expect(received).toHaveLength(2);
  });

  it('treats an edited credential (new updatedAt) as a cache miss', async () => {
    const cache = new OAuthTokenCache({ post });
    expect(await cache.getToken(credential())).toBe('tok-1');
    const edited = credential({ clientSecret: 'rotated', updatedAt: new Date('2025-02-01T00:00:00Z') });
    expect(await cache.getToken(edited)).toBe('tok-2');
    expect(await cache.getToken(edited)).toBe('tok-2');
    expect(received).toHaveLength(2);
  });

  it('throws OAuthError with the endpoint error and does not cache it', async () => {
    nextReply = () => ({ status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed\r\nInjected: x' } });
    const cache = new OAuthTokenCache({ post });
    const err = await cache.getToken(credential()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OAuthError);
    const oauthErr = err as OAuthError;
    expect(oauthErr.status).toBe(400);
    expect(oauthErr.oauthError).toBe('invalid_client');
    expect(oauthErr.credentialId).toBe('cred_1');
    expect(oauthErr.message).toContain('HTTP 400: invalid_client (Client authentication failed');
    expect(oauthErr.message).not.toMatch(/[\r\n]/);
    expect(oauthErr.message).not.toContain('s3cr');

    nextReply = null;
    expect(await cache.getToken(credential())).toBe('tok-1');
    expect(received).toHaveLength(2);
  });

  it('shares a failure between concurrent callers, then retries on the next call', async () => {
    nextReply = () => ({ status: 503, body: 'upstream down' });
    const cache = new OAuthTokenCache({ post });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => cache.getToken(credential())));
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof OAuthError)).toBe(true);
    expect(received).toHaveLength(1);
    nextReply = null;
    expect(await cache.getToken(credential())).toBe('tok-1');
  });

  it.each([
    ['non-Bearer token_type', { access_token: 'abc', token_type: 'mac' }, /token_type must be Bearer/],
    ['missing token_type', { access_token: 'abc' }, /token_type must be Bearer/],
    ['missing access_token', { token_type: 'Bearer' }, /no access_token/],
    ['header-unsafe access_token', { access_token: 'abc\r\nX-Evil: 1', token_type: 'Bearer' }, /not allowed/],
    ['bad expires_in', { access_token: 'abc', token_type: 'Bearer', expires_in: -1 }, /expires_in/],
    ['non-JSON body', 'not json', /not a JSON object/],
  ])('rejects a 200 response with %s', async (_name, body, message) => {
    nextReply = () => ({ status: 200, body });
    const cache = new OAuthTokenCache({ post });
    await expect(cache.getToken(credential())).rejects.toThrow(message);
    await expect(cache.getToken(credential())).rejects.toBeInstanceOf(OAuthError);
    expect(received).toHaveLength(2);
  });

  it('accepts expires_in sent as a string', async () => {
    nextReply = () => ({ status: 200, body: { access_token: 'abc', token_type: 'BEARER', expires_in: '60' } });
    const cache = new OAuthTokenCache({ post });
    expect(await cache.getToken(credential())).toBe('abc');
  });

  it('wraps transport failures in OAuthError', async () => {
    const cache = new OAuthTokenCache({ post: async () => ({ status: null, body: '', errorMessage: 'connect ECONNREFUSED' }) });
    await expect(cache.getToken(credential())).rejects.toThrow(/ECONNREFUSED/);
    const throwing = new OAuthTokenCache({
      post: async () => {
        throw new Error('blocked by outbound policy');
      },
    });
    await expect(throwing.getToken(credential())).rejects.toThrow(OAuthError);
  });
});
