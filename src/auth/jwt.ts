// Bearer-token verification. The token's `sub` is the tenant: every row Hookgate reads or writes
// is scoped by it. Verification is jose's; keys come from config (HS256 shared secret or a JWKS
// URL) or, on the embedded default with nothing configured, from a secret generated once into the
// data folder so that a development token can be printed at start-up.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import type { Config } from '../config.ts';
import { loadOrCreateKeyFile } from '../keyfile.ts';

export interface Tenant {
  tenantId: string;
  /** False for read-only tokens: a `scope` claim without `hookgate:write`. */
  canWrite: boolean;
  /** The `app` claim (contract) of a portal token: an application's public id or externalId. */
  app: string | null;
}

/** Tokens without a `scope` claim may do everything; with one, writing needs this scope. */
export const WRITE_SCOPE = 'hookgate:write';

export class AuthError extends Error {
  override name = 'AuthError';
}

export interface Authenticator {
  /** Verifies an `Authorization` header value (or connectionParams.authorization). */
  authenticate(authorization: string | null | undefined): Promise<Tenant>;
  /** Issues a token, when this process holds the signing secret (development and tests). */
  issueToken?(tenantId: string, expiresIn?: string, scope?: string, app?: string): Promise<string>;
  /** True when the secret was generated for development (start-up prints a token). */
  generatedSecret: boolean;
}

// Tokens already verified, by their exact text, until their `exp` and for a minute at most (a JWKS
// key that was withdrawn stops being honoured within that minute). A client sends the same token
// with every request, and jose verifies through WebCrypto (a key import and an async job per
// call): about a third of the API's CPU for a trivial query, and 5-15 % of a read or a publish.
const VERIFIED_TTL_MS = 60_000;
const VERIFIED_MAX = 10_000;

const ALGORITHMS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'EdDSA', 'PS256'];

export function createAuthenticator(config: Pick<Config, 'auth' | 'dataDir' | 'database' | 'env'>): Authenticator {
  const { auth } = config;
  // A KeyObject made once: given raw bytes, jose imports the key again on every verification.
  let key: KeyObject | JWTVerifyGetKey;
  let secret: Uint8Array | null = null;
  let generatedSecret = false;
  if (auth.jwksUrl) {
    key = createRemoteJWKSet(new URL(auth.jwksUrl));
  } else if (auth.jwtSecret) {
    secret = new TextEncoder().encode(auth.jwtSecret);
    key = createSecretKey(secret);
  } else {
    if (config.database.kind === 'postgres' && config.env === 'production') {
      throw new AuthError('Set HOOKGATE_JWT_SECRET or HOOKGATE_JWKS_URL in production');
    }
    const file = loadOrCreateKeyFile(config.dataDir, 'jwt-secret', 32);
    secret = new TextEncoder().encode(file.value);
    key = createSecretKey(secret);
    generatedSecret = true;
  }

  const verifyOptions = {
    algorithms: secret ? ['HS256', 'HS384', 'HS512'] : ALGORITHMS,
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  };

  const verified = new Map<string, { tenant: Tenant; until: number }>();

  const authenticator: Authenticator = {
    generatedSecret,
    async authenticate(authorization) {
      if (!authorization) throw new AuthError('Missing bearer token: send "Authorization: Bearer <JWT>"');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match?.[1]) throw new AuthError('Malformed Authorization header: expected "Bearer <JWT>"');
      const token = match[1];
      const hit = verified.get(token);
      if (hit) {
        if (Date.now() < hit.until) return { ...hit.tenant };
        verified.delete(token);
      }
      let payload;
      try {
        // jose's overloads differ for a key and a key-getter; both are valid here.
        ({ payload } =
          typeof key === 'function'
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions));
      } catch (err) {
        throw new AuthError(`Invalid token: ${(err as Error).message}`);
      }
      if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) {
        throw new AuthError('Invalid token: the "sub" claim (tenant) is required');
      }
      const scope = payload.scope;
      const canWrite = typeof scope !== 'string' || scope.split(' ').includes(WRITE_SCOPE);
      const app = payload.app;
      if (app !== undefined && (typeof app !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(app))) {
        throw new AuthError('Invalid token: the "app" claim must be an application id or externalId');
      }
      const tenant: Tenant = { tenantId: payload.sub, canWrite, app: app ?? null };
      // jose refuses a token from its `exp` second on; so does the cache.
      const until = Math.min(Date.now() + VERIFIED_TTL_MS, typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity);
      if (verified.size >= VERIFIED_MAX) verified.clear();
      verified.set(token, { tenant, until });
      return { ...tenant };
    },
  };
  if (secret) {
    const signingKey = secret;
    authenticator.issueToken = async (tenantId, expiresIn = '30d', scope, app) => {
      let jwt = new SignJWT({ ...(scope === undefined ? {} : { scope }), ...(app === undefined ? {} : { app }) }).setProtectedHeader({ alg: 'HS256' }).setSubject(tenantId).setIssuedAt().setExpirationTime(expiresIn);
      if (auth.issuer) jwt = jwt.setIssuer(auth.issuer);
      if (auth.audience) jwt = jwt.setAudience(auth.audience);
      return jwt.sign(signingKey);
    };
  }
  return authenticator;
}
