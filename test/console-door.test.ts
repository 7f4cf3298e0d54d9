// The console door: the built files at /, client-side pages on direct loads, cache headers, the
// CSP (frame-ancestors as configured), the development token only when the caller allows it, and
// HOOKGATE_CONSOLE=off. File semantics use a small build of its own; the app checks use the real one.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIST, CONSOLE_PAGES, createConsoleDoor } from '../src/console/door.ts';
import { createHttpServer } from '../src/http.ts';
import { startTestApp } from './helpers/app.ts';
import { ensureConsoleBuilt } from './helpers/console.ts';

let dist: string;
let server: Server;
let origin: string;
const INDEX = '<!doctype html><html><head><title>t</title></head><body><script type="module" src="/assets/app-abc.js"></script></body></html>';

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'hookgate-console-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'app-abc.js'), `console.log(${JSON.stringify('x'.repeat(2000))});`);
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.source-hash'), 'secret-ish bookkeeping');
  const door = createConsoleDoor({
    distDir: dist,
    frameAncestors: 'https://platform.example',
    devTokenFor: (req) => (req.headers['x-test-dev'] === 'yes' ? 'dev.token.value' : undefined),
  });
  server = createHttpServer({}, [door]);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  rmSync(dist, { recursive: true, force: true });
});

describe('console door', () => {
  it('serves the page at / and at every client-side page path, never cached, with a strict CSP', async () => {
    for (const path of ['/', '/webhooks', '/webhooks/wh_123?step=2', '/events/new', ...CONSOLE_PAGES.map((p) => `/${p}`)]) {
      const res = await fetch(origin + path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    }
    const csp = (await fetch(origin)).headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain('frame-ancestors https://platform.example');
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves hashed assets as immutable, gzipped on request, with ETag revalidation', async () => {
    const res = await fetch(`${origin}/assets/app-abc.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await res.text()).length).toBeGreaterThan(2000); // fetch decompresses
    const etag = res.headers.get('etag')!;
    expect((await fetch(`${origin}/assets/app-abc.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const icon = await fetch(`${origin}/favicon.svg`);
    expect([icon.status, icon.headers.get('content-type'), icon.headers.get('cache-control')]).toEqual([200, 'image/svg+xml', 'no-cache']);
  });

  it('leaves other paths to other doors: missing files, bookkeeping files, unknown paths, traversal', async () => {
    for (const path of ['/assets/missing.js', '/.source-hash', '/graphqlx', '/api/v1/x', '/nope', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json']) {
      const res = await fetch(origin + path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toBe('application/json');
    }
  });

  it('answers only GET and HEAD', async () => {
    const post = await fetch(`${origin}/webhooks`, { method: 'POST', body: 'x' });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET, HEAD']);
    const head = await fetch(`${origin}/webhooks`, { method: 'HEAD' });
    expect(head.status).toBe(200);
  });

  it('writes the development token into the page only when the caller allows it, and then never caches it', async () => {
    const plain = await fetch(`${origin}/webhooks`);
    expect(await plain.text()).not.toContain('hookgate-dev-token');
    const dev = await fetch(`${origin}/webhooks`, { headers: { 'x-test-dev': 'yes' } });
    expect(await dev.text()).toContain('<meta name="hookgate-dev-token" content="dev.token.value" />');
    expect(dev.headers.get('cache-control')).toBe('no-store');
    expect(dev.headers.get('etag')).toBeNull();
  });

  it('keeps CONSOLE_PAGES in step with the routes of console/src/app.tsx', () => {
    const app = readFileSync(new URL('../console/src/app.tsx', import.meta.url), 'utf8');
    const firsts = new Set([...app.matchAll(/<Route path="\/([^/"]*)/g)].map((m) => m[1]).filter((s) => s !== ''));
    expect([...firsts].sort()).toEqual([...CONSOLE_PAGES].sort());
  });
});

describe('console in the app', () => {
  it('is served at / by default, and HOOKGATE_CONSOLE=off turns it off', async () => {
    ensureConsoleBuilt();
    const on = await startTestApp({ HOOKGATE_ROLE: 'api' });
    const off = await startTestApp({ HOOKGATE_ROLE: 'api', HOOKGATE_CONSOLE: 'off' });
    try {
      const page = await fetch(new URL('/', on.url));
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8'));
      const res = await fetch(new URL('/webhooks', off.url));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/json');
      // First load under 250 KiB gzipped (issue 9): the page and everything it references.
      const html = await (await fetch(new URL('/', on.url))).text();
      const refs = [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1]!);
      let gzipped = gzipSync(html).length;
      for (const ref of refs) gzipped += gzipSync(Buffer.from(await (await fetch(new URL(ref, on.url))).arrayBuffer())).length;
      expect(refs.some((r) => r.endsWith('.js'))).toBe(true);
      expect(gzipped).toBeLessThan(250 * 1024);
      // The API is unaffected either way.
      expect((await on.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    } finally {
      await Promise.all([on.stop(), off.stop()]);
    }
  }, 180_000);
});
