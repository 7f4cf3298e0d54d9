// OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for receivers that require a bearer token.

export type OAuthPost = (
  url: string,
  headers: Record<string, string>,
  body: string,
) => Promise<{ status: number | null; body: string; errorMessage: string | null }>;

export type OAuthCredential = {
  id: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string | null;
  audience: string | null;
  updatedAt: Date;
};

export type OAuthTokenCacheOptions = {
  /** Performs the token request; expected to apply the service's outbound safety and timeouts. */
  post: OAuthPost;
  now?: () => number;
  /** Refresh this long before expiry; default 30 s. */
  skewMs?: number;
};

export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  readonly credentialId: string;
  /** HTTP status of the token endpoint, null when no response was received. */
  readonly status: number | null;
  /** The `error` code from the token endpoint (e.g. `invalid_client`), when it sent one. */
  readonly oauthError: string | null;

  constructor(message: string, details: { credentialId: string; status?: number | null; oauthError?: string | null }) {
    super(message);
    this.credentialId = details.credentialId;
    this.status = details.status ?? null;
    this.oauthError = details.oauthError ?? null;
  }
}

type CachedToken = { version: number; token: string; refreshAt: number };

const DEFAULT_EXPIRES_IN_S = 3600;
// RFC 6750 b64token; anything else (spaces, CR/LF) could not be sent safely in an Authorization header.
const B64TOKEN_RE = /^[A-Za-z0-9\-._~+/]+=*$/;

/** application/x-www-form-urlencoded encoding of a single value (RFC 6749 Appendix B). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/**
 * Text from the token endpoint ends up in logs and API responses; keep it short and on one line.
 * Non-printable characters are replaced rather than dropped so the message still shows something was there.
 */
function clean(text: string, max = 200): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** The endpoint for messages, without userinfo or query that might carry secrets. */
function describeEndpoint(tokenUrl: string): string {
  try {
    const u = new URL(tokenUrl);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'token endpoint';
  }
}

/**
 * Caches client-credentials access tokens per credential. A token is reused until `skewMs` before it
 * expires (or half its lifetime for short-lived tokens, so they are still reused at all). Entries are
 * keyed by credential id and `updatedAt`, so editing a credential takes effect on the next delivery.
 * Concurrent requests for the same credential share one token request; failures are not cached.
 */
export class OAuthTokenCache {
  readonly #post: OAuthPost;
  readonly #now: () => number;
  readonly #skewMs: number;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #inFlight = new Map<string, Promise<string>>();

  constructor(opts: OAuthTokenCacheOptions) {
    this.#post = opts.post;
    this.#now = opts.now ?? Date.now;
    this.#skewMs = opts.skewMs ?? 30_000;
  }

  getToken(cred: OAuthCredential): Promise<string> {
    const version = cred.updatedAt.getTime();
    const cached = this.#tokens.get(cred.id);
    if (cached !== undefined && cached.version === version && this.#now() < cached.refreshAt) {
      return Promise.resolve(cached.token);
    }
    const key = `${cred.id}\u0000${version}`;
    const pending = this.#inFlight.get(key);
    if (pending !== undefined) return pending;

    const request = this.#fetch(cred, version).finally(() => {
      if (this.#inFlight.get(key) === request) this.#inFlight.delete(key);
    });
    this.#inFlight.set(key, request);
    return request;
  }

  /** Drops the cached token if it is still `token`, e.g. after a receiver rejected it with 401. */
  invalidate(credId: string, token: string): void {
    // Comparing the token keeps a concurrent delivery's 401 from discarding a token fetched after it.
    if (this.#tokens.get(credId)?.token === token) this.#tokens.delete(credId);
  }

  async #fetch(cred: OAuthCredential, version: number): Promise<string> {
    const endpoint = describeEndpoint(cred.tokenUrl);
    const fail = (message: string, status: number | null = null, oauthError: string | null = null): OAuthError =>
      new OAuthError(`OAuth token request to ${endpoint} failed: ${message}`, {
        credentialId: cred.id,
        status,
        oauthError,
      });

    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (cred.scope !== null && cred.scope !== '') form.set('scope', cred.scope);
    if (cred.audience !== null && cred.audience !== '') form.set('audience', cred.audience);
    const basic = Buffer.from(`${formEncode(cred.clientId)}:${formEncode(cred.clientSecret)}`, 'utf8').toString('base64');
    const headers = {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      authorization: `Basic ${basic}`,
    };

    const startedAt = this.#now();
    let res: Awaited<ReturnType<OAuthPost>>;
    try {
      res = await this.#post(cred.tokenUrl, headers, form.toString());
    } catch (err) {
      throw fail(clean(err instanceof Error ? err.message : String(err)));
    }
    if (res.status === null) throw fail(clean(res.errorMessage ?? 'no response'));

    let json: unknown;
    try {
      json = JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : null;

    if (res.status < 200 || res.status > 299) {
      const code = typeof obj?.['error'] === 'string' ? clean(obj['error'], 100) : null;
      const description = typeof obj?.['error_description'] === 'string' ? clean(obj['error_description']) : null;
      const detail =
        code !== null
          ? `${code}${description !== null ? ` (${description})` : ''}`
          : res.body.trim() !== ''
            ? clean(res.body)
            : 'empty body';
      throw fail(`HTTP ${res.status}: ${detail}`, res.status, code);
    }

    if (obj === null) throw fail(`HTTP ${res.status}: response is not a JSON object`, res.status);
    const accessToken = obj['access_token'];
    if (typeof accessToken !== 'string' || accessToken === '') {
      throw fail('response has no access_token', res.status);
    }
    if (!B64TOKEN_RE.test(accessToken)) throw fail('access_token contains characters not allowed in a bearer token', res.status);
    const tokenType = obj['token_type'];
    if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
      const got = typeof tokenType === 'string' ? `'${clean(tokenType, 40)}'` : 'none';
      throw fail(`token_type must be Bearer, got ${got}`, res.status);
    }
    const expiresIn = parseExpiresIn(obj['expires_in']);
    if (expiresIn === null) throw fail('expires_in is not a non-negative number', res.status);

    // Measured from when the request was sent: the server's clock started before we got the reply.
    const lifetimeMs = expiresIn * 1000;
    const refreshAt = startedAt + Math.max(lifetimeMs - this.#skewMs, lifetimeMs / 2);
    const current = this.#tokens.get(cred.id);
    // An older edit's request finishing late must not replace the newer credential's token.
    if (current === undefined || current.version <= version) {
      this.#tokens.set(cred.id, { version, token: accessToken, refreshAt });
    }
    return accessToken;
  }
}

function parseExpiresIn(value: unknown): number | null {
  if (value === undefined || value === null) return DEFAULT_EXPIRES_IN_S;
  // Some providers send the number as a string.
  const n = typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : null;
}
