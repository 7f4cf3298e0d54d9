// Figure: memory of the embedded default: `npm start` exactly as a new user runs it (one process,
// role all, PGlite in a data folder, no DATABASE_URL), measured from /proc: RSS after the first
// start (which creates the database), RSS idle after a restart, and the peak while it delivers
// 20,000 deliveries (2,000 events published with publishEvents to 10 webhooks, 10 receivers).
// Each variant is a command line; `npm start` builds the bundle first (scripts/server-build.mjs),
// the figure does that once and then runs what `npm start` runs. Baseline, same run: the previous
// `npm start`, the TypeScript sources through tsx. Variants alternate over --rounds (default 3);
// idle figures are medians, the peak is the highest round.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReceivers, TYPES, type Receivers } from '../lib/hookgate.ts';
import { ROOT, rssOf, sampleRss, sleep } from '../lib/proc.ts';
import { log, percentile, type Figure } from '../lib/report.ts';
import type { Options } from '../run.ts';

interface Variant {
  label: string;
  argv: string[];
  env?: Record<string, string>;
}

const VARIANTS: Variant[] = [
  // What package.json's start script runs after building (MALLOC_ARENA_MAX: see docs/OPERATIONS.md).
  { label: 'npm start (bundle, shared_buffers 16MB)', argv: ['dist/server/main.mjs'], env: { MALLOC_ARENA_MAX: '2' } },
  // What npm start ran before (tsx) with PGlite's default buffers; the rest of src/ is today's.
  { label: 'tsx src/main.ts (npm start before), shared_buffers 128MB', argv: ['--import', 'tsx', 'src/main.ts'], env: { HOOKGATE_PGLITE_SHARED_BUFFERS: '128MB' } },
];

const IDLE_MS = 15_000;
const EVENTS_PER_CALL = 100;

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
}

async function start(v: Variant, dataDir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, v.argv, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOOKGATE_DATA_DIR: dataDir,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1',
      ...v.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const token = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${v.label}: no token printed within 180 s:\n${out}`)), 180_000);
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Authorization: Bearer (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`${v.label} exited ${code}:\n${out}`)));
  });
  child.stdout!.resume();
  return { child, url: `http://127.0.0.1:${port}/graphql`, token };
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function gql<T>(s: Started, query: string, variables: Record<string, unknown>): Promise<T> {
  const res = await fetch(s.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`GraphQL: ${JSON.stringify(body)}`);
  return body.data;
}

/** RSS after the process has been idle for IDLE_MS (the median of the last 5 s of samples). */
async function idleRss(pid: number): Promise<number> {
  await sleep(IDLE_MS - 5000);
  const values: number[] = [];
  for (let i = 0; i < 10; i++) {
    values.push(rssOf(pid) ?? NaN);
    await sleep(500);
  }
  return percentile(values, 50);
}

async function measure(v: Variant, receivers: Receivers, deliveries: number, port: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'hookgate-mem-'));
  try {
    let s = await start(v, dataDir, port);
    const firstStart = await idleRss(s.child.pid!);
    await stop(s);
    s = await start(v, dataDir, port);
    const idle = await idleRss(s.child.pid!);
    for (const [i, url] of receivers.urls.entries()) {
      const r = await gql<{ createWebhook: { __typename: string } }>(
        s,
        'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename } }',
        { input: { name: `memory ${i}`, url, events: [TYPES[0]] } },
      );
      if (r.createWebhook.__typename !== 'CreateWebhookPayload') throw new Error(`createWebhook: ${r.createWebhook.__typename}`);
    }
    const before = (await receivers.child.call<{ total: number }>('stats')).total;
    const rss = sampleRss(s.child.pid!, 250);
    const events = Math.ceil(deliveries / receivers.urls.length);
    for (let sent = 0; sent < events; sent += EVENTS_PER_CALL) {
      const batch = Array.from({ length: Math.min(EVENTS_PER_CALL, events - sent) }, (_, j) => ({ type: TYPES[0], data: { orderId: `o-${sent + j}`, total: 12.5 } }));
      const r = await gql<{ publishEvents: { __typename: string } }>(
        s,
        'mutation($input: PublishEventsInput!) { publishEvents(input: $input) { __typename } }',
        { input: { events: batch } },
      );
      if (r.publishEvents.__typename !== 'PublishEventsPayload') throw new Error(`publishEvents: ${r.publishEvents.__typename}`);
    }
    const want = before + events * receivers.urls.length;
    const reached = await receivers.child.call<{ reached: boolean; total: number }>('waitFor', { total: want, timeoutMs: 600_000 });
    const peak = Math.max(...rss.stop().map((x) => x.rss));
    if (!reached.reached) throw new Error(`${v.label}: receivers got ${reached.total - before} of ${want - before}`);
    await stop(s);
    return { firstStart, idle, peak };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const mib = (b: number) => Math.round(b / 2 ** 20);

export async function run(opts: Options): Promise<Figure[]> {
  const deliveries = opts.count ?? (opts.quick ? 5_000 : 20_000);
  const rounds = opts.rounds ?? (opts.quick ? 1 : 3);
  const built = spawnSync(process.execPath, ['scripts/server-build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('scripts/server-build.mjs failed');
  const receivers = await startReceivers(10);
  const port = 4700 + Math.floor(Math.random() * 200);
  const runs = new Map<string, Array<{ firstStart: number; idle: number; peak: number }>>();
  try {
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const v of order) {
        const m = await measure(v, receivers, deliveries, port);
        log(`round ${round + 1}: ${v.label}: first start ${mib(m.firstStart)} MiB, idle after restart ${mib(m.idle)} MiB, peak delivering ${deliveries} ${mib(m.peak)} MiB`);
        runs.set(v.label, [...(runs.get(v.label) ?? []), m]);
      }
    }
  } finally {
    await receivers.child.close();
  }
  // Idle figures: the median round; the peak: the highest of any round (a limit is about the worst).
  const med = (label: string, k: 'firstStart' | 'idle' | 'peak') =>
    k === 'peak' ? Math.max(...runs.get(label)!.map((m) => m[k])) : percentile(runs.get(label)!.map((m) => m[k]), 50);
  const [ours, before] = [VARIANTS[0]!.label, VARIANTS[1]!.label];
  const figure = (k: 'idle' | 'peak' | 'firstStart', what: string, limit: number | null): Figure => ({
    figure: `memory (embedded default): ${what}, ${rounds} rounds`,
    target: limit === null ? 'report' : `≤ ${limit} MiB`,
    measured: `${mib(med(ours, k))} MiB (${ours}; ${runs.get(ours)!.map((m) => mib(m[k])).join(', ')})`,
    baseline: `${mib(med(before, k))} MiB (${before})`,
    ratio: Math.round((med(ours, k) / med(before, k)) * 100) / 100,
    pass: limit === null ? null : mib(med(ours, k)) <= limit,
  });
  return [
    figure('idle', 'RSS idle after a restart', 300),
    figure('peak', `peak RSS delivering ${deliveries} deliveries`, 500),
    figure('firstStart', 'RSS idle after the first start (database created)', null),
  ];
}
