// The web console in a real browser (Chromium through playwright-core) against the real server on
// an in-memory database and a real receiver on 127.0.0.1: the Kognitiv create wizard (a server
// ValidationError on its field, an OAuth credential made in-flow), the secret shown once, send
// test, publish and watch the attempt arrive live, retry a failed delivery, rotate the secret,
// and every page: reachable by URL, back/forward, no serious axe violations, 360 px wide.
// Screenshots of the main pages go to test-artifacts/. One browser and one server for the file.
import type { Page } from 'playwright-core';
import { Webhook as SignatureVerifier } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { seriousViolations } from './helpers/axe.ts';
import { openBrowser, type BrowserSession } from './helpers/browser.ts';
import { ensureConsoleBuilt } from './helpers/console.ts';
import { createWebhook as createWebhookVia } from './helpers/api.ts';
import { publish } from './helpers/dispatch.ts';
import { startReceiver, type Receiver } from './helpers/receiver.ts';

const TENANT = 'console-ui';
let t: TestApp;
let browser: BrowserSession;
let rx: Receiver;
let origin: string;
let token: string;
/** The receiver's answer to webhook requests (OAuth token requests always succeed). */
let hookStatus = 200;

beforeAll(async () => {
  ensureConsoleBuilt();
  [t, browser, rx] = await Promise.all([
    // Development with a generated JWT secret: the embedded default, which pre-authenticates pages.
    startTestApp({ NODE_ENV: 'development', HOOKGATE_JWT_SECRET: '', HOOKGATE_POLL_MS: '50', HOOKGATE_RETRY_SCHEDULE: '0s' }),
    openBrowser(),
    startReceiver({
      handler: (req) =>
        req.path === '/token'
          ? { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ access_token: 'console-token', token_type: 'Bearer', expires_in: 3600 }) }
          : { status: hookStatus },
    }),
  ]);
  origin = new URL(t.url).origin;
  token = await t.token(TENANT);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await rx?.close();
  await t?.stop();
});

/** A new tab signed in through the fragment link, as a platform's portal link would. */
async function signedIn(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}${path}#token=${token}`);
  return page;
}

async function expectAccessible(page: Page, what: string) {
  expect(await seriousViolations(page), what).toEqual([]);
}

let webhookId = '';
let secret = '';

