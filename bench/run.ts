// Benchmark driver: `npm run bench -- <figure> [flags]`. Each figure prints its measurements, the
// baseline measured in the same run and their ratio, and writes JSON to bench/results/.
//
//   dispatch   durable deliveries/s of one worker vs a bare undici loop (PostgreSQL and PGlite)
//   latency    publish-to-receipt p50/p99 at one event every 10 ms vs a direct POST round trip
//   ingest     publishEvent/s over HTTP (10 matching webhooks) vs a trivial query on the same server
//   read       webhooks(first: 50) with headers, application, last delivery: req/s, p99, SQL/request
//   fanout     1,000 graphql-ws subscribers, 100 attempts/s: completeness, p99 lag, API RSS
//   soak       one worker through a long backlog: RSS start/peak/end, rate first vs last 10%
//   scaleout   1, 2 and 4 worker processes on PostgreSQL: CPU and WAL per delivery, 8/16-core model
//   filters    publishEvent with 1,000 filtered webhooks vs 10 unfiltered (the filters' fan-out cost)
//   fifo       FIFO throughput: 1 and 10 FIFO webhooks drained by one worker vs 10 UNORDERED ones
//   peers      graphile-worker, pg-boss, BullMQ doing the dispatch figure's work, vs Hookgate
//   memory     `npm start` on the embedded default: RSS first start, idle, peak delivering, vs tsx
//   all        every figure above, one after the other
//
// Flags: --quick (smaller run), --db=pg|pglite|both, --count=N, --full (soak: 200,000),
//        --profile (dispatch, ingest, latency, read: --cpu-prof on the Hookgate process(es) and a
//        summary of the hottest functions and modules, read also total time per module; any
//        profile: npx tsx bench/profile-summary.ts <file> [top] [--inclusive]),
//        --sql (dispatch: count the worker's SQL statements per delivery),
//        --cold-stats (dispatch: no ANALYZE after the bulk insert),
//        --rounds=N (peers: alternating rounds, default 5; read with --base: default 2; memory: default 3), --only=a,b (peers: systems whose label
//        or system-write name contains one of these, e.g. --only=hookgate,graphile-worker-group),
//        --base=DIR (dispatch, peers, read: also run Hookgate from another checkout, e.g. the commit
//        before a change, `git archive <commit> | tar -x -C DIR`, node_modules linked, prisma
//        generated: a same-run baseline of the earlier version).
import { cleanupAll } from './lib/db.ts';
import { killAll } from './lib/proc.ts';
import { log, machine, printTable, saveResults, type Figure } from './lib/report.ts';
import type { DbKind } from './lib/db.ts';

export interface Options {
  quick: boolean;
  full: boolean;
  profile: boolean;
  /** Count SQL statements in the worker (BuildOptions.onQuery); adds a little overhead. */
  sql: boolean;
  /** Skip ANALYZE after seeding (the planner sees the statistics of an empty table). */
  coldStats: boolean;
  dbs: DbKind[];
  count: number | undefined;
  rounds: number | undefined;
  only: string[] | undefined;
  /** Another checkout of Hookgate (an earlier commit) measured in the same run as a baseline. */
  base: string | undefined;
}

const FIGURES = ['dispatch', 'latency', 'ingest', 'read', 'fanout', 'soak', 'scaleout', 'filters', 'fifo', 'peers', 'memory'] as const;
type Name = (typeof FIGURES)[number];

function parse(argv: string[]): { names: Name[]; opts: Options } {
  const names: Name[] = [];
  const opts: Options = { quick: false, full: false, profile: false, sql: false, coldStats: false, dbs: [], count: undefined, rounds: undefined, only: undefined, base: undefined };
  for (const a of argv) {
    if (a === '--quick') opts.quick = true;
    else if (a === '--full') opts.full = true;
    else if (a === '--profile') opts.profile = true;
    else if (a === '--sql') opts.sql = true;
    else if (a === '--cold-stats') opts.coldStats = true;
    else if (a.startsWith('--db=')) {
      const v = a.slice(5);
      opts.dbs = v === 'both' ? ['pg', 'pglite'] : v === 'pg' || v === 'postgres' ? ['pg'] : v === 'pglite' || v === 'embedded' ? ['pglite'] : [];
      if (opts.dbs.length === 0) throw new Error(`unknown --db=${v}`);
    } else if (a.startsWith('--count=')) opts.count = Number(a.slice(8));
    else if (a.startsWith('--rounds=')) opts.rounds = Number(a.slice(9));
    else if (a.startsWith('--only=')) opts.only = a.slice(7).toLowerCase().split(',');
    else if (a.startsWith('--base=')) opts.base = a.slice(7);
    else if (a === 'all') names.push(...FIGURES);
    else if ((FIGURES as readonly string[]).includes(a)) names.push(a as Name);
    else throw new Error(`unknown argument ${a}; figures: ${FIGURES.join(', ')}, all`);
  }
  if (names.length === 0) throw new Error(`name a figure: ${FIGURES.join(', ')}, all`);
  return { names, opts };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2).filter((a) => a !== '--');
  const { names, opts } = parse(argv);
  log(`machine: ${machine()}`);
  const figures: Figure[] = [];
  for (const name of names) {
    const o: Options = { ...opts, dbs: opts.dbs.length > 0 ? opts.dbs : name === 'scaleout' || name === 'soak' || name === 'fanout' || name === 'peers' ? ['pg'] : ['pg', 'pglite'] };
    log(`figure ${name} ${JSON.stringify(o)}`);
    const mod = (await import(`./figures/${name}.ts`)) as { run(o: Options): Promise<Figure[]> };
    const got = await mod.run(o);
    figures.push(...got);
    for (const f of got) if (f.details) log(`${f.figure}: ${JSON.stringify(f.details)}`);
  }
  console.log('');
  printTable(figures);
  console.log(`\nmachine: ${machine()}`);
  log(`results: ${saveResults(names.join('+'), argv, figures)}`);
}

let exiting = false;
async function bail(code: number): Promise<void> {
  if (exiting) return;
  exiting = true;
  killAll();
  await cleanupAll();
  process.exit(code);
}
process.on('SIGINT', () => void bail(130));
process.on('SIGTERM', () => void bail(143));

main().then(
  () => bail(0),
  (err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    void bail(1);
  },
);
