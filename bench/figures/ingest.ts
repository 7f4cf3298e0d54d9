// Figure 3, ingest: publishEvent mutations/s over HTTP, each event matching 10 webhooks (10
// deliveries written per event), under autocannon (its own process, 10 connections). The API runs
// alone (role api: no worker competing for the CPU). Baseline: the same Yoga server, same auth
// header, answering the trivial query `{ __typename }`, measured before and after.
import { createBenchDb } from '../lib/db.ts';
import { latestProfile, setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { summarizeProfile } from '../profile-summary.ts';
import { spawnChild, type Child } from '../lib/proc.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

export interface CannonResult {
  requestsPerSecond: number;
  total: number;
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
}

export const TRIVIAL = JSON.stringify({ query: '{ __typename }' });

export async function cannon(c: Child, url: string, token: string, body: string, expect: string, durationS: number, connections = 10) {
  const r = await c.call<CannonResult>('run', {
    url,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    connections,
    durationS,
    expect,
  });
  if (r.non2xx + r.errors + r.timeouts + r.mismatches > 0) throw new Error(`autocannon saw failures: ${JSON.stringify(r)}`);
  return r;
}

export async function run(opts: Options): Promise<Figure[]> {
  const durationS = opts.quick ? 5 : 10;
  const figures: Figure[] = [];
  // Receivers only give the webhooks valid targets; nothing is delivered (no worker).
  const receivers = await startReceivers(10);
  const ac = await spawnChild('autocannon', 'lib/autocannon-child.ts');
  try {
    for (const kind of opts.dbs) {
      const db = await createBenchDb(kind);
      const api = await startHookgate('api', db, 'api', { profile: opts.profile });
      try {
        await setupWebhooks(api, receivers.urls, { events: [TYPES[0]!] });
        const { url } = await api.call<{ url: string }>('start');
        const token = await api.call<string>('token', { tenant: TENANT });
        const publish = JSON.stringify({
          query: `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename ... on PublishEventPayload { deliveryCount event { id } } } }`,
          variables: { input: { type: TYPES[0], data: { amount: 4.5, currency: 'EUR', order: 'ord_123' } } },
        });
        // Warm-up of both paths.
        await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', 2);
        await cannon(ac, url, token, publish, '"deliveryCount":10', 2);
        const events0 = ((await api.call<Array<{ n: number }>>('sql', { sql: 'SELECT count(*)::int AS n FROM "Event"' }))[0]!).n;

        const before = await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', durationS);
        const pub = await cannon(ac, url, token, publish, '"deliveryCount":10', durationS);
        const after = await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', durationS);
        const [row] = await api.call<Array<{ events: number; deliveries: number }>>('sql', {
          sql: 'SELECT (SELECT count(*)::int FROM "Event") AS events, (SELECT count(*)::int FROM "Delivery") AS deliveries',
        });
        const stored = row!.events - events0;
        const base = (before.requestsPerSecond + after.requestsPerSecond) / 2;
        log(`${kind}: publishEvent ${r1(pub.requestsPerSecond)}/s (p99 ${pub.latency.p99} ms), trivial ${r1(before.requestsPerSecond)} / ${r1(after.requestsPerSecond)}/s; events stored ${stored} of ${pub.total} answered`);
        figures.push({
          figure: `ingest (${kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite'}), publishEvent with 10 matching webhooks, 10 connections`,
          target: 'report (ratio to a trivial query)',
          measured: `${r1(pub.requestsPerSecond)} events/s (${r1(pub.requestsPerSecond * 10)} deliveries/s), p99 ${pub.latency.p99} ms`,
          baseline: `${r1(base)} req/s { __typename }`,
          ratio: pub.requestsPerSecond / base,
          // autocannon counts answers within its duration; requests still in flight then are stored too.
          pass: stored >= pub.total ? null : false,
          details: { publish: pub, trivialBefore: before, trivialAfter: after, eventsStored: stored, deliveriesTotal: row!.deliveries },
        });
      } finally {
        await api.close();
        await db.drop();
      }
      if (opts.profile) {
        const file = latestProfile('api');
        if (file) console.log(summarizeProfile(file, 30));
      }
    }
  } finally {
    await ac.close();
    await receivers.child.close();
  }
  return figures;
}
