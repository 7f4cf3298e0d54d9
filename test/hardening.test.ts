// Issue 8's refusals at the HTTP and WebSocket edge, through the real endpoint: CORS by explicit
// list only, request-size caps, clear typed bodies for refused requests, CSRF media types.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from './helpers/app.ts';

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
