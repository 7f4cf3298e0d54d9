// Figure 4, read: `webhooks(first: 50)` with each webhook's headers, application and last delivery
// (`deliveries(first: 1)`), req/s and p99 under autocannon (its own process, 10 connections), and
// the SQL statements one request costs (BuildOptions.onQuery in the API process), for 5 and for 50
// webhooks: constant in N means no N+1. Baseline: the same server answering `{ __typename }`.
import { createBenchDb } from '../lib/db.ts';
import { setupWebhooks, startHookgate, startReceivers, TENANT, TYPES } from '../lib/hookgate.ts';
import { spawnChild, type Child } from '../lib/proc.ts';
import { log, r1, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';
import { cannon, TRIVIAL } from './ingest.ts';

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

export async function run(opts: Options): Promise<Figure[]> {
  const durationS = opts.quick ? 5 : 10;
  const figures: Figure[] = [];
  const receivers = await startReceivers(50);
  const ac = await spawnChild('autocannon', 'lib/autocannon-child.ts');
  try {
    for (const kind of opts.dbs) {
      const db = await createBenchDb(kind);
      const api = await startHookgate('api', db, 'api', { countQueries: true });
      try {
        const small = `${TENANT}-5`;
        const setup = async (tenant: string, n: number) => {
          const s = await setupWebhooks(api, receivers.urls.slice(0, n), { events: [TYPES[0]!], headers: true, application: true, tenant });
          // Three events each: every webhook has deliveries; deliveries(first: 1) picks the newest.
          await api.call('seed', { tenant, types: [TYPES[0]], count: 3, concurrency: 1, expectDeliveries: n, applicationId: s.applications[0] });
        };
        await setup(TENANT, 50);
        await setup(small, 5);
        const { url } = await api.call<{ url: string }>('start');
        const token = await api.call<string>('token', { tenant: TENANT });
        const q50 = await statementsPerRequest(api, url, token);
        const q5 = await statementsPerRequest(api, url, await api.call<string>('token', { tenant: small }));
        log(`${kind}: SQL statements per request: ${q5.statements} for ${q5.webhooks} webhooks, ${q50.statements} for ${q50.webhooks}`);
        const body = JSON.stringify({ query: QUERY, variables: { first: 50 } });
        await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', 2);
        await cannon(ac, url, token, body, '"name":"bench 49"', 2);
        const before = await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', durationS);
        const read = await cannon(ac, url, token, body, '"name":"bench 49"', durationS);
        const after = await cannon(ac, url, token, TRIVIAL, '"__typename":"Query"', durationS);
        const base = (before.requestsPerSecond + after.requestsPerSecond) / 2;
        log(`${kind}: read ${r1(read.requestsPerSecond)} req/s p99 ${read.latency.p99} ms; trivial ${r1(before.requestsPerSecond)} / ${r1(after.requestsPerSecond)}`);
        figures.push({
          figure: `read (${kind === 'pg' ? 'PostgreSQL' : 'embedded PGlite'}), webhooks(first: 50) + headers, application, deliveries(first: 1)`,
          target: 'report; SQL statements constant in N',
          measured: `${r1(read.requestsPerSecond)} req/s, p99 ${read.latency.p99} ms, ${q50.statements} SQL/request (N=50) vs ${q5.statements} (N=5)`,
          baseline: `${r1(base)} req/s { __typename }`,
          ratio: read.requestsPerSecond / base,
          pass: q5.statements === q50.statements,
          details: { read, trivialBefore: before, trivialAfter: after, statements: { n5: q5.statements, n50: q50.statements } },
        });
      } finally {
        await api.close();
        await db.drop();
      }
    }
  } finally {
    await ac.close();
    await receivers.child.close();
  }
  return figures;
}
