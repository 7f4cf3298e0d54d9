import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createOutboundClient } from '../src/delivery/send.ts';
import { parseRetryAfter } from '../src/delivery/retry.ts';
import type { OutboundClient, OutboundClientOptions } from '../src/delivery/send.ts';
import { isBlockedAddress, isUrlAllowedScheme, parseAllowList } from '../src/delivery/outbound.ts';

const TLS_DIR = fileURLToPath(new URL('./fixtures/tls/', import.meta.url));
const CA_FILE = `${TLS_DIR}ca.pem`;
const TLS = { key: readFileSync(`${TLS_DIR}server-key.pem`), cert: readFileSync(`${TLS_DIR}server-cert.pem`) };

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Receiver {
  port: number;
  /** TCP connections accepted: proves "nothing reached it", not just "no request". */
  connections: number;
  requests: { headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

const open: Receiver[] = [];

async function receiver(kind: 'http' | 'https', handler: Handler, host = '127.0.0.1'): Promise<Receiver> {
  const server = kind === 'https' ? https.createServer(TLS) : http.createServer();
  const r: Receiver = {
    port: 0,
    connections: 0,
    requests: [],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => r.connections++);
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(req, res);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  r.port = (server.address() as AddressInfo).port;
  open.push(r);
  return r;
}

const clients: OutboundClient[] = [];
function client(opts: Partial<OutboundClientOptions> & { allow?: string } = {}): OutboundClient {
  const { allow = '', ...rest } = opts;
  const c = createOutboundClient({ allowList: parseAllowList(allow), timeoutMs: 5000, maxResponseBytes: 65536, ...rest });
  clients.push(c);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(open.splice(0).map((r) => r.close()));
});

const ok: Handler = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'x-receiver': 'yes' });
  res.end('{"received":true}');
};

describe('isBlockedAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700::1111', '2001:4860:4860::8888', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'allows public %s',
    (ip) => {
      expect(isBlockedAddress(ip)).toEqual({ blocked: false });
    },
  );

  it.each([
    '0.0.0.0', '0.1.2.3', '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.1.1',
    '169.254.169.254', '169.254.1.1', '100.64.0.1', '100.127.255.255', '224.0.0.1', '239.255.255.250', '240.0.0.1',
    '255.255.255.255', '198.18.0.1', '198.19.255.255', '192.0.2.1', '198.51.100.7', '203.0.113.9', '192.0.0.8',
    '::', '::1', '0:0:0:0:0:0:0:1', 'fc00::1', 'fd12:3456::1', 'fe80::1', 'fe80::1%eth0', 'FEBF::1', 'ff02::1',
    'fd00:ec2::254', '2001:db8::1',
    // IPv4 embedded in IPv6, every spelling
    '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:0001', '::FFFF:7F00:1', '::ffff:10.0.0.1',
    '::ffff:169.254.169.254', '::127.0.0.1', '::7f00:1', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '64:ff9b::127.0.0.1',
    '64:ff9b::a9fe:a9fe', '64:ff9b:1::8.8.8.8', '2002:7f00:1::', '2002:c0a8:101::1',
    '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo, client 127.0.0.1 (inverted)
    '2001:0:7f00:1::1', // Teredo, server 127.0.0.1
    // not addresses at all: fail closed
    '', 'localhost', '127.1', '0x7f000001', '2130706433', '010.0.0.1', '1.2.3.4.5', '::ffff:1.2.3', '1::2::3', '12345::',
  ])('blocks %s', (ip) => {
    const v = isBlockedAddress(ip);
    expect(v.blocked).toBe(true);
    expect(v.reason).toBeTruthy();
  });

  it('names the embedded address in the reason', () => {
    expect(isBlockedAddress('::ffff:7f00:1').reason).toMatch(/127\.0\.0\.1/);
    expect(isBlockedAddress('169.254.169.254').reason).toMatch(/metadata/);
  });
});

