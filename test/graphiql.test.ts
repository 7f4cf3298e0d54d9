// GraphiQL in a real browser (Chromium through playwright-core): the development page as a new
// user meets it, with the token pre-filled in its headers.
import { request, type IncomingHttpHeaders } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openBrowser, type BrowserSession } from './helpers/browser.ts';
import { createWebhook, publish } from './helpers/dispatch.ts';
import { eventually, sleep, startReceiver, type Receiver } from './helpers/receiver.ts';

/** The result pane's JSON (Monaco renders spaces as U+00A0), or null while it is not JSON yet. */
async function responseJson(page: Page): Promise<unknown> {
  const text = (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

let t: TestApp;
let browser: BrowserSession;
let rx: Receiver;

beforeAll(async () => {
  // Development without a configured secret: the embedded default that pre-fills a token.
  [t, browser, rx] = await Promise.all([
    startTestApp({ NODE_ENV: 'development', HOOKGATE_JWT_SECRET: '', HOOKGATE_POLL_MS: '50' }),
    openBrowser(),
    startReceiver(),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await rx?.close();
  await t?.stop();
});

describe('GraphiQL', () => {
  it('runs a query with the pre-filled development token', async () => {
    const page = await browser.newPage();
    await page.goto(`${t.url}?query=${encodeURIComponent('{ applications(first: 1) { totalCount } }')}`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => responseJson(page), { timeout: 15_000 }).toEqual({ data: { applications: { totalCount: 0 } } });
    await browser.screenshot(page, 'graphiql-query');
    expect(browser.pageErrors).toEqual([]);
  });

  it("runs the README's deliveryAttempts subscription: the socket authenticates with the Headers tab's token", async () => {
    // The development token's tenant is "dev": the webhook and events belong to it.
    await createWebhook(t, { name: 'GraphiQL live', url: rx.url('/live'), events: ['cashback.created'] }, 'dev');
    const page = await browser.newPage();
    const initPayloads: unknown[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        const msg = JSON.parse(String(payload)) as { type: string; payload?: unknown };
        if (msg.type === 'connection_init') initPayloads.push(msg.payload);
      }),
    );
    const readme = 'subscription { deliveryAttempts { number outcome responseStatus durationMs url errorKind } }';
    await page.goto(`${t.url}?query=${encodeURIComponent(readme)}`);
    await page.locator('.graphiql-execute-button').click();

    // No acknowledgement says "subscribed": publish until an attempt shows up in the result pane.
    const shown = await eventually(
      async () => {
        await publish(t, { type: 'cashback.created', data: { amount: 1 } }, 'dev');
        await sleep(300);
        const json = (await responseJson(page)) as { data?: { deliveryAttempts?: { outcome: string; url: string } } } | null;
        return json?.data?.deliveryAttempts;
      },
      { what: 'an attempt in the GraphiQL result pane', timeoutMs: 20_000 },
    );
    expect(shown).toMatchObject({ number: 1, outcome: 'SUCCEEDED', responseStatus: 200, url: rx.url('/live'), errorKind: null });
    expect(initPayloads).toEqual([{ Authorization: expect.stringMatching(/^Bearer \S+$/) }]);
    expect(rx.requests.length).toBeGreaterThan(0);
    await browser.screenshot(page, 'graphiql-subscription');
    expect(browser.pageErrors).toEqual([]);
  });
});

/** GET with exactly these headers (fetch would add its own or refuse Host). */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', headers: { accept: 'text/html', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const BEARER_JWT = /Bearer ey[\w-]+\.[\w-]+\.[\w-]+/;

describe('the development token and CORS (defect 2)', () => {
  it('pre-fills the token only for same-origin loopback page loads', async () => {
    const host = new URL(t.url).host;
    const own = await rawGet(t.url, { host, 'sec-fetch-site': 'none' });
    expect(own.status).toBe(200);
    expect(own.body).toMatch(BEARER_JWT);
    expect((await rawGet(t.url, { host, 'sec-fetch-site': 'same-origin', origin: `http://${host}` })).body).toMatch(BEARER_JWT);

    const withheld = {
      'DNS rebinding (foreign Host)': { host: `evil.example:${new URL(t.url).port}` },
      'cross-site navigation': { host, 'sec-fetch-site': 'cross-site' },
      'same-site, other origin': { host, 'sec-fetch-site': 'same-site' },
      'foreign Origin': { host, origin: 'https://evil.example' },
      'behind a proxy': { host, 'x-forwarded-for': '203.0.113.7' },
    };
    for (const [why, headers] of Object.entries(withheld)) {
      const res = await rawGet(t.url, headers);
      expect(res.status, why).toBe(200);
      expect(res.body, why).not.toMatch(BEARER_JWT);
      expect(res.body, why).toContain('Bearer <token: npm run -s token>');
    }
  });

  it('answers no foreign origin with CORS headers by default', async () => {
    const host = new URL(t.url).host;
    const get = await rawGet(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, { host, origin: 'https://evil.example', accept: 'application/json' });
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
    expect(get.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await fetch(t.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
  });
});
