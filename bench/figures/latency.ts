// Figure 2, latency: publish-to-receipt at light load. One publishEvent every 10 ms over HTTP
// (open loop, 2,000 events; one webhook, one delivery each), measured from the moment the
// publisher sends the mutation to the moment the receiver has the webhook's body. PostgreSQL runs
// production-shaped (an API process and a worker process, woken by LISTEN/NOTIFY); the embedded
// database runs both roles in one process. Baseline: the same publisher on the same schedule
// POSTing a signed body straight to the same receiver (the loopback floor).
import { createBenchDb } from '../lib/db.ts';
import { latestProfile, setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { summarizeProfile } from '../profile-summary.ts';
import { spawnChild, type Child } from '../lib/proc.ts';
import { log, percentile, r2, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

interface Sent {
  eventId: string;
  sentAt: number;
  answeredAt: number;
}

function latencies(sent: Sent[], receipts: Array<[string, number]>): { ms: number[]; missing: number; duplicates: number } {
  const at = new Map<string, number>();
  let duplicates = 0;
  for (const [id, t] of receipts) {
    if (at.has(id)) duplicates++;
    else at.set(id, t);
  }
  const ms: number[] = [];
  let missing = 0;
  for (const s of sent) {
    const t = at.get(s.eventId);
    if (t === undefined) missing++;
    else ms.push(t - s.sentAt);
  }
  return { ms, missing, duplicates };
}

const stats = (ms: number[]) => ({ p50: r2(percentile(ms, 50)), p90: r2(percentile(ms, 90)), p99: r2(percentile(ms, 99)), max: r2(Math.max(...ms)) });

export async function run(opts: Options): Promise<Figure[]> {
  const count = opts.quick ? 500 : (opts.count ?? 2000);
  const intervalMs = 10;
  const receivers = await startReceivers(1, { record: true });
  const publisher = await spawnChild('publisher', 'lib/publisher-child.ts');
  const figures: Figure[] = [];
  try {
    for (const kind of opts.dbs) {
      // Baseline first: the floor of a loopback POST on this machine right now.
      const direct = await publisher.call<Sent[]>('direct', { url: receivers.urls[0], count, intervalMs });
      await new Promise((r) => setTimeout(r, 200));
      const base = latencies(direct, await receivers.child.call('takeReceipts'));
      await receivers.child.call('reset');
      log(`baseline (direct POST every ${intervalMs} ms): ${JSON.stringify(stats(base.ms))}`);

      const db = await createBenchDb(kind);
      const procs: Child[] = [];
      try {
        const api = await startHookgate(kind === 'pg' ? 'api' : 'all', db, kind === 'pg' ? 'api' : 'all', { profile: opts.profile });
        procs.push(api);
        await setupWebhooks(api, receivers.urls);
        const { url } = await api.call<{ url: string }>('start');
        if (kind === 'pg') {
          const worker = await startHookgate('worker', db, 'worker', { profile: opts.profile });
          procs.push(worker);
          await worker.call('start');
        }
        const token = await api.call<string>('token', { tenant: TENANT });
        // Warm-up (connections, JIT), not measured.
        await publisher.call('publish', { url, tokens: [token], items: Array.from({ length: 100 }, () => ({ tenant: 0, type: TYPES[0] })), intervalMs });
        await receivers.child.call('waitFor', { total: 100, timeoutMs: 30_000 });
        await receivers.child.call('takeReceipts');
        await receivers.child.call('reset');

        const sent = await publisher.call<Sent[]>('publish', { url, tokens: [token], items: Array.from({ length: count }, () => ({ tenant: 0, type: TYPES[0] })), intervalMs });
        const done = await receivers.child.call<{ reached: boolean; total: number }>('waitFor', { total: count, timeoutMs: 60_000 });
        await new Promise((r) => setTimeout(r, 200));
        const got = latencies(sent, await receivers.child.call('takeReceipts'));
        await receivers.child.call('reset');
        const s = stats(got.ms);
        const b = stats(base.ms);
        const publishAnswer = stats(sent.map((x) => x.answeredAt - x.sentAt));
        log(`${kind}: publish-to-receipt ${JSON.stringify(s)}; publishEvent answered ${JSON.stringify(publishAnswer)}; missing ${got.missing}`);
        const ok = done.reached && got.missing === 0;
        figures.push({
          figure: `latency (${kind === 'pg' ? 'PostgreSQL, API + worker processes' : 'embedded PGlite, one process'}), ${count} events at 1/${intervalMs} ms`,
          target: 'p50 ≤ 10 ms, p99 ≤ 50 ms (ratio: p99)',
          measured: `p50 ${s.p50} ms, p99 ${s.p99} ms${ok ? '' : ` (${got.missing} MISSING)`}`,
          baseline: `p50 ${b.p50} ms, p99 ${b.p99} ms`,
          ratio: s.p99 / b.p99,
          pass: ok && s.p50 <= 10 && s.p99 <= 50,
          details: { publishToReceipt: s, baseline: b, publishEventAnswered: publishAnswer, missing: got.missing, duplicates: got.duplicates },
        });
      } finally {
        await Promise.all(procs.map((p) => p.close()));
        await db.drop();
      }
      if (opts.profile) {
        for (const name of kind === 'pg' ? ['api', 'worker'] : ['all']) {
          const file = latestProfile(name);
          if (file) console.log(summarizeProfile(file, 20));
        }
      }
    }
  } finally {
    await publisher.close();
    await receivers.child.close();
  }
  return figures;
}
