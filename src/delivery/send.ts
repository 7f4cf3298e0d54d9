/**
 * One webhook POST with every outbound safety rule applied.
 *
 * The address check lives in the socket connector, not in front of the
 * request: that is the only place that sees the address actually connected
 * to, so a DNS answer that changes between a pre-check and the connect (DNS
 * rebinding) cannot slip past it.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { rootCertificates } from 'node:tls';
import { StringDecoder } from 'node:string_decoder';
import { Agent, buildConnector } from 'undici';
import { isAddressAllowListed, isBlockedAddress, isHostAllowListed, isUrlAllowedScheme } from './outbound.ts';
import type { OutboundAllowList } from './outbound.ts';
import { parseRetryAfter } from './retry.ts';

/** Why an attempt failed; stored in DeliveryAttempt.errorKind and exposed as a GraphQL enum. */
export const SEND_ERROR_KINDS = {
  TIMEOUT: 'The whole-request deadline passed.',
  CONNECTION: 'The connection failed or was reset.',
  TLS: 'The TLS handshake or certificate check failed.',
  BLOCKED_ADDRESS: 'The address connected to is refused by the outbound safety rules.',
  DNS: 'The host name did not resolve.',
  HTTP_STATUS: 'The receiver answered with a non-2xx status (see responseStatus).',
  INVALID_URL: 'The target URL (after placeholders) is not a usable HTTPS URL.',
  // Set by the deliverer, never by send(): no token could be fetched / a template failed.
  OAUTH: 'No OAuth access token could be fetched.',
  TEMPLATE: 'A placeholder in the URL, headers or body template could not be rendered.',
} as const;

export type SendErrorKind = keyof typeof SEND_ERROR_KINDS;

export interface SendResult {
  /** 2xx. */
  ok: boolean;
  status: number | null;
  responseHeaders: Record<string, string>;
  /** At most maxResponseBytes of the body, decoded as UTF-8. */
  responseBody: string;
  durationMs: number;
  errorKind: SendErrorKind | null;
  errorMessage: string | null;
  /** Parsed Retry-After, not clamped: bounding it is the scheduler's policy. */
  retryAfterMs: number | null;
}

export interface SendRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface OutboundClient {
  send(req: SendRequest): Promise<SendResult>;
  close(): Promise<void>;
}

/** Resolves a host name to every address, like `dns.lookup(h, { all: true })`. */
export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface OutboundClientOptions {
  allowList: OutboundAllowList;
  /** Deadline for the whole request, connect through body read. Default 15000. */
  timeoutMs?: number;
  /** Response body bytes kept; the rest is discarded unread. Default 65536. */
  maxResponseBytes?: number;
  /** Extra trusted CA (PEM file), added to the default roots. */
  caFile?: string;
  /** Keep-alive connections per origin. Default: unlimited. */
  connections?: number;
  /** Replaces dns.lookup; lets tests script DNS answers (rebinding, failures). */
  resolve?: Resolver;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 65_536;

const BLOCKED_CODE = 'HOOKGATE_BLOCKED_ADDRESS';

export class BlockedAddressError extends Error {
  readonly code = BLOCKED_CODE;
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(host === address ? `refused address ${address}: ${reason}` : `refused ${host} -> ${address}: ${reason}`);
    this.name = 'BlockedAddressError';
  }
}

function checkAddress(host: string, address: string, allow: OutboundAllowList): BlockedAddressError | null {
  if (isAddressAllowListed(address, allow)) return null;
  const verdict = isBlockedAddress(address);
  return verdict.blocked ? new BlockedAddressError(host, address, verdict.reason ?? 'blocked') : null;
}

function defaultResolve(family: number | undefined, hints: number | undefined): Resolver {
  return (hostname) =>
    new Promise((resolve, reject) => {
      dns.lookup(hostname, { all: true, family: family ?? 0, hints: hints ?? 0 }, (err, addresses) =>
        err ? reject(err) : resolve(addresses),
      );
    });
}

/**
 * A `net.connect` lookup that refuses the whole host if any of its addresses
 * is blocked. Filtering instead would still connect, but a name that points
 * at both a public and an internal address is not one we want to deliver to.
 */
function guardedLookup(allow: OutboundAllowList, resolver: Resolver | undefined): LookupFunction {
  return (hostname, options, callback) => {
    const resolve = resolver ?? defaultResolve(options.family as number | undefined, options.hints);
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) {
          const err = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
          return callback(err, '', 0);
        }
        if (!isHostAllowListed(hostname, allow)) {
          for (const { address } of addresses) {
            const blocked = checkAddress(hostname, address, allow);
            if (blocked) return callback(blocked, '', 0);
          }
        }
        if (options.all) return callback(null, [...addresses]);
        const first = addresses[0] as LookupAddress;
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
}

type Connector = buildConnector.connector;

/**
 * Node's net.connect never calls `lookup` for an IP-literal host, so literals
 * are judged here before any socket exists; names go through guardedLookup.
 */
