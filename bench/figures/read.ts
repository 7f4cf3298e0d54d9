// Figure 4, read: `webhooks(first: 50)` with each webhook's headers, application and last delivery
// (`deliveries(first: 1)`), req/s and p99 under autocannon (its own process, 10 connections), and
// the SQL statements one request costs (BuildOptions.onQuery in the API process), for 5 and for 50
// webhooks: constant in N means no N+1. Baseline: the same server answering `{ __typename }`.
// --profile: the API process runs with --cpu-prof, summarized at the end. --base=DIR: the same
// figure for another checkout (its own API process and database), measured alternately with this
// one in the same run.
import { createBenchDb, type BenchDb } from '../lib/db.ts';
import { setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { spawnChild, type Child } from '../lib/proc.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { cannon, measured, printApiProfile, stopServers, TRIVIAL, type MeasuredRun, type Server as IngestServer } from './ingest.ts';

const QUERY = `query BenchWebhooks($first: Int!) {
  webhooks(first: $first) {
    edges { node {
      id name url isActive secretFingerprint
      headers { name value }
      application { id name }
      deliveries(first: 1) { edges { node { id status attemptCount createdAt } } }
    } }
  }
}`;

async function statementsPerRequest(api: Child, url: string, token: string): Promise<{ statements: number; webhooks: number }> {
  await api.call('statements', { reset: true });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables: { first: 50 } }),
  });
  const body = (await res.json()) as { data?: { webhooks: { edges: Array<{ node: { headers: unknown[]; deliveries: { edges: unknown[] } } }> } }; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`read query failed: ${JSON.stringify(body)}`);
  const edges = body.data.webhooks.edges;
  if (!edges.every((e) => e.node.headers.length === 2 && e.node.deliveries.edges.length === 1)) throw new Error('read query: missing headers or deliveries');
  return { statements: await api.call<number>('statements', {}), webhooks: edges.length };
}

interface Server extends IngestServer {
  q5: number;
  q50: number;
}