describe('allow-list', () => {
  const allow = parseAllowList(' 127.0.0.1, ::1 ,localhost,10.0.0.0/8,,Receiver.Test. ');

  it('gates plain http on the allow-list and always allows https', () => {
    expect(isUrlAllowedScheme(new URL('https://example.com/'), parseAllowList(''))).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://example.com/'), allow)).toBe(false);
    expect(isUrlAllowedScheme(new URL('http://127.0.0.1:8080/'), allow)).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://127.1:8080/'), allow)).toBe(true); // URL normalises to 127.0.0.1
    expect(isUrlAllowedScheme(new URL('http://[::1]/'), allow)).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://LOCALHOST/'), allow)).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://receiver.test/'), allow)).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://10.20.30.40/'), allow)).toBe(true);
    expect(isUrlAllowedScheme(new URL('http://11.0.0.1/'), allow)).toBe(false);
    expect(isUrlAllowedScheme(new URL('http://evil.localhost/'), allow)).toBe(false);
    expect(isUrlAllowedScheme(new URL('ftp://127.0.0.1/'), allow)).toBe(false);
  });

  it('rejects entries it cannot read', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow();
    expect(() => parseAllowList('not a host')).toThrow();
    expect(() => parseAllowList('http://x')).toThrow();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:01:30 GMT', 90_000],
    ['Wed, 31 Dec 2025 23:00:00 GMT', 0], // past dates mean "now"
    ['99999999', 99_999_999_000], // raw: bounding is the scheduler's job
  ])('%s -> %s ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([undefined, '', '-5', '1.5', 'soon', 'Thu, 99 Foo 2026'])('%s -> null', (value) => {
    expect(parseRetryAfter(value, now)).toBeNull();
  });
});