function guardedConnector(base: Connector, allow: OutboundAllowList): Connector {
  return (opts, callback) => {
    const host = opts.hostname;
    if (isIP(host) !== 0) {
      const blocked = checkAddress(host, host, allow);
      if (blocked) {
        // Async like every other connect outcome; undici's client is not
        // written for a callback that fires inside the connector call.
        process.nextTick(() => callback(blocked, null));
        return;
      }
    }
    base(opts, callback);
  };
}


const TLS_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'EPROTO',
]);

const KIND_BY_CODE: Record<string, SendErrorKind> = {
  [BLOCKED_CODE]: 'BLOCKED_ADDRESS',
  ENOTFOUND: 'DNS',
  EAI_AGAIN: 'DNS',
  EAI_FAIL: 'DNS',
  EAI_NODATA: 'DNS',
  EAI_NONAME: 'DNS',
  ENODATA: 'DNS',
  ETIMEDOUT: 'TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'CONNECTION',
  ECONNRESET: 'CONNECTION',
  EPIPE: 'CONNECTION',
  EHOSTUNREACH: 'CONNECTION',
  ENETUNREACH: 'CONNECTION',
  ECONNABORTED: 'CONNECTION',
  UND_ERR_SOCKET: 'CONNECTION',
  UND_ERR_CLOSED: 'CONNECTION',
  UND_ERR_HEADERS_OVERFLOW: 'CONNECTION',
};

function kindOfCode(code: string): SendErrorKind | null {
  const known = KIND_BY_CODE[code];
  if (known) return known;
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'TLS';
  // llhttp parse errors: the receiver spoke something that is not HTTP/1.1.
  if (code.startsWith('HPE_')) return 'CONNECTION';
  return null;
}

/** Every error in a cause / AggregateError tree, outermost first. */
function errorChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && out.length < 20) {
    const e = queue.shift();
    if (e === undefined || e === null || out.includes(e)) continue;
    out.push(e);
    if (e instanceof AggregateError) queue.push(...(e.errors as unknown[]));
    if (e instanceof Error && e.cause !== undefined) queue.push(e.cause);
  }
  return out;
}

function describe(err: unknown): string {
  const parts = errorChain(err)
    .map((e) => {
      if (!(e instanceof Error)) return String(e);
      const code = (e as NodeJS.ErrnoException).code;
      const msg = e.message || e.name;
      return code && !msg.includes(code) ? `${code}: ${msg}` : msg;
    })
    .filter((m) => m !== '');
  return [...new Set(parts)].join('; ') || 'unknown error';
}

export function classifyError(err: unknown, deadlineHit: boolean): { kind: SendErrorKind; message: string } {
  const chain = errorChain(err);
  // A blocked address wins over anything it may have been wrapped in.
  if (chain.some((e) => e instanceof BlockedAddressError)) {
    const blocked = chain.find((e) => e instanceof BlockedAddressError) as BlockedAddressError;
    return { kind: 'BLOCKED_ADDRESS', message: blocked.message };
  }
  if (deadlineHit) return { kind: 'TIMEOUT', message: 'request deadline exceeded' };
  for (const e of chain) {
    if (!(e instanceof Error)) continue;
    if (e.name === 'TimeoutError') return { kind: 'TIMEOUT', message: describe(err) };
    const code = (e as NodeJS.ErrnoException).code;
    const kind = typeof code === 'string' ? kindOfCode(code) : null;
    if (kind) return { kind, message: describe(err) };
  }
  // Anything else happened on the wire (undici raises no other error once
  // its arguments are valid), and CONNECTION is the retryable catch-all.
  return { kind: 'CONNECTION', message: describe(err) };
}

function isInvalidArgument(err: unknown): boolean {
  return err instanceof Error && (err as NodeJS.ErrnoException).code === 'UND_ERR_INVALID_ARG';
}

/** What one POST brought back, as far as it got; `error` set when it failed on the way. */
interface Exchange {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  error: unknown;
  deadlineHit: boolean;
}

/**
 * One POST through undici's handler interface (Dispatcher.dispatch) rather than its `request`
 * API: `request` makes an AsyncResource, a Readable stream for the body and a headers object per
 * request, which at delivery rates cost more of the worker's CPU than the HTTP exchange itself.
 * Here the body's chunks are kept as they arrive, up to `maxBytes`; past that the request is
 * aborted, which closes the connection instead of reading (or buffering) the rest.
 */