/** An API process (this checkout or `root`) on its own database, seeded: 50 and 5 webhooks. */
async function startServer(kind: BenchDb['kind'], receivers: string[], label: string, opts: { root?: string; profile?: boolean }): Promise<Server> {
  const db = await createBenchDb(kind);
  const api = await startHookgate(label === 'this' ? 'api' : `api-${label}`, db, 'api', { countQueries: true, root: opts.root, profile: opts.profile });
  try {
    const small = `${TENANT}-5`;
    const setup = async (tenant: string, n: number) => {
      const s = await setupWebhooks(api, receivers.slice(0, n), { events: [TYPES[0]!], headers: true, application: true, tenant });
      // Three events each: every webhook has deliveries; deliveries(first: 1) picks the newest.
      await api.call('seed', { tenant, types: [TYPES[0]], count: 3, concurrency: 1, expectDeliveries: n, applicationId: s.applications[0] });
    };
    await setup(TENANT, 50);
    await setup(small, 5);
    const { url } = await api.call<{ url: string }>('start');
    const token = await api.call<string>('token', { tenant: TENANT });
    const q50 = await statementsPerRequest(api, url, token);
    const q5 = await statementsPerRequest(api, url, await api.call<string>('token', { tenant: small }));
    log(`${kind} ${label}: SQL statements per request: ${q5.statements} for ${q5.webhooks} webhooks, ${q50.statements} for ${q50.webhooks}`);
    return { label, db, api, url, token, q5: q5.statements, q50: q50.statements };
  } catch (err) {
    await api.close();
    await db.drop();
    throw err;
  }
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function run(opts: Options): Promise<Figure[]> {
  const durationS = opts.quick ? 5 : 10;
  // With --base the two versions alternate (this, base, this, base...), `rounds` times each.
  const rounds = opts.rounds ?? (opts.base ? 2 : 1);
  const figures: Figure[] = [];
  const receivers = await startReceivers(50);
  const ac = await spawnChild('autocannon', 'lib/autocannon-child.ts');
  const body = JSON.stringify({ query: QUERY, variables: { first: 50 } });
  try {
    for (const kind of opts.dbs) {
      const servers: Server[] = [];
      try {
        servers.push(await startServer(kind, receivers.urls, 'this', { profile: opts.profile }));
        if (opts.base) servers.push(await startServer(kind, receivers.urls, 'base', { root: opts.base }));
        const [self] = servers as [Server, ...Server[]];
        // Profiling: the trivial query is left out, so that the profile is the read query's.
        const trivial = (s: Server, seconds: number) =>
          opts.profile ? Promise.resolve(null) : cannon(ac, s.url, s.token, TRIVIAL, '"__typename":"Query"', seconds);
        for (const s of servers) {
          await trivial(s, 2);
          await cannon(ac, s.url, s.token, body, '"name":"bench 49"', 2);
        }
        const before = await trivial(self, durationS);
        const reads = new Map<string, MeasuredRun[]>(servers.map((s) => [s.label, []]));
        for (let r = 0; r < rounds; r++) {
          for (const s of servers) {
            // CPU per request is what compares on a shared machine: req/s moves with the load of the moment.
            const got = await measured(ac, s, body, '"name":"bench 49"', durationS);
            log(`${kind} ${s.label}: read ${r1(got.requestsPerSecond)} req/s p99 ${got.latency.p99} ms, CPU per request ${JSON.stringify(got.cpuUsPerRequest)} µs`);
            reads.get(s.label)!.push(got);
          }
        }
        const after = await trivial(self, durationS);
        const base = before && after ? (before.requestsPerSecond + after.requestsPerSecond) / 2 : NaN;
        const rate = (label: string) => mean(reads.get(label)!.map((x) => x.requestsPerSecond));
        const p99 = (label: string) => Math.max(...reads.get(label)!.map((x) => x.latency.p99));
        const cpu = (label: string) => {
          const rs = reads.get(label)!;
          return { api: r1(mean(rs.map((x) => x.cpuUsPerRequest.api))), postgres: r1(mean(rs.map((x) => x.cpuUsPerRequest.postgres))) };
        };
        log(`${kind}: read ${r1(rate('this'))} req/s p99 ${p99('this')} ms; trivial ${before ? r1(before.requestsPerSecond) : '-'} / ${after ? r1(after.requestsPerSecond) : '-'}${opts.profile ? ' (not measured with --profile)' : ''}`);
        const db = kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite';
        figures.push({
          figure: `read (${db}), webhooks(first: 50) + headers, application, deliveries(first: 1)`,
          target: 'report; SQL statements constant in N',
          measured: `${r1(rate('this'))} req/s, p99 ${p99('this')} ms, CPU/request API ${cpu('this').api} µs + PostgreSQL ${cpu('this').postgres} µs, ${self.q50} SQL/request (N=50) vs ${self.q5} (N=5)`,
          baseline: `${r1(base)} req/s { __typename }`,
          ratio: rate('this') / base,
          pass: self.q5 === self.q50,
          details: { read: reads.get('this'), trivialBefore: before, trivialAfter: after, statements: { n5: self.q5, n50: self.q50 } },
        });
        const prior = servers[1];
        if (prior) {
          log(`${kind}: before (${opts.base}): ${reads.get('base')!.map((x) => r1(x.requestsPerSecond)).join(' / ')} req/s, CPU ${JSON.stringify(cpu('base'))}; now ${JSON.stringify(cpu('this'))} µs per request; SQL ${prior.q5} / ${prior.q50}`);
          figures.push({
            figure: `read (${db}), same query, vs the version in ${opts.base}`,
            target: '≥ 5 × before; SQL constant in N',
            measured: `${r1(rate('this'))} req/s (${reads.get('this')!.map((x) => r1(x.requestsPerSecond)).join(' / ')}), CPU/request API ${cpu('this').api} + PostgreSQL ${cpu('this').postgres} µs, ${self.q50} SQL (N=50) vs ${self.q5} (N=5)`,
            baseline: `before: ${r1(rate('base'))} req/s (${reads.get('base')!.map((x) => r1(x.requestsPerSecond)).join(' / ')}), CPU/request API ${cpu('base').api} + PostgreSQL ${cpu('base').postgres} µs, ${prior.q50} SQL`,
            // req/s ratio; the CPU per request ratio (API + PostgreSQL) is in details: it is the
            // steadier one on a shared machine.
            ratio: rate('this') / rate('base'),
            pass: rate('this') / rate('base') >= 5 && self.q5 === self.q50,
            details: {
              prior: reads.get('base'),
              cpuRatio: r1((cpu('base').api + cpu('base').postgres) / (cpu('this').api + cpu('this').postgres) * 100) / 100,
            },
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
