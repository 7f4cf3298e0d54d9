// The authenticator remembers tokens it verified (src/auth/jwt.ts), but a remembered token is
// refused from its `exp` on exactly like a new one, and any other text is verified afresh.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SignJWT } from 'jose';
import { createAuthenticator } from '../src/auth/jwt.ts';
import { loadConfig } from '../src/config.ts';

const SECRET = 'jwt-cache-secret-jwt-cache-secret-32';
const config = loadConfig({ NODE_ENV: 'test', HOOKGATE_DATA_DIR: ':memory:', HOOKGATE_JWT_SECRET: SECRET });

function sign(sub: string, exp: number, claims: Record<string, unknown> = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuedAt().setExpirationTime(exp).sign(new TextEncoder().encode(SECRET));
}

afterEach(() => {
  vi.useRealTimers();
});

describe('verified tokens', () => {
  it('are answered again until exp, then refused like any expired token', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = new Date('2026-12-01T12:00:00Z').getTime();
    vi.setSystemTime(t0);
    const auth = createAuthenticator(config);
    const token = await sign('tenant-cache', t0 / 1000 + 30, { scope: 'hookgate:read', app: 'shop-1' });
    const first = await auth.authenticate(`Bearer ${token}`);
    expect(first).toEqual({ tenantId: 'tenant-cache', canWrite: false, app: 'shop-1' });
    // A caller changing its copy changes nothing remembered.
    first.tenantId = 'someone-else';
    vi.setSystemTime(t0 + 29_000);
    expect(await auth.authenticate(`Bearer ${token}`)).toEqual({ tenantId: 'tenant-cache', canWrite: false, app: 'shop-1' });
    vi.setSystemTime(t0 + 30_000);
    await expect(auth.authenticate(`Bearer ${token}`)).rejects.toThrow(/Invalid token: "exp" claim timestamp check failed/);
  });

  it('are the exact text: a token differing in one character is verified, and refused', async () => {
    const auth = createAuthenticator(config);
    const token = await sign('tenant-cache', Math.floor(Date.now() / 1000) + 3600);
    await auth.authenticate(`Bearer ${token}`);
    // A character inside the signature (the last one may carry only padding bits).
    const i = token.length - 10;
    const other = `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    await expect(auth.authenticate(`Bearer ${other}`)).rejects.toThrow(/Invalid token/);
    expect((await auth.authenticate(`Bearer ${token}`)).tenantId).toBe('tenant-cache');
  });
});
