// Figure 3, ingest: publishEvent mutations/s over HTTP, each event matching 10 webhooks (10
// deliveries written per event), under autocannon (its own process, 10 connections). The API runs
// alone (role api: no worker competing for the CPU). Baseline: the same Yoga server, same auth
// header, answering the trivial query `{ __typename }`, measured before and after.
// Also the batched publish: publishEvents with BATCH events (10 matching webhooks each) per
// request, as deliveries written/s. CPU per request (the API process and its PostgreSQL
// backends) is reported beside the rates: on a shared machine it compares better than req/s.
// --profile: the API process runs with --cpu-prof. --base=DIR: the same figure for another checkout
// (its own API process and database), alternated with this one in the same run.
import { createBenchDb, sampleBackendCpu, type BenchDb } from '../lib/db.ts';
import { latestProfile, setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { summarizeProfile } from '../profile-summary.ts';
import { cpuOf, spawnChild, type Child } from '../lib/proc.ts';
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

/** Events per publishEvents request (HOOKGATE_PUBLISH_BATCH_MAX's default). */
export const BATCH = 100;
const DATA = { amount: 4.5, currency: 'EUR', order: 'ord_123' };
const PUBLISH = JSON.stringify({
  query: `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename ... on PublishEventPayload { deliveryCount event { id } } } }`,
  variables: { input: { type: TYPES[0], data: DATA } },
});
const PUBLISH_BATCH = JSON.stringify({
  query: `mutation ($input: PublishEventsInput!) { publishEvents(input: $input) { __typename ... on PublishEventsPayload { publishedCount results { __typename ... on PublishEventPayload { deliveryCount event { id } } } } } }`,
  variables: { input: { events: Array.from({ length: BATCH }, (_, i) => ({ type: TYPES[0], data: { ...DATA, i } })) } },
});
const PUBLISH_OK = '"deliveryCount":10';
const BATCH_OK = `"publishedCount":${BATCH}`;

export interface Server {
  label: string;
  db: BenchDb;
  api: Child;
  url: string;
  token: string;
}

export interface MeasuredRun extends CannonResult {
  cpuUsPerRequest: { api: number; postgres: number };
}

/** A cannon run with the CPU it cost per request: the API process and its database backends. */
export async function measured(ac: Child, s: { db: BenchDb; api: Child; url: string; token: string }, body: string, expect: string, durationS: number, connections = 10): Promise<MeasuredRun> {
  const backends = sampleBackendCpu(s.db, cpuOf);
  await backends.ready;
  const api0 = cpuOf(s.api.pid);
  const got = await cannon(ac, s.url, s.token, body, expect, durationS, connections);
  const api = cpuOf(s.api.pid) - api0;
  const postgres = await backends.stop();
  const per = (sec: number) => r1((sec / got.total) * 1e6);
  return { ...got, cpuUsPerRequest: { api: per(api), postgres: per(postgres) } };
}

async function startServer(kind: BenchDb['kind'], receivers: string[], label: string, opts: { root?: string; profile?: boolean }): Promise<Server> {
  const db = await createBenchDb(kind);
  const api = await startHookgate(label === 'this' ? 'api' : `api-${label}`, db, 'api', { profile: opts.profile, root: opts.root });
  try {
    await setupWebhooks(api, receivers, { events: [TYPES[0]!] });
    const { url } = await api.call<{ url: string }>('start');
    const token = await api.call<string>('token', { tenant: TENANT });
    return { label, db, api, url, token };
  } catch (err) {
    await api.close();
    await db.drop();
    throw err;
  }
}

/** Stops a figure's API processes and drops their databases. */
export async function stopServers(servers: Array<{ api: Child; db: BenchDb }>): Promise<void> {
  for (const s of servers) {
    await s.api.close();
    await s.db.drop();
  }
}

/** --profile: the summary of the newest API process's profile, with time including callees. */
export function printApiProfile(): void {
  const file = latestProfile('api');
  if (!file) return;
  log(`profile: ${file}`);
  console.log(summarizeProfile(file, 30, true));
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cpuOfRuns = (rs: MeasuredRun[]) => ({ api: r1(mean(rs.map((x) => x.cpuUsPerRequest.api))), postgres: r1(mean(rs.map((x) => x.cpuUsPerRequest.postgres))) });

export async function run(opts: Options): Promise<Figure[]> {
  const durationS = opts.quick ? 5 : 10;
  const rounds = opts.rounds ?? (opts.base ? 2 : 1);
  const figures: Figure[] = [];
  // Receivers only give the webhooks valid targets; nothing is delivered (no worker).
  const receivers = await startReceivers(10);
  const ac = await spawnChild('autocannon', 'lib/autocannon-child.ts');
  try {
    for (const kind of opts.dbs) {
      const servers: Server[] = [];
      const dbName = kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite';
      // PGlite runs one transaction at a time: ten queued batches of 100 wait 10 s and more.
      const batchConnections = kind === 'pg' ? 10 : 2;
      try {
        servers.push(await startServer(kind, receivers.urls, 'this', { profile: opts.profile }));
        if (opts.base) servers.push(await startServer(kind, receivers.urls, 'base', { root: opts.base }));
        const [self] = servers as [Server, ...Server[]];
        // Warm-up of every path.
        for (const s of servers) {
          await cannon(ac, s.url, s.token, TRIVIAL, '"__typename":"Query"', 2);
          await cannon(ac, s.url, s.token, PUBLISH, PUBLISH_OK, 2);
          await cannon(ac, s.url, s.token, PUBLISH_BATCH, BATCH_OK, 2, batchConnections);
        }
        const count = async (s: Server) =>
          (await s.api.call<Array<{ events: number; deliveries: number }>>('sql', {
            sql: 'SELECT (SELECT count(*)::int FROM "Event") AS events, (SELECT count(*)::int FROM "Delivery") AS deliveries',
          }))[0]!;

        const before = await cannon(ac, self.url, self.token, TRIVIAL, '"__typename":"Query"', durationS);
        const single = new Map<string, MeasuredRun[]>(servers.map((s) => [s.label, []]));
        const batch = new Map<string, MeasuredRun[]>(servers.map((s) => [s.label, []]));
        let stored = 0;
        let answered = 0;
        for (let r = 0; r < rounds; r++) {
          for (const s of servers) {
            const c0 = await count(s);
            const pub = await measured(ac, s, PUBLISH, PUBLISH_OK, durationS);
            const c1 = await count(s);
            if (s === self) {
              stored += c1.events - c0.events;
              answered += pub.total;
            }
            single.get(s.label)!.push(pub);
            const many = await measured(ac, s, PUBLISH_BATCH, BATCH_OK, durationS, batchConnections);
            batch.get(s.label)!.push(many);
            log(
              `${kind} ${s.label}: publishEvent ${r1(pub.requestsPerSecond)}/s (p99 ${pub.latency.p99} ms, CPU ${JSON.stringify(pub.cpuUsPerRequest)} µs); ` +
                `publishEvents x${BATCH} ${r1(many.requestsPerSecond)}/s = ${r1(many.requestsPerSecond * BATCH * 10)} deliveries/s (p99 ${many.latency.p99} ms, CPU ${JSON.stringify(many.cpuUsPerRequest)} µs)`,
            );
          }
        }
        const after = await cannon(ac, self.url, self.token, TRIVIAL, '"__typename":"Query"', durationS);
        const base = (before.requestsPerSecond + after.requestsPerSecond) / 2;
        const rate = (m: Map<string, MeasuredRun[]>, label: string) => mean(m.get(label)!.map((x) => x.requestsPerSecond));
        const list = (m: Map<string, MeasuredRun[]>, label: string, k = 1) => m.get(label)!.map((x) => r1(x.requestsPerSecond * k)).join(' / ');
        const p99 = (m: Map<string, MeasuredRun[]>, label: string) => Math.max(...m.get(label)!.map((x) => x.latency.p99));
        const cpuText = (m: Map<string, MeasuredRun[]>, label: string, per = 1) => {
          const c = cpuOfRuns(m.get(label)!);
          return `API ${r1(c.api / per)} + PostgreSQL ${r1(c.postgres / per)} µs`;
        };
        log(`${kind}: publishEvent ${r1(rate(single, 'this'))}/s, trivial ${r1(before.requestsPerSecond)} / ${r1(after.requestsPerSecond)}/s; events stored ${stored} of ${answered} answered`);
        figures.push({
          figure: `ingest (${dbName}), publishEvent with 10 matching webhooks, 10 connections`,
          target: 'report (ratio to a trivial query)',
          measured: `${r1(rate(single, 'this'))} events/s (${r1(rate(single, 'this') * 10)} deliveries/s), p99 ${p99(single, 'this')} ms; CPU per event ${cpuText(single, 'this')}`,
          baseline: `${r1(base)} req/s { __typename }`,
          ratio: rate(single, 'this') / base,
          // autocannon counts answers within its duration; requests still in flight then are stored too.
          pass: stored >= answered ? null : false,
          details: { publish: single.get('this'), trivialBefore: before, trivialAfter: after, eventsStored: stored, answered },
        });
        const deliveriesPerS = rate(batch, 'this') * BATCH * 10;
        figures.push({
          figure: `ingest (${dbName}), publishEvents with ${BATCH} events x 10 matching webhooks per request, ${batchConnections} connections`,
          target: '≥ 10,000 deliveries written/s',
          measured: `${r1(deliveriesPerS)} deliveries/s (${list(batch, 'this')} requests/s), p99 ${p99(batch, 'this')} ms; CPU per delivery ${cpuText(batch, 'this', BATCH * 10)}`,
          baseline: `publishEvent one at a time: ${r1(rate(single, 'this') * 10)} deliveries/s`,
          ratio: deliveriesPerS / (rate(single, 'this') * 10),
          pass: deliveriesPerS >= 10_000,
          details: { batch: batch.get('this') },
        });
        if (opts.base) {
          const ratio = rate(single, 'this') / rate(single, 'base');
          log(`${kind}: before (${opts.base}): publishEvent ${list(single, 'base')}/s, publishEvents ${list(batch, 'base')}/s`);
          figures.push({
            figure: `ingest (${dbName}), publishEvent, vs the version in ${opts.base}`,
            target: '≥ 2 × before',
            measured: `${r1(rate(single, 'this'))} events/s (${list(single, 'this')}); CPU per event ${cpuText(single, 'this')}`,
            baseline: `before: ${r1(rate(single, 'base'))} events/s (${list(single, 'base')}); CPU per event ${cpuText(single, 'base')}`,
            ratio,
            pass: ratio >= 2,
            details: { prior: single.get('base') },
          });
          figures.push({
            figure: `ingest (${dbName}), publishEvents x${BATCH}, vs the version in ${opts.base}`,
            target: 'report',
            measured: `${r1(deliveriesPerS)} deliveries/s; CPU per delivery ${cpuText(batch, 'this', BATCH * 10)}`,
            baseline: `before: ${r1(rate(batch, 'base') * BATCH * 10)} deliveries/s (${list(batch, 'base', BATCH * 10)}); CPU per delivery ${cpuText(batch, 'base', BATCH * 10)}`,
            ratio: rate(batch, 'this') / rate(batch, 'base'),
            pass: null,
            details: { prior: batch.get('base') },
          });
        }
      } finally {
        await stopServers(servers);
      }
      if (opts.profile) printApiProfile();
    }
  } finally {
    await ac.close();
    await receivers.child.close();
  }
  return figures;
}
