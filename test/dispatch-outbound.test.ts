// Outbound safety through the whole stack: webhooks pointing at loopback, private, link-local and
// metadata addresses (in several spellings) are created, but every delivery is refused at connect
// time with BLOCKED_ADDRESS and a real HTTPS receiver listening there sees no connection at all.
// Redirects are never followed. The allow-list admits whole hosts (IPs, CIDRs, names), no ports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createWebhook, DispatchSendTestDoc, FAST_DELIVERY_ENV, member, ok, publish, settled } from './helpers/dispatch.ts';
import { sleep, startReceiver, TEST_CA_FILE, type Receiver } from './helpers/receiver.ts';

let strict: TestApp; // HOOKGATE_OUTBOUND_ALLOW="": loopback refused
let loose: TestApp; // HOOKGATE_OUTBOUND_ALLOW=127.0.0.1: only the redirector's host
let target: Receiver; // HTTPS on [::] (dual stack): reachable as 127.0.0.x, ::1, ::ffff:127.0.0.1

beforeAll(async () => {
  const env = { ...FAST_DELIVERY_ENV, HOOKGATE_CA_FILE: TEST_CA_FILE };
  [strict, loose, target] = await Promise.all([
    startTestApp({ ...env, HOOKGATE_OUTBOUND_ALLOW: '' }),
    startTestApp({ ...env, HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1' }),
    startReceiver({ tls: true, host: '::' }),
  ]);
});

afterAll(async () => {
  await Promise.all([strict?.stop(), loose?.stop(), target?.close()]);
});

describe('refused targets', () => {
  it('fails every delivery to a refused address with BLOCKED_ADDRESS, and the receiver gets no connection', async () => {
    const p = target.port;
    const urls = [
      `https://127.0.0.1:${p}/`,
      `https://localhost:${p}/`,
      `https://[::1]:${p}/`,
      `https://[::ffff:127.0.0.1]:${p}/`,
      `https://[0:0:0:0:0:ffff:7f00:1]:${p}/`,
      `https://2130706433:${p}/`,
      `https://0x7f000001:${p}/`,
      `https://127.1:${p}/`,
      `https://127.0.0.2:${p}/`,
      `https://0.0.0.0:${p}/`,
      `https://[::]:${p}/`,
      'https://10.0.0.1/',
      'https://172.16.0.1/',
      'https://192.168.1.1/',
      'https://169.254.169.254/',
      'https://[fd00:ec2::254]/',
    ];
    const tenant = 'outbound-blocked';
    // Creation is accepted: addresses are judged where the connection is made (the resolved IP),
    // not on the URL text, so that DNS answers that change later cannot slip past.
    const hooks = [];
    for (const url of urls) hooks.push({ url, ...(await createWebhook(strict, { url, events: ['cashback.created'] }, tenant)) });
    const { eventId, deliveryCount } = await publish(strict, { type: 'cashback.created', data: {} }, tenant);
    expect(deliveryCount).toBe(urls.length);
    const ds = await settled(strict, eventId, { tenant, count: urls.length });
    for (const d of ds) {
      expect(d, d.url).toMatchObject({ status: 'FAILED', attemptCount: 1 });
      expect(d.attempts).toHaveLength(1);
      expect(d.attempts[0], d.url).toMatchObject({ outcome: 'FAILED', errorKind: 'BLOCKED_ADDRESS', responseStatus: null });
      expect(d.attempts[0]!.errorMessage).toMatch(/refused/);
      expect(d.attempts[0]!.durationMs).toBeLessThan(2_000); // refused before connecting, no timeout
    }
    // Stored URLs are the webhook's as given; each one of them failed.
    expect(new Set(ds.map((d) => d.url)).size).toBe(urls.length);

    // A test send is refused the same way.
    const test = member(ok(await strict.gql(DispatchSendTestDoc, { input: { id: hooks[0]!.id } }, { tenant })).sendTestWebhook, 'SendTestWebhookPayload');
    expect(test.attempt).toMatchObject({ outcome: 'FAILED', errorKind: 'BLOCKED_ADDRESS' });

    await sleep(300);
    expect(target.connections).toBe(0);
    expect(target.requests).toHaveLength(0);
  });

  it('would reach the same receiver where it is allow-listed (the refusal above is the address rule)', async () => {
    const tenant = 'outbound-control';
    const before = target.requests.length;
    await createWebhook(loose, { url: `https://127.0.0.1:${target.port}/control`, events: ['cashback.created'] }, tenant);
    const { eventId } = await publish(loose, { type: 'cashback.created', data: {} }, tenant);
    const [d] = await settled(loose, eventId, { tenant });
    expect(d).toMatchObject({ status: 'SUCCEEDED' });
    expect(target.requests.slice(before).map((r) => r.path)).toEqual(['/control']);
  });
});

describe('redirects', () => {
  it('records a 302 to a refused target as a failed HTTP_STATUS attempt and never follows it', async () => {
    const tenant = 'outbound-redirect';
    const targets = [`https://127.0.0.2:${target.port}/internal`, `https://[::1]:${target.port}/internal`, 'https://169.254.169.254/latest/meta-data/'];
    const redirector = await startReceiver({
      tls: true,
      handler: (req) => ({ status: 302, headers: { location: targets[Number(req.path.slice(-1))]! } }),
    });
    try {
      const connectionsBefore = target.connections;
      const requestsBefore = target.requests.length;
      await createWebhook(loose, { urls: targets.map((_, i) => redirector.url(`/r${i}`)), events: ['cashback.created'] }, tenant);
      const { eventId } = await publish(loose, { type: 'cashback.created', data: {} }, tenant);
      const ds = await settled(loose, eventId, { tenant, count: targets.length });
      for (const d of ds) {
        expect(d.status, d.url).toBe('FAILED');
        expect(d.attempts.length).toBeGreaterThanOrEqual(1);
        for (const a of d.attempts) {
          expect(a).toMatchObject({ outcome: 'FAILED', errorKind: 'HTTP_STATUS', responseStatus: 302 });
          expect(a.url).toBe(d.url);
          expect((a.responseHeaders as Record<string, string>).location).toMatch(/^https:\/\//);
        }
      }
      expect(redirector.requests.length).toBe(ds.reduce((n, d) => n + d.attempts.length, 0));
      await sleep(300);
      expect(target.connections).toBe(connectionsBefore);
      expect(target.requests).toHaveLength(requestsBefore);
    } finally {
      await redirector.close();
    }
  });
});
