// The dispatch ceiling: a bare undici loop in its own process, POSTing signed Standard Webhooks
// requests (the same envelope, headers and signature Hookgate sends) to the same receivers at the
// same concurrency, over keep-alive connections. No database, no bookkeeping: what any Node
// dispatcher could reach on this machine at best.
import { randomUUID } from 'node:crypto';
import { Agent } from 'undici';
import { USER_AGENT } from '../../src/delivery/request.ts';
import { generateSecret, signatureHeader } from '../../src/delivery/sign.ts';
import { serve } from './proc.ts';

interface Prepared {
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

function prepare(urls: string[], count: number): Prepared[] {
  const secrets = urls.map(() => generateSecret());
  const out: Prepared[] = [];
  const time = new Date().toISOString();
  const timestamp = Math.floor(Date.now() / 1000);
  for (let i = 0; i < count; i++) {
    const target = i % urls.length;
    const u = new URL(urls[target]!);
    const id = `evt_${randomUUID().replaceAll('-', '')}`;
    const body = JSON.stringify({ id, type: 'bench.event', time, data: { amount: 4.5, currency: 'EUR', i } });
    out.push({
      origin: u.origin,
      path: u.pathname,
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signatureHeader({ msgId: id, timestamp, body, secrets: [secrets[target]!] }),
      },
    });
  }
  return out;
}

serve({
  async run(args: { urls: string[]; count: number; concurrency: number; connections?: number | null; warmup?: number }) {
    const agent = new Agent({ connections: args.connections ?? null, keepAliveTimeout: 60_000 });
    const send = async (r: Prepared) => {
      const res = await agent.request({ origin: r.origin, path: r.path, method: 'POST', headers: r.headers, body: r.body });
      await res.body.text();
      return res.statusCode;
    };
    const loop = async (reqs: Prepared[], concurrency: number) => {
      let next = 0;
      let ok = 0;
      const worker = async () => {
        while (next < reqs.length) {
          const r = reqs[next++]!;
          if ((await send(r)) === 200) ok++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, reqs.length) }, worker));
      return ok;
    };
    // Warm-up: connections opened and code optimized before the clock starts.
    await loop(prepare(args.urls, args.warmup ?? 2000), args.concurrency);
    const reqs = prepare(args.urls, args.count);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const ok = await loop(reqs, args.concurrency);
    const cpu = process.cpuUsage(cpu0);
    const ms = performance.now() - t0;
    await agent.close();
    return { n: args.count, ok, ms, perSecond: (args.count / ms) * 1000, cpuUsPerRequest: (cpu.user + cpu.system) / args.count };
  },
});
