// Issue 8's refusals at the HTTP and WebSocket edge, through the real endpoint: CORS by explicit
// list only, request-size caps, clear typed bodies for refused requests, CSRF media types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
