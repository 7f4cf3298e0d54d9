// Issue 8's refusals at the HTTP and WebSocket edge, through the real endpoint: CORS by explicit
// list only, request-size caps, clear typed bodies for refused requests, CSRF media types, and
// invalid configuration reported as such.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { ChildExitedError, startChildApp } from './helpers/child-app.ts';

const ALLOWED = 'https://app.example';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_CORS_ORIGINS: `${ALLOWED}, https://admin.example` });
});
afterAll(async () => t?.stop());

describe('CORS (defect 2)', () => {
  it('opens to the listed origins only, never with credentials', async () => {
    const token = await t.token('cors');
    const from = (origin: string) =>
      fetch(t.url, {
        method: 'POST',
        headers: { origin, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    const listed = await from(ALLOWED);
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
    expect(listed.headers.get('vary')).toMatch(/origin/i);

    const foreign = await from('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect(foreign.headers.get('access-control-allow-credentials')).toBeNull();

    const preflight = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

const MiB = 1024 * 1024;

/** POSTs `body` in chunks without Content-Length (Transfer-Encoding: chunked). */
function postChunked(url: string, body: Buffer, chunk = 64 * 1024): Promise<{ status: number; text: string; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, contentType: res.headers['content-type'] }));
    });
    // The server may stop reading once it has refused: the rest of the upload can fail.
    req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
    let sent = 0;
    const pump = () => {
      while (sent < body.length) {
        const next = body.subarray(sent, sent + chunk);
        sent += next.length;
        if (!req.write(next)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

function bigQuery(bytes: number): Buffer {
  const padding = 'x'.repeat(bytes);
  return Buffer.from(JSON.stringify({ query: `{ __typename } # ${padding}` }));
}

describe('request size limits (defect 6)', () => {
  it('refuses a body over the default 1 MiB cap by its Content-Length, with a typed 413', async () => {
    const res = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bigQuery(MiB).toString() });
    expect(res.status).toBe(413);
    const body = (await res.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(body.errors[0]!.extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(body.errors[0]!.message).toContain(`${MiB} bytes (HOOKGATE_MAX_BODY_BYTES)`);
    expect(JSON.stringify(body)).not.toContain('xxxx');
  });

  it('refuses a chunked body once it passes the cap', async () => {
    const res = await postChunked(t.url, bigQuery(3 * MiB));
    expect(res.status).toBe(413);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(res.text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('still serves a body just under the cap', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('limits')}` },
      body: bigQuery(MiB - 100).toString(),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('closes a WebSocket whose unauthenticated connection_init is over the cap (1009)', async () => {
    const ws = new WebSocket(t.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.on('error', () => {});
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init', payload: { junk: 'x'.repeat(MiB) } }));
    expect(await closed).toBe(1009);
  });
});

type Refusal = { errors: Array<{ message: string; extensions: Record<string, unknown> }> };

async function post(contentType: string | null, body: string | FormData, extra: Record<string, string> = {}) {
  const headers: Record<string, string> = { authorization: `Bearer ${await t.token('refusals')}`, ...extra };
  if (contentType !== null) headers['content-type'] = contentType;
  const res = await fetch(t.url, { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type'), text, json: JSON.parse(text) as Refusal };
}

describe('CSRF: only JSON and the GraphQL media types may POST (defect 8)', () => {
  it('refuses form-urlencoded, multipart and text/plain with a clear 415', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: '{ __typename }' }));
    const refused = [
      await post('application/x-www-form-urlencoded', 'query=%7B__typename%7D'),
      await post(null, form), // fetch sets multipart/form-data with its boundary
      await post('text/plain', JSON.stringify({ query: '{ __typename }' })),
    ];
    for (const r of refused) {
      expect(r.status).toBe(415);
      expect(r.json.errors[0]!.extensions.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(r.json.errors[0]!.message).toContain('Content-Type: application/json');
      expect(r.text).not.toContain('__typename');
    }
  });

  it('accepts application/json, application/graphql-response+json and application/graphql', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    for (const r of [await post('application/json; charset=utf-8', query), await post('application/graphql-response+json', query), await post('application/graphql', '{ __typename }')]) {
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ data: { __typename: 'Query' } });
    }
  });
});

describe('refusals say what was wrong, with a stable code, echoing nothing (defect 7)', () => {
  it('406 has a JSON body naming the media types it can serve', async () => {
    const r = await post('application/json', JSON.stringify({ query: '{ __typename }' }), { accept: 'text/xml' });
    expect(r.status).toBe(406);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.json.errors[0]!.extensions.code).toBe('NOT_ACCEPTABLE');
    expect(r.json.errors[0]!.message).toContain('application/graphql-response+json');
  });

  it('malformed JSON is a 400 BAD_REQUEST that does not quote the body', async () => {
    const r = await post('application/json', '{"query": SECRET-INPUT', { accept: 'application/json' });
    expect(r.status).toBe(400);
    expect(r.json.errors).toHaveLength(1);
    expect(r.json.errors[0]!.extensions).toEqual({ code: 'BAD_REQUEST' });
    expect(r.text).not.toContain('SECRET');
  });

  it("the cost limit is QUERY_TOO_COMPLEX with the numbers, not a 'Syntax Error'", async () => {
    const query = '{ webhooks(first: 100) { edges { node { deliveries(first: 100) { edges { node { attempts(first: 100) { edges { node { id } } } } } } } } } }';
    const r = await post('application/json', JSON.stringify({ query }));
    const error = r.json.errors[0]!;
    expect(error.message).not.toContain('Syntax Error');
    expect(error.message).toMatch(/^The query is too complex: cost [\d.]+ is over the limit of 50000; ask for smaller pages/);
    expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 50_000 });
  });

  it('invalid configuration prints the "Invalid configuration" list, no stack trace, and exits 2', async () => {
    const refused = await startChildApp({ HOOKGATE_DATA_DIR: ':memory:', HOOKGATE_RETRY_SCHEDULE: 'soon', HOOKGATE_CORS_ORIGINS: 'https://app.example/path' }).then(
      (c) => (void c.kill('SIGKILL'), null),
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ChildExitedError);
    const { code, logs } = refused as ChildExitedError;
    expect(code).toBe(2);
    expect(logs).toEqual([
      'Invalid configuration:',
      expect.stringMatching(/^ {2}HOOKGATE_CORS_ORIGINS: entry 1 is not an origin: write scheme:\/\/host\[:port\]/),
      '  HOOKGATE_RETRY_SCHEDULE: retry schedule entry 1 must be a number followed by ms, s, m or h (e.g. 0s,5s,5m,30m,2h)',
    ]);
  });
});