describe('send: success', () => {
  it('POSTs over https to a receiver signed by the extra CA', async () => {
    const r = await receiver('https', ok);
    const c = client({ allow: '127.0.0.1', caFile: CA_FILE });
    const res = await c.send({
      url: `https://127.0.0.1:${r.port}/hooks?x=1`,
      headers: { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      body: '{"hello":"world"}',
    });
    expect(res).toMatchObject({ ok: true, status: 200, errorKind: null, errorMessage: null, responseBody: '{"received":true}' });
    expect(res.responseHeaders['x-receiver']).toBe('yes');
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]?.body).toBe('{"hello":"world"}');
    expect(r.requests[0]?.headers['webhook-id']).toBe('msg_1');
  });

  it('verifies the certificate against the host name when connecting by name', async () => {
    const r = await receiver('https', ok);
    const c = client({ allow: 'localhost', caFile: CA_FILE });
    const res = await c.send({ url: `https://localhost:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: true, status: 200 });
  });

  it('POSTs over plain http to an allow-listed host, reusing the connection', async () => {
    const r = await receiver('http', ok);
    // With an unlimited pool undici may open a second socket when the next
    // request is dispatched in the same tick the previous body ended.
    const c = client({ allow: '127.0.0.1', connections: 1 });
    for (let i = 0; i < 3; i++) {
      const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: `{"n":${i}}` });
      expect(res).toMatchObject({ ok: true, status: 200, errorKind: null });
    }
    expect(r.requests.map((q) => q.body)).toEqual(['{"n":0}', '{"n":1}', '{"n":2}']);
    expect(r.connections).toBe(1);
  });

  it('reports non-2xx as HTTP_STATUS with Retry-After in seconds or as a date', async () => {
    let n = 0;
    const r = await receiver('http', (_req, res) => {
      n++;
      if (n === 1) res.writeHead(503, { 'retry-after': '7' }).end('busy');
      else res.writeHead(429, { 'retry-after': new Date(Date.now() + 60_000).toUTCString() }).end();
    });
    const c = client({ allow: '127.0.0.1' });
    const first = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '' });
    expect(first).toMatchObject({ ok: false, status: 503, errorKind: 'HTTP_STATUS', responseBody: 'busy', retryAfterMs: 7000 });
    const second = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '' });
    expect(second).toMatchObject({ ok: false, status: 429, errorKind: 'HTTP_STATUS' });
    // HTTP dates have one-second resolution.
    expect(second.retryAfterMs).toBeGreaterThan(50_000);
    expect(second.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('send: refused targets (empty allow-list)', () => {
  let target: Receiver;
  beforeAll(async () => {
    // A receiver that would answer 200 if anything reached it.
    target = await receiver('https', ok);
    open.splice(open.indexOf(target), 1); // survives afterEach; closed in afterAll
  });
  afterAll(() => target.close());

  const local = (p: number) => [
    `https://127.0.0.1:${p}/`,
    `https://localhost:${p}/`,
    `https://127.1:${p}/`,
    `https://2130706433:${p}/`,
    `https://0x7f000001:${p}/`,
    `https://0x7f.1:${p}/`,
    `https://0177.0.0.1:${p}/`,
    `https://[::1]:${p}/`,
    `https://[::ffff:127.0.0.1]:${p}/`,
    `https://[::ffff:7f00:1]:${p}/`,
    `https://[0:0:0:0:0:ffff:7f00:1]:${p}/`,
    `https://[::127.0.0.1]:${p}/`,
    `http://127.0.0.1:${p}/`,
    `http://localhost:${p}/`,
  ];

  it('refuses every spelling of the local receiver without touching it', async () => {
    const c = client({ caFile: CA_FILE });
    for (const url of local(target.port)) {
      const res = await c.send({ url, headers: {}, body: '{}' });
      expect([url, res.errorKind]).toEqual([url, expect.stringMatching(/^(BLOCKED_ADDRESS|INVALID_URL)$/)]);
      expect(res.ok).toBe(false);
      expect(res.status).toBeNull();
    }
    expect(target.connections).toBe(0);
    expect(target.requests).toHaveLength(0);
  });

  // Literal private addresses are judged before a socket exists: an instant
  // BLOCKED_ADDRESS, never a connect attempt that could time out.
  it.each([
    'https://10.0.0.1/',
    'https://172.16.0.1/',
    'https://192.168.1.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://[64:ff9b::7f00:1]/',
    'https://[64:ff9b::a9fe:a9fe]/',
    'https://[fd00:ec2::254]/',
    'https://[fe80::1]/',
    'https://[2002:7f00:1::]/',
    'https://0.0.0.0/',
    'https://[::]/',
  ])('refuses %s before connecting', async (url) => {
    const c = client({ timeoutMs: 5000 });
    const res = await c.send({ url, headers: {}, body: '{}' });
    expect(res.errorKind).toBe('BLOCKED_ADDRESS');
    expect(res.errorMessage).toBeTruthy();
    expect(res.durationMs).toBeLessThan(1000);
  });

  it('checks the addresses DNS returns, not the name', async () => {
    const answers: Record<string, string[]> = {
      'rebind.example': ['127.0.0.1'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'v6.example': ['::1'],
    };
    const c = client({
      caFile: CA_FILE,
      resolve: async (host) => (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
    });
    for (const host of Object.keys(answers)) {
      const res = await c.send({ url: `https://${host}:${target.port}/`, headers: {}, body: '{}' });
      expect([host, res.errorKind]).toEqual([host, 'BLOCKED_ADDRESS']);
    }
    expect(target.connections).toBe(0);
  });

  it('refuses URLs it cannot or will not send to', async () => {
    const c = client();
    for (const url of ['not a url', '/relative', 'ftp://example.com/', 'file:///etc/passwd', 'http://example.com/', 'https://user:pw@example.com/']) {
      const res = await c.send({ url, headers: {}, body: '' });
      expect([url, res.errorKind]).toEqual([url, 'INVALID_URL']);
    }
  });
});

describe('send: allow-listed names', () => {
  it('skips the block check for an allow-listed host name whatever it resolves to', async () => {
    const r = await receiver('http', ok);
    const c = client({ allow: 'receiver.test', resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const res = await c.send({ url: `http://receiver.test:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: true, status: 200 });
  });

  it('reports a name that does not resolve as DNS', async () => {
    const c = client({
      resolve: async (host) => {
        throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      },
    });
    const res = await c.send({ url: 'https://nowhere.invalid/', headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'DNS' });
    expect(res.errorMessage).toMatch(/ENOTFOUND/);
  });
});

describe('send: redirects', () => {
  it('returns a 302 as a status and never follows it', async () => {
    const elsewhere = await receiver('http', ok);
    const r = await receiver('http', (_req, res) => {
      res.writeHead(302, { location: `http://localhost:${elsewhere.port}/stolen` }).end();
    });
    const c = client({ allow: '127.0.0.1' });
    const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: 302, errorKind: 'HTTP_STATUS' });
    expect(res.responseHeaders.location).toContain('/stolen');
    expect(elsewhere.connections).toBe(0);
  });
});

describe('send: failures', () => {
  it('gives up on a receiver that never answers within the deadline', async () => {
    const r = await receiver('http', () => {
      /* never respond */
    });
    const c = client({ allow: '127.0.0.1', timeoutMs: 500 });
    const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'TIMEOUT' });
    expect(res.durationMs).toBeLessThan(5000);
  });

  it('counts the body read against the same deadline', async () => {
    // A byte every 100 ms never trips a per-chunk idle timeout; only a
    // deadline for the whole request ends this.
    const r = await receiver('http', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const t = setInterval(() => res.write('.'), 100);
      res.on('close', () => clearInterval(t));
    });
    const c = client({ allow: '127.0.0.1', timeoutMs: 500 });
    const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: 200, errorKind: 'TIMEOUT' });
    expect(res.durationMs).toBeLessThan(5000);
  });

  it('reports an untrusted certificate as TLS', async () => {
    const r = await receiver('https', ok);
    const c = client({ allow: '127.0.0.1' }); // no caFile
    const res = await c.send({ url: `https://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'TLS' });
    expect(r.requests).toHaveLength(0);
  });

  it('reports a certificate for another name as TLS', async () => {
    // 127.0.0.2 is loopback on Linux but not in the certificate's SAN.
    const r = await receiver('https', ok, '127.0.0.2');
    const c = client({ allow: '127.0.0.2', caFile: CA_FILE });
    const res = await c.send({ url: `https://127.0.0.2:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'TLS' });
    expect(res.errorMessage).toMatch(/ALTNAME|altname|IP/);
  });

  it('reports a closed port as CONNECTION', async () => {
    const r = await receiver('http', ok);
    const port = r.port;
    await r.close();
    open.splice(open.indexOf(r), 1);
    const c = client({ allow: '127.0.0.1' });
    const res = await c.send({ url: `http://127.0.0.1:${port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'CONNECTION' });
    expect(res.errorMessage).toMatch(/ECONNREFUSED/);
  });

  it('reports a receiver that hangs up mid-request as CONNECTION', async () => {
    const r = await receiver('http', (req) => req.socket.destroy());
    const c = client({ allow: '127.0.0.1' });
    const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: false, status: null, errorKind: 'CONNECTION' });
  });
});

describe('send: response size', () => {
  function endless(): { handler: Handler; written: () => number; closed: Promise<void> } {
    let written = 0;
    let markClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => (markClosed = resolve));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const handler: Handler = (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', markClosed);
      const pump = (): void => {
        while (!res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
      };
      pump();
    };
    return { handler, written: () => written, closed };
  }

  it('keeps exactly maxResponseBytes of an endless body and stops reading', async () => {
    const stream = endless();
    const r = await receiver('http', stream.handler);
    const c = client({ allow: '127.0.0.1', timeoutMs: 10_000, maxResponseBytes: 65536 });
    const rss0 = process.memoryUsage().rss;
    const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
    expect(res).toMatchObject({ ok: true, status: 200, errorKind: null });
    expect(Buffer.byteLength(res.responseBody)).toBe(65536);
    expect(res.responseBody).toBe('a'.repeat(65536));
    expect(res.durationMs).toBeLessThan(5000);
    // The connection is dropped, not drained: the receiver sees it close
    // after writing little more than what socket buffers hold.
    await stream.closed;
    expect(stream.written()).toBeLessThan(64 * 1024 * 1024);
    expect(process.memoryUsage().rss - rss0).toBeLessThan(48 * 1024 * 1024);
  });

  it('does not grow memory across many endless responses', async () => {
    const stream = endless();
    const r = await receiver('http', stream.handler);
    const c = client({ allow: '127.0.0.1', timeoutMs: 10_000, maxResponseBytes: 1024 * 1024 });
    const before = process.memoryUsage();
    for (let i = 0; i < 20; i++) {
      const res = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '{}' });
      expect(Buffer.byteLength(res.responseBody)).toBe(1024 * 1024);
    }
    const after = process.memoryUsage();
    expect(after.rss - before.rss).toBeLessThan(64 * 1024 * 1024);
    expect(after.heapUsed - before.heapUsed).toBeLessThan(64 * 1024 * 1024);
  });

  it('returns a short body whole and keeps the connection', async () => {
    const r = await receiver('http', (_req, res) => res.end('x'.repeat(100)));
    const c = client({ allow: '127.0.0.1', maxResponseBytes: 100, connections: 1 });
    const a = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '' });
    const b = await c.send({ url: `http://127.0.0.1:${r.port}/`, headers: {}, body: '' });
    expect(a.responseBody).toHaveLength(100);
    expect(b.responseBody).toHaveLength(100);
    expect(r.connections).toBe(1);
  });
});
