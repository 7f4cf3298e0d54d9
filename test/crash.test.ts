// Crash safety: Hookgate runs in a child process on a data folder, is SIGKILLed in the middle of
// delivering a batch, and a new app on the same folder finishes the work. Every accepted event is
// delivered at least once; the only duplicates are requests that were in flight at the kill.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startChildApp, type ChildApp } from './helpers/child-app.ts';
import { createWebhook, getWebhook, publish } from './helpers/dispatch.ts';
import { eventually, startReceiver, type Receiver } from './helpers/receiver.ts';

const JWT_SECRET = 'crash-test-secret-crash-test-secret-32';
const EVENTS = 50;
const MAX_IN_FLIGHT = 4;
const TENANT = 'crash';

const dir = mkdtempSync(join(tmpdir(), 'hookgate-crash-'));
let child: ChildApp | undefined;
let revived: ChildApp | undefined;
let rx: Receiver | undefined;

afterAll(async () => {
  await child?.kill('SIGKILL');
  await revived?.kill('SIGTERM');
  await rx?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('delivers every event at least once after a SIGKILL mid-batch; duplicates only for in-flight requests', { timeout: 90_000 }, async () => {
    rx = await startReceiver({ handler: () => ({ status: 200, delayMs: 300 }) });
    const common = {
      HOOKGATE_DATA_DIR: dir,
      HOOKGATE_JWT_SECRET: JWT_SECRET,
      HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1',
      HOOKGATE_LEASE_MS: '1000',
      HOOKGATE_POLL_MS: '100',
      HOOKGATE_RETRY_SCHEDULE: '0s,200ms,200ms,200ms',
    };
    child = await startChildApp({ ...common, HOOKGATE_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });

    const webhook = await createWebhook(child, { url: rx.url('/slow'), events: ['cashback.created'] }, TENANT);
    const published: string[] = [];
    for (let i = 0; i < EVENTS; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, (_, j) => publish(child!, { type: 'cashback.created', data: { i: i + j } }, TENANT)));
      for (const p of batch) {
        expect(p.deliveryCount).toBe(1);
        published.push(p.eventId);
      }
    }
    expect(new Set(published).size).toBe(EVENTS);

    // Mid-batch: some delivered, some in flight, most still queued.
    await eventually(() => rx!.requests.length >= 12, { what: 'a dozen deliveries', timeoutMs: 30_000 });
    const killedAt = Date.now();
    const exit = await child.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    const beforeKill = rx.requests.filter((r) => r.at <= killedAt);
    expect(beforeKill.length).toBeGreaterThanOrEqual(12);
    expect(beforeKill.length).toBeLessThan(EVENTS); // it really was mid-batch

    // Only now (the child is gone) may another process open the PGlite folder. It is a process
    // of its own too: PGlite's work would otherwise block this test's receiver.
    // Its own lease is long: under a loaded machine its attempts must not outlive their lease
    // (leases are not renewed, so that would be a second, unrelated source of duplicates). The
    // dead child's 1 s leases are stored in the rows and expire on their own schedule.
    revived = await startChildApp({ ...common, HOOKGATE_LEASE_MS: '15000' });
    const finals = await eventually(
      async () => {
        const { deliveries } = await getWebhook(revived!, webhook.id, TENANT);
        return deliveries.length === EVENTS && deliveries.every((d) => d.status === 'SUCCEEDED') && deliveries;
      },
      { what: 'every delivery to succeed', timeoutMs: 45_000, intervalMs: 250 },
    );
    expect(finals).toHaveLength(EVENTS);
    // Attempts that were in flight at the kill were never recorded: each delivery has one attempt.
    expect(finals.every((d) => d.attemptCount === 1)).toBe(true);

    // Every event reached the receiver, with its own id.
    const received = new Map<string, number>();
    for (const r of rx.requests) received.set(r.webhookId, (received.get(r.webhookId) ?? 0) + 1);
    for (const id of published) expect(received.get(id) ?? 0, id).toBeGreaterThanOrEqual(1);
    expect([...received.keys()].every((id) => published.includes(id))).toBe(true);
    // Started without npm (no npm_package_version), the user agent still names the real version.
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(new Set(rx.requests.map((r) => r.headers['user-agent']))).toEqual(new Set([`Hookgate/${version}`]));

    // A duplicate is an event whose first request was in flight when the child died: it arrived
    // before the kill, the child never recorded its outcome, and the next process sent it again.
    const duplicates = [...received].filter(([, n]) => n > 1).map(([id]) => id);
    for (const id of duplicates) {
      const reqs = rx.byId(id);
      expect(reqs, id).toHaveLength(2);
      expect(reqs[0]!.at).toBeLessThanOrEqual(killedAt);
      expect(reqs[1]!.at).toBeGreaterThan(killedAt);
    }
    expect(duplicates.length).toBeLessThanOrEqual(MAX_IN_FLIGHT);
    console.info(`crash test: ${beforeKill.length} requests before the kill, ${duplicates.length} duplicates`);
    // Every request answered before the kill minus those not recorded accounts for all receipts.
    const receipts = [...received.values()].reduce((a, b) => a + b, 0);
    expect(receipts).toBe(EVENTS + duplicates.length);
  });
});