function exchange(agent: Agent, origin: string, path: string, req: SendRequest, timeoutMs: number, maxBytes: number): Promise<Exchange> {
  return new Promise((resolve) => {
    const out: Exchange = { status: null, headers: {}, body: '', error: null, deadlineHit: false };
    const chunks: Buffer[] = [];
    let kept = 0;
    let capped = false;
    let abort: ((reason?: Error) => void) | null = null;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const buf = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept);
      // As before: a capped body drops a character cut in half (StringDecoder), a whole one is
      // decoded as undici's body.text() does it (a leading BOM skipped, bad bytes replaced).
      out.body = capped
        ? new StringDecoder('utf8').write(buf)
        : buf.length > 2 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf
          ? buf.toString('utf8', 3)
          : buf.toString('utf8');
      resolve(out);
    };
    // Not AbortSignal.timeout: its timer outlives the request, and at delivery rates thousands of
    // idle 15 s timers would pile up.
    const timer = setTimeout(() => {
      out.deadlineHit = true;
      abort?.(new DOMException('request deadline exceeded', 'TimeoutError'));
    }, timeoutMs);
    agent.dispatch(
      { origin, path, method: 'POST', headers: req.headers, body: req.body },
      {
        onConnect(a: (reason?: Error) => void) {
          abort = a;
          if (out.deadlineHit) a(new DOMException('request deadline exceeded', 'TimeoutError'));
        },
        onHeaders(statusCode: number, raw: Buffer[]) {
          if (statusCode < 200) return true; // 1xx: the answer is still to come
          out.status = statusCode;
          out.headers = headerRecord(raw);
          return true;
        },
        onData(chunk: Buffer) {
          const room = maxBytes - kept;
          if (chunk.length > room) {
            if (room > 0) chunks.push(chunk.subarray(0, room));
            kept += room;
            capped = true;
            abort?.();
            return false;
          }
          chunks.push(chunk);
          kept += chunk.length;
          return true;
        },
        onComplete() {
          finish();
        },
        onError(err: unknown) {
          // The cap's own abort ends a response that was fine.
          if (!capped) out.error = err;
          finish();
        },
      },
    );
  });
}

/** Raw response headers (name, value, name, value...) as lower-case names; repeats joined. */
function headerRecord(raw: Buffer[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toString('latin1').toLowerCase();
    const value = raw[i + 1]!.toString('latin1');
    const had = out[name];
    out[name] = had === undefined ? value : `${had}, ${value}`;
  }
  return out;
}

export function createOutboundClient(opts: OutboundClientOptions): OutboundClient {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const allow = opts.allowList;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be positive');
  if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 0) {
    throw new RangeError('maxResponseBytes must be a non-negative integer');
  }

  // `ca` replaces Node's trust store, so the bundled roots go in explicitly.
  const ca = opts.caFile ? [...rootCertificates, readFileSync(opts.caFile, 'utf8')] : undefined;
  const base = buildConnector({
    ...(ca ? { ca } : {}),
    lookup: guardedLookup(allow, opts.resolve),
    timeout: timeoutMs,
  });
  const agent = new Agent({
    connect: guardedConnector(base, allow),
    connections: opts.connections ?? null,
    // Backstops only; exchange()'s timer is the real whole-request deadline.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  // The verdict on a URL depends only on the URL and this client's allow list: webhooks send to
  // the same few URLs over and over, so it is worked out once per URL (bounded).
  const targets = new Map<string, { origin: string; path: string } | { error: string }>();
  function target(raw: string): { origin: string; path: string } | { error: string } {
    let t = targets.get(raw);
    if (t) return t;
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      t = { error: 'not a valid absolute URL' };
    }
    if (url) {
      if (!isUrlAllowedScheme(url, allow)) {
        t = { error: url.protocol === 'http:' ? 'plain http is only allowed to allow-listed hosts' : `scheme ${url.protocol} is not allowed` };
      } else if (url.username !== '' || url.password !== '') {
        // undici would silently drop them; refusing makes the mistake visible.
        t = { error: 'credentials in the URL are not supported' };
      } else {
        t = { origin: url.origin, path: `${url.pathname}${url.search}` };
      }
    }
    if (targets.size >= 10_000) targets.clear();
    targets.set(raw, t!);
    return t!;
  }

  async function send(req: SendRequest): Promise<SendResult> {
    const started = performance.now();
    const to = target(req.url);
    if ('error' in to) {
      return {
        ok: false, status: null, responseHeaders: {}, responseBody: '', errorKind: 'INVALID_URL', errorMessage: to.error,
        retryAfterMs: null, durationMs: Math.round(performance.now() - started),
      };
    }
    const x = await exchange(agent, to.origin, to.path, req, timeoutMs, maxResponseBytes);
    if (x.error !== null && isInvalidArgument(x.error)) throw x.error;
    const retryAfterMs = x.status === null ? null : parseRetryAfter(x.headers['retry-after'], Date.now());
    const durationMs = Math.round(performance.now() - started);
    if (x.error !== null) {
      const { kind, message } = classifyError(x.error, x.deadlineHit);
      return { ok: false, status: x.status, responseHeaders: x.headers, responseBody: x.body, errorKind: kind, errorMessage: message, retryAfterMs, durationMs };
    }
    const status = x.status!;
    const ok = status >= 200 && status < 300;
    return {
      ok,
      status,
      responseHeaders: x.headers,
      responseBody: x.body,
      errorKind: ok ? null : 'HTTP_STATUS',
      errorMessage: ok ? null : `receiver answered HTTP ${status}`,
      retryAfterMs,
      durationMs,
    };
  }

  return {
    send,
    // Callers close after their own deadline for in-flight work (the dispatcher's shutdown);
    // whatever is still open then is abandoned, not awaited: a hung receiver must not block exit.
    close: () => agent.destroy(),
  };
}
