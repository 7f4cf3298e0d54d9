// The console door: serves the built web console (console/dist, made by `npm install`) at `/`.
// Translation only: files from the build, the SPA fallback (client-side routes get index.html),
// cache headers (hashed assets forever, the page never), a strict CSP with a deliberate
// frame-ancestors, and, in development for same-origin loopback loads only, the development
// token written into the page so that the console opens pre-authenticated like GraphiQL.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { Door } from '../http.ts';

export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist', import.meta.url));

export interface ConsoleDoorOptions {
  /** The built console; default console/dist. */
  distDir?: string;
  /** CSP frame-ancestors sources: who may embed the console (the portal view) in an iframe. */
  frameAncestors: string;
  /** The development token for this request, or undefined (production, or not a loopback
   * same-origin load). Decided by the caller; the door only writes it into the page. */
  devTokenFor?: (req: IncomingMessage) => string | undefined | Promise<string | undefined>;
}

/**
 * The first path segment of every client-side page (console/src/app.tsx routes; a test keeps the
 * two in sync). Only these get the page on a direct load or reload, so paths other doors own,
 * and paths nobody owns, are never swallowed by the console.
 */
export const CONSOLE_PAGES = ['webhooks', 'deliveries', 'events', 'event-types', 'applications', 'oauth-credentials', 'health'] as const;

interface StaticFile {
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.map']);

/** Every file of the build, read once: the build is a few files and never changes while running. */
function loadBuild(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      if (name.startsWith('.')) continue; // build bookkeeping (.source-hash), not content
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else {
        const urlPath = `/${relative(dir, full).split(sep).join('/')}`;
        const ext = extname(name).toLowerCase();
        const body = readFileSync(full);
        files.set(urlPath, {
          body,
          gzip: COMPRESSIBLE.has(ext) && body.length > 512 ? gzipSync(body) : null,
          type: TYPES[ext] ?? 'application/octet-stream',
          etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
          immutable: urlPath.startsWith('/assets/'),
        });
      }
    }
  };
  walk(dir);
  return files;
}

export function contentSecurityPolicy(frameAncestors: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // 'self' covers same-origin ws:/wss: (CSP Level 3) for the live attempts.
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

function isPage(pathname: string): boolean {
  const first = pathname.split('/')[1] ?? '';
  return (CONSOLE_PAGES as readonly string[]).includes(first);
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const NOT_BUILT_PAGE = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Hookgate console not built</title>
<h1>The Hookgate console is not built</h1><p><code>npm install</code> builds it (postinstall); to build it by hand run <code>npm run console:build</code>. The GraphQL API is at <a href="/graphql">/graphql</a>.</p></html>`;

export function createConsoleDoor(opts: ConsoleDoorOptions): Door & { built: boolean } {
  const dir = opts.distDir ?? CONSOLE_DIST;
  const built = existsSync(join(dir, 'index.html'));
  const files = built ? loadBuild(dir) : new Map<string, StaticFile>();
  const index = files.get('/index.html');
  const csp = contentSecurityPolicy(opts.frameAncestors);

  const security = {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    // The portal token travels in the fragment, which browsers never send; no referrer at all anyway.
    'referrer-policy': 'no-referrer',
    'cross-origin-resource-policy': 'same-origin',
  };

  const send = (req: IncomingMessage, res: ServerResponse, file: StaticFile, cache: string) => {
    const headers: Record<string, string> = { ...security, 'content-type': file.type, 'cache-control': cache, etag: file.etag, vary: 'accept-encoding' };
    if (req.headers['if-none-match'] === file.etag) return void res.writeHead(304, headers).end();
    const gzip = file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? file.gzip! : file.body;
    if (gzip) headers['content-encoding'] = 'gzip';
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
  };

  const sendIndex = async (req: IncomingMessage, res: ServerResponse) => {
    if (!index) {
      res.writeHead(503, { ...security, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(NOT_BUILT_PAGE);
      return;
    }
    const token = await opts.devTokenFor?.(req);
    if (!token) return send(req, res, index, 'no-cache');
    // A page carrying a token is never cached (by the browser or anything in between).
    const html = index.body.toString('utf8').replace('</head>', `  <meta name="hookgate-dev-token" content="${escapeAttr(token)}" />\n  </head>`);
    const body = Buffer.from(html);
    res
      .writeHead(200, { ...security, 'content-type': index.type, 'cache-control': 'no-store', 'content-length': String(body.length) })
      .end(req.method === 'HEAD' ? undefined : body);
  };

  return {
    name: 'console',
    built,
    matches: (pathname) => pathname === '/' || files.has(pathname) || isPage(pathname),
    async handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'application/json' }).end(JSON.stringify({ error: 'method_not_allowed', message: 'The console serves GET only' }));
        return;
      }
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://console').pathname);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad_request', message: 'Malformed path' }));
        return;
      }
      // Files are looked up in the in-memory build by exact path: nothing outside it is reachable.
      const file = pathname === '/index.html' ? undefined : files.get(pathname);
      if (file) return send(req, res, file, file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      await sendIndex(req, res);
    },
  };
}
