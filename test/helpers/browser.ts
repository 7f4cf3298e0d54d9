// A real browser for page tests: Debian's Chromium (/usr/bin/chromium, installed by .ci/run)
// driven by playwright-core, which downloads nothing. Each session gets a fresh profile in a temp
// folder (no state leaks between tests or runs) that close() removes with the browser.
// Screenshots go to test-artifacts/ (gitignored) so a failing page can be looked at.
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.HOOKGATE_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS_DIR = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

// The flags the machine's Chromium needs in a container without a GPU, and nothing that reaches
// out (updates, sync, QUIC probes): tests talk to 127.0.0.1 only.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  context: BrowserContext;
  /** A new tab; console errors and uncaught page errors are collected into `pageErrors`. */
  newPage(): Promise<Page>;
  /** Every console error and uncaught exception of the session's pages, for failure messages. */
  readonly pageErrors: string[];
  /** Saves a full-page PNG as test-artifacts/<name>.png and returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes every page and the browser, and deletes the profile. */
  close(): Promise<void>;
}

export async function openBrowser(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium), as .ci/run does`);
  }
  const profile = await mkdtemp(join(tmpdir(), 'hookgate-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
      timeout: 30_000,
    });
  } catch (err) {
    await rm(profile, { recursive: true, force: true });
    throw err;
  }
  const pageErrors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() === 'error') pageErrors.push(`console: ${msg.text()}`);
    });
    page.on('pageerror', (err) => pageErrors.push(`pageerror: ${err.message}`));
  };
  // A persistent context opens with one blank tab; it is reused by the first newPage().
  const spare: Page[] = [...context.pages()];
  for (const page of spare) watch(page);
  context.on('page', watch);

  return {
    context,
    pageErrors,
    async newPage() {
      return spare.shift() ?? (await context.newPage());
    },
    async screenshot(page, name) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      const path = join(ARTIFACTS_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      try {
        await context.close();
      } finally {
        // Chromium's last helper processes may still be flushing the profile for a moment.
        await rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      }
    },
  };
}