describe('console', () => {
  it('opens pre-authenticated in development for a same-origin loopback load, and only then', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/webhooks`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Webhooks' }).isVisible()).toBe(true);
    expect(await page.locator('.who-name').textContent()).toBe('dev · dev');
    await page.close();
    // Behind a proxy (or from another host) the page carries no token and the console asks for one.
    const proxied = await fetch(`${origin}/webhooks`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await proxied.text()).not.toContain('hookgate-dev-token');
    const direct = await fetch(`${origin}/webhooks`);
    expect(await direct.text()).toContain('hookgate-dev-token');
    expect(direct.headers.get('cache-control')).toBe('no-store');
  }, 120_000);

  it('creates a webhook with the three-step wizard: inline rules, a server error on its field, an OAuth credential made in-flow, the secret once', async () => {
    const page = await signedIn('/webhooks');
    // The token left the address bar at once.
    expect(page.url()).toBe(`${origin}/webhooks`);
    await expect.poll(() => page.getByText('No webhooks yet.').isVisible()).toBe(true);
    await expectAccessible(page, 'empty webhooks list');
    await browser.screenshot(page, 'console-webhooks-empty');

    await page.getByRole('link', { name: 'Create webhook' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Step 1 of 3/ }).isVisible()).toBe(true);
    const name = page.getByLabel('Webhook name');
    await name.fill('Member Rewards ');
    // The name rule, checked on the server as the user types.
    await expect.poll(() => page.getByText('Name must not have leading or trailing spaces').isVisible()).toBe(true);
    await name.fill('Member Rewards');
    await expect.poll(() => page.getByText('Name must not have leading or trailing spaces').count()).toBe(0);
    await page.getByLabel('Description (optional)').fill('Rewards for members');
    // Keyboard: Enter in the name field continues.
    await name.press('Enter');
    await expect.poll(() => page.getByRole('heading', { name: /Step 2 of 3/ }).isVisible()).toBe(true);
    expect(page.url()).toContain('step=2');

    await page.getByRole('checkbox', { name: /cashback\.created/ }).check();
    // Plain http to a host that is not allow-listed: the server refuses it on submit.
    await page.getByLabel('URL 1').fill('http://example.com/hook');
    await page.getByRole('button', { name: 'New OAuth credential…' }).click();
    await page.getByLabel('Credential name').fill('Receiver auth');
    await page.getByLabel('Token URL').fill(rx.url('/token'));
    await page.getByLabel('Client ID').fill('console-client');
    await page.getByLabel('Client secret').fill('console-secret');
    await page.getByRole('button', { name: 'Create credential' }).click();
    const oauth = page.getByLabel('OAuth 2.0 credential');
    await expect.poll(async () => (await oauth.locator('option:checked').textContent())?.trim()).toBe('Receiver auth');
    await page.getByLabel('Header 1 name').fill('X-Webhook');
    await page.getByLabel('Header 1 value').fill('{{webhook.name}}');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /Step 3 of 3/ }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Create webhook' }).click();

    // ValidationError { fieldErrors: [{ path: [input, urls, 0] }] } lands on URL 1, back on step 2.
    await expect.poll(() => page.getByRole('heading', { name: /Step 2 of 3/ }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText('The webhook was not created.').isVisible()).toBe(true);
    const url = page.getByLabel('URL 1');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await url.getAttribute('aria-describedby'))!;
    expect(await page.locator(`[id="${describedBy.split(' ').pop()}"]`).textContent()).toMatch(/^URL must use HTTPS \(plain http is allowed only for hosts on the outbound allow-list/);

    await url.fill(rx.url('/hook'));
    // The live preview: the request as delivery would build it, for cashback.created's example.
    const preview = page.getByTestId('request-preview');
    await expect.poll(async () => (await preview.isVisible()) && (await preview.textContent())).toContain(`POST ${rx.url('/hook')}`);
    expect(await preview.textContent()).toContain('x-webhook: Member Rewards');
    expect(await preview.textContent()).toContain('authorization: <redacted>');
    expect(await url.getAttribute('aria-invalid')).toBe('false');
    await expectAccessible(page, 'wizard step 2');
    await browser.screenshot(page, 'console-wizard-step2');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Create webhook' }).click();
    await expect.poll(() => page.getByText('Copy the signing secret now: it will not be shown again.').isVisible()).toBe(true);
    secret = (await page.getByTestId('signing-secret').textContent())!.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await expectAccessible(page, 'secret shown once');
    await browser.screenshot(page, 'console-secret-once');

    await page.getByRole('link', { name: 'Open the webhook' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Member Rewards' }).isVisible()).toBe(true);
    webhookId = page.url().split('/webhooks/')[1]!;
    expect(await page.getByTestId('secret-fingerprint').textContent()).toBe(`whsec_****${secret.slice(-4)}`);
    // Shown once: neither this page nor a reload carries it.
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: 'Member Rewards' }).isVisible()).toBe(true);
    expect(await page.content()).not.toContain(secret);
    await page.close();
  }, 240_000);

  it('sends a test, shows attempts live (publish from the console), retries a failed delivery, rotates the secret', async () => {
    const page = await signedIn(`/webhooks/${webhookId}`);
    await expect.poll(() => page.getByTestId('live-state').textContent(), { timeout: 15_000 }).toBe('Live (WebSocket)');

    await page.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => page.getByTestId('test-result').isVisible()).toBe(true);
    expect(await page.getByTestId('test-result').textContent()).toContain('succeeded');
    expect(await page.getByTestId('test-result').textContent()).toContain('HTTP 200');
    await expect.poll(() => page.getByTestId('last-test').textContent()).toContain('succeeded');
    // The receiver got a request signed with the secret the wizard showed, with the OAuth token.
    const test = rx.requests.find((r) => r.path === '/hook')!;
    expect(() => new SignatureVerifier(secret).verify(test.body, test.headers as Record<string, string>)).not.toThrow();
    expect(test.headers.authorization).toBe('Bearer console-token');
    expect(test.headers['x-webhook']).toBe('Member Rewards');

    // Publish from the console's own page in a second tab; the first shows the attempt live.
    const publisher = await signedIn('/events/new?type=cashback.created');
    const editor = publisher.getByLabel('Data (JSON object)');
    await expect.poll(async () => (await editor.inputValue()).length).toBeGreaterThan(2);
    JSON.parse(await editor.inputValue()); // prefilled with the type's example
    await expectAccessible(publisher, 'publish event');
    await browser.screenshot(publisher, 'console-publish');
    await publisher.getByRole('button', { name: 'Publish' }).click();
    await expect.poll(() => publisher.getByTestId('publish-result').textContent()).toContain('1 delivery queued');
    const eventHref = (await publisher.getByTestId('publish-result').locator('a').getAttribute('href'))!;

    const live = page.getByTestId('live-attempts');
    await expect.poll(async () => (await live.isVisible()) && (await live.locator('li').count()), { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
    expect(await live.locator('li').first().textContent()).toContain('scheduled');
    await expect.poll(() => page.locator('[data-delivery][data-status="SUCCEEDED"]').count()).toBeGreaterThanOrEqual(1);

    // A receiver that refuses (400: no retry can fix it) fails the delivery at once...
    hookStatus = 400;
    const failed = await publish(t, { type: 'cashback.created', data: { amount: 1 } }, TENANT);
    await expect.poll(() => page.locator('[data-status="FAILED"]').count(), { timeout: 20_000 }).toBe(1);
    // ...and once it is fixed, Retry delivers it: the row turns SUCCEEDED without a reload.
    hookStatus = 200;
    await page.locator('[data-status="FAILED"]').getByRole('button', { name: /Retry/ }).click();
    await expect.poll(() => page.locator('[data-status="FAILED"]').count(), { timeout: 20_000 }).toBe(0);
    expect(rx.requests.filter((r) => r.webhookId === failed.eventId).map((r) => r.path)).toEqual(['/hook', '/hook']);
    await expectAccessible(page, 'webhook detail');
    await browser.screenshot(page, 'console-webhook-detail');

    // Rotate with a hard cut-over: the new secret is shown once and the fingerprint follows it.
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByLabel('The old secret stops working').selectOption('0');
    await page.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'New signing secret' }).isVisible()).toBe(true);
    const rotated = (await page.getByTestId('signing-secret').textContent())!.trim();
    expect(rotated).not.toBe(secret);
    await expect.poll(() => page.getByTestId('secret-fingerprint').textContent()).toBe(`whsec_****${rotated.slice(-4)}`);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.content()).not.toContain(rotated);
    await page.getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => rx.requests.filter((r) => r.path === '/hook').length).toBeGreaterThanOrEqual(5);
    const last = rx.requests.filter((r) => r.path === '/hook').at(-1)!;
    expect(() => new SignatureVerifier(rotated).verify(last.body, last.headers as Record<string, string>)).not.toThrow();

    // The event page, and an attempt's detail (headers as sent, redacted).
    await publisher.goto(origin + eventHref);
    await expect.poll(() => publisher.getByRole('heading', { name: 'cashback.created' }).isVisible()).toBe(true);
    await expectAccessible(publisher, 'event');
    await browser.screenshot(publisher, 'console-event');
    await publisher.locator('[data-delivery] a').first().click();
    await publisher.getByRole('link', { name: 'Attempt 1 detail' }).click();
    const detail = publisher.getByTestId('attempt-detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    expect(await detail.textContent()).toContain('"authorization": "<redacted>"');
    expect(await detail.textContent()).toContain('v1,<redacted>');
    await expectAccessible(publisher, 'delivery and attempt');
    await browser.screenshot(publisher, 'console-delivery-attempt');
    await publisher.close();
    await page.close();
  }, 240_000);

  it('keeps every page reachable by URL, with back/forward, at 360 px and on a desktop, without serious axe violations', async () => {
    const page = await signedIn('/webhooks');
    await expect.poll(() => page.getByRole('link', { name: 'Member Rewards' }).isVisible()).toBe(true);
    // Status at a glance: 1 of the webhook's attempts so far failed (the 400 before the retry).
    expect(await page.getByTestId('failure-rate').textContent()).toMatch(/^\d+% failed \(24 h\)$/);
    expect(await page.getByTestId('failure-rate').getAttribute('title')).toMatch(/^1 of \d+ attempts failed/);
    await page.getByLabel('Status').selectOption('disabled');
    await expect.poll(() => page.url()).toContain('status=disabled');
    await expect.poll(() => page.getByText('No webhook matches these filters.').isVisible()).toBe(true);
    await page.goBack();
    await expect.poll(() => page.getByRole('link', { name: 'Member Rewards' }).isVisible()).toBe(true);
    expect(await page.getByLabel('Status').inputValue()).toBe('');
    await page.goForward();
    await expect.poll(() => page.getByText('No webhook matches these filters.').isVisible()).toBe(true);

    const pages: Array<[string, string]> = [
      ['/webhooks', 'Webhooks'],
      ['/events', 'Events'],
      ['/event-types', 'Event types'],
      ['/applications', 'Applications'],
      ['/oauth-credentials', 'OAuth credentials'],
      ['/health', 'Delivery health'],
    ];
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
      for (const [path, heading] of pages) {
        await page.goto(origin + path);
        await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible(), { timeout: 15_000 }).toBe(true);
        await expect.poll(() => page.getByText(/^Loading/).count()).toBe(0);
        await expectAccessible(page, `${path} at ${width}px`);
        // Nothing wider than the screen.
        expect(await page.evaluate(() => document.documentElement.scrollWidth), `${path} at ${width}px`).toBeLessThanOrEqual(width);
        await browser.screenshot(page, `console${path.replace(/\//g, '-')}-${width}`);
      }
    }
    // The health chart is drawn from deliveryHealth: this file's attempts are in it.
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${origin}/health`);
    await expect.poll(() => page.getByTestId('attempt-chart').isVisible()).toBe(true);
    expect(Number(await page.getByTestId('health-succeeded').textContent())).toBeGreaterThanOrEqual(4);
    expect(Number(await page.getByTestId('health-failed').textContent())).toBeGreaterThanOrEqual(1);

    // Adding from the pages: an event type and an application.
    await page.goto(`${origin}/event-types`);
    await page.getByRole('button', { name: 'Add event type' }).click();
    await page.getByLabel('Name', { exact: true }).fill('member.joined');
    await page.getByLabel(/Example payload/).fill('{"memberId": "m_1"}');
    await page.locator('form').getByRole('button', { name: 'Add event type' }).click();
    await expect.poll(() => page.getByText('Event type member.joined added.').isVisible()).toBe(true);
    await page.goto(`${origin}/applications`);
    await page.getByRole('button', { name: 'Add application' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Shop One');
    await page.getByLabel(/External id/).fill('shop_1');
    await page.locator('form').getByRole('button', { name: 'Add application' }).click();
    await expect.poll(() => page.getByText('Application Shop One added.').isVisible()).toBe(true);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 300_000);

  it('shows the portal view to an application-scoped token: only its application, no platform pages', async () => {
    // "Shop One" (externalId shop_1) was added through the Applications page above.
    const apps = await t.gql('{ applications(first: 10) { edges { node { id externalId } } } }', undefined, { tenant: TENANT });
    const shop = (apps.data as { applications: { edges: Array<{ node: { id: string; externalId: string | null } }> } }).applications.edges.find((e) => e.node.externalId === 'shop_1')!.node;
    const own = await createWebhookVia(t, TENANT, { name: 'Shop hook', url: rx.url('/shop'), events: ['cashback.created'], applicationId: shop.id });
    const portalToken = await t.app.authenticator.issueToken!(TENANT, '1h', undefined, 'shop_1');

    const page = await browser.newPage();
    await page.goto(`${origin}/webhooks#token=${portalToken}`);
    await expect.poll(() => page.getByRole('link', { name: 'Shop hook' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Member Rewards' }).count()).toBe(0);
    expect(await page.locator('.who-name').textContent()).toBe('Shop One');
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(nav).toEqual(['Webhooks', 'Events', 'Health']);
    await expectAccessible(page, 'portal webhooks');
    await browser.screenshot(page, 'console-portal-webhooks');
    // Another application's (here: the tenant's) webhook does not exist for this token.
    await page.goto(`${origin}/webhooks/${webhookId}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Webhook not found' }).isVisible()).toBe(true);
    await page.goto(`${origin}/webhooks/${own.webhook.id}`);
    await expect.poll(() => page.getByRole('heading', { name: 'Shop hook' }).isVisible()).toBe(true);
    await page.goto(`${origin}/events`);
    await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Events' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'Publish event' }).count()).toBe(0);
    expect(browser.pageErrors).toEqual([]);
    await page.close();
  }, 120_000);
});
