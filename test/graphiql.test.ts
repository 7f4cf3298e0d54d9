// GraphiQL in a real browser (Chromium through playwright-core): the development page as a new
// user meets it, with the token pre-filled in its headers.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { openBrowser, type BrowserSession } from './helpers/browser.ts';

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

beforeAll(async () => {
  // Development without a configured secret: the embedded default that pre-fills a token.
  [t, browser] = await Promise.all([startTestApp({ NODE_ENV: 'development', HOOKGATE_JWT_SECRET: '' }), openBrowser()]);
});

afterAll(async () => {
  await browser?.close();
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
});
