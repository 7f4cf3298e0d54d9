// Figure 5, fanout: 1,000 concurrent graphql-ws subscribers of `deliveryAttempts` on one API
// process while one worker process records 100 attempts/s (PostgreSQL, Redis between them, as in
// production). 10 tenants x 10 webhooks; per tenant 100 subscribers: 10 take every attempt of the
// tenant, 90 filter by one webhook (10 per webhook, webhooks 1-9). Checks that every subscriber
// gets exactly the attempts it should (none missing, none twice, nothing of another tenant or
// webhook), the lag from the attempt being recorded (its start + duration) to receipt, and the
// API process's RSS. Baseline: a bare `ws` server pushing the same message pattern to 1,000 raw
// WebSocket clients (ws-broadcast-child.ts).
import { createBenchDb } from '../lib/db.ts';
import { setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { cpuMeter, rssOf, sampleRss, sleep, spawnChild, type Child } from '../lib/proc.ts';
import { log, mb, percentile, r1, r2, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

const TENANTS = 10;
const WEBHOOKS = 10;
const SUBSCRIBERS = 1000;
const RATE = 100; // attempts per second

interface SubResult {
  received: Array<[string, string]>;
  lags: number[];
  errors: string[];
}

/** Subscriber i: tenant i % 10; every tenant's subscribers 0, 10, 20... unfiltered, the others on webhook k % 10. */
function specOf(i: number): { tenant: number; webhook: number | null } {
  const k = Math.floor(i / TENANTS);
  return { tenant: i % TENANTS, webhook: k % WEBHOOKS === 0 ? null : k % WEBHOOKS };
}

async function waitUntil(fn: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

export async function run(opts: Options): Promise<Figure[]> {
  const seconds = opts.quick ? 10 : 30;
  const count = RATE * seconds;
  const specs = Array.from({ length: SUBSCRIBERS }, (_, i) => specOf(i));
  const receivers = await startReceivers(WEBHOOKS);
  const subscribers = await spawnChild('subscribers', 'lib/subscribers-child.ts');
  const figures: Figure[] = [];
  try {
    // Baseline: raw WebSocket push of the same pattern.
    const bc = await spawnChild('broadcast', 'lib/ws-broadcast-child.ts');
    let baseLag: number[] = [];
    try {
      await subscribers.call('openRaw', { url: await bc.call<string>('url'), specs, concurrency: 20 });
      await subscribers.call('reset');
      await bc.call('run', { count, intervalMs: 1000 / RATE, tenants: TENANTS, webhooks: WEBHOOKS });
      await sleep(1000);
      const res = await subscribers.call<SubResult[]>('results');
      baseLag = res.flatMap((r) => r.lags);
      await subscribers.call('close');
    } finally {
      await bc.close();
    }
    const base = { p50: r2(percentile(baseLag, 50)), p99: r2(percentile(baseLag, 99)), messages: baseLag.length };
    log(`baseline (bare ws broadcast): ${JSON.stringify(base)}`);

    const db = await createBenchDb('pg');
    const procs: Child[] = [];
    try {
      const api = await startHookgate('api', db, 'api');
      procs.push(api);
      const tenants = Array.from({ length: TENANTS }, (_, t) => `${TENANT}-f${t}`);
      const webhooks: string[][] = [];
      for (const t of tenants) webhooks.push((await setupWebhooks(api, receivers.urls, { tenant: t })).webhooks.map((w) => w.publicId));
      const { url } = await api.call<{ url: string }>('start');
      const worker = await startHookgate('worker', db, 'worker');
      procs.push(worker);
      await worker.call('start');
      const tokens = await Promise.all(tenants.map((t) => api.call<string>('token', { tenant: t })));
      const rssIdle = rssOf(api.pid)!;

      await subscribers.call('open', {
        url,
        specs: specs.map((s) => ({ token: tokens[s.tenant], webhookId: s.webhook === null ? null : webhooks[s.tenant]![s.webhook] })),
        concurrency: 20,
      });
      const rssConnected = rssOf(api.pid)!;
      log(`fanout: ${SUBSCRIBERS} subscribers connected; API RSS ${mb(rssIdle)} idle, ${mb(rssConnected)} connected`);

      // Warm-up: one attempt per (tenant, webhook) reaches every subscriber at least once, which
      // proves every subscription is live before anything is measured.
      const publisher = await spawnChild('publisher', 'lib/publisher-child.ts');
      procs.push(publisher);
      const warm = Array.from({ length: TENANTS * WEBHOOKS }, (_, i) => ({ tenant: i % TENANTS, type: TYPES[Math.floor(i / TENANTS) % WEBHOOKS] }));
      await publisher.call('publish', { url, tokens, items: warm, intervalMs: 5 });
      let ready = 0;
      await waitUntil(async () => (ready = await subscribers.call<number>('live')) === SUBSCRIBERS, 60_000, 'every subscriber to get its warm-up attempt').catch(async (err: Error) => {
        const res = await subscribers.call<SubResult[]>('results');
        const errs = res.flatMap((r) => r.errors).slice(0, 5);
        const [a] = await api.call<Array<{ n: number }>>('sql', { sql: 'SELECT count(*)::int AS n FROM "DeliveryAttempt"' });
        throw new Error(`${err.message}: ${ready} ready, attempts ${a!.n}, errors ${JSON.stringify(errs)}`);
      });
      await receivers.child.call('waitFor', { total: warm.length, timeoutMs: 30_000 });
      await sleep(500);
      await subscribers.call('reset');

      const rss = sampleRss(api.pid, 250);
      const meter = cpuMeter({ api: api.pid, worker: worker.pid, subscribers: subscribers.pid, publisher: publisher.pid, receivers: receivers.child.pid });
      const items = Array.from({ length: count }, (_, i) => ({ tenant: i % TENANTS, type: TYPES[Math.floor(i / TENANTS) % WEBHOOKS] }));
      const sent = await publisher.call<Array<{ eventId: string }>>('publish', { url, tokens, items, intervalMs: 1000 / RATE });
      await receivers.child.call('waitFor', { total: warm.length + count, timeoutMs: 60_000 });
      const cpu = meter.stop().cores;
      await sleep(2000);
      const samples = rss.stop();
      const results = await subscribers.call<SubResult[]>('results');

      // Expected per subscriber: the measured events of its tenant (and webhook, when filtered).
      const byEvent = new Map<string, { tenant: number; webhook: number }>();
      sent.forEach((s, i) => byEvent.set(s.eventId, { tenant: i % TENANTS, webhook: Math.floor(i / TENANTS) % WEBHOOKS }));
      let expected = 0;
      let missing = 0;
      let duplicates = 0;
      let wrong = 0;
      let errors = 0;
      results.forEach((r, i) => {
        const spec = specs[i]!;
        errors += r.errors.length;
        const got = new Set<string>();
        const seenAttempts = new Set<string>();
        for (const [attemptId, eventId] of r.received) {
          if (seenAttempts.has(attemptId)) duplicates++;
          seenAttempts.add(attemptId);
          const e = byEvent.get(eventId);
          if (!e || e.tenant !== spec.tenant || (spec.webhook !== null && e.webhook !== spec.webhook)) {
            if (wrong < 5) log(`wrong: subscriber ${i} ${JSON.stringify(spec)} got ${eventId} ${JSON.stringify(e)}`);
            wrong++;
          }
          else got.add(eventId);
        }
        for (const [eventId, e] of byEvent) {
          if (e.tenant !== spec.tenant || (spec.webhook !== null && e.webhook !== spec.webhook)) continue;
          expected++;
          if (!got.has(eventId)) missing++;
        }
      });
      const lags = results.flatMap((r) => r.lags);
      const lag = { p50: r2(percentile(lags, 50)), p99: r2(percentile(lags, 99)), max: r2(Math.max(...lags)) };
      const peak = Math.max(...samples.map((s) => s.rss));
      const end = samples[samples.length - 1]!.rss;
      const [attempts] = await api.call<Array<{ n: number }>>('sql', { sql: 'SELECT count(*)::int AS n FROM "DeliveryAttempt"' });
      log(`fanout: CPU in cores during the measured phase ${JSON.stringify(cpu)}`);
      log(`fanout: expected ${expected} messages, missing ${missing}, duplicates ${duplicates}, wrong ${wrong}, errors ${errors}; lag ${JSON.stringify(lag)}; RSS peak ${mb(peak)}`);
      const ok = missing === 0 && duplicates === 0 && wrong === 0 && errors === 0 && attempts!.n === warm.length + count;
      figures.push({
        figure: `fanout (PostgreSQL + Redis, API + worker), ${SUBSCRIBERS} graphql-ws subscribers, ${RATE} attempts/s for ${seconds} s`,
        target: 'all delivered; p99 lag ≤ 100 ms (ratio: p99)',
        measured: `${expected - missing}/${expected} messages, p99 lag ${lag.p99} ms (p50 ${lag.p50}), API RSS ${mb(rssIdle)} idle / ${mb(rssConnected)} connected / ${mb(peak)} peak`,
        baseline: `bare ws push p99 ${base.p99} ms (p50 ${base.p50})`,
        ratio: lag.p99 / base.p99,
        pass: ok && lag.p99 <= 100,
        details: { expected, missing, duplicates, wrong, errors, lag, baseline: base, rss: { idle: rssIdle, connected: rssConnected, peak, end }, attempts: attempts!.n, messagesPerSecond: r1(expected / seconds), cpuCores: cpu },
      });
      await subscribers.call('close');
    } finally {
      await Promise.all(procs.map((p) => p.close()));
      await db.drop();
    }
  } finally {
    await subscribers.close();
    await receivers.child.close();
  }
  return figures;
}
