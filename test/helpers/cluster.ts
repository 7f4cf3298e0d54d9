// A production-shaped Hookgate cluster for the test/production suites: API and worker processes
// started exactly as in production (`node --import tsx src/main.ts`, configured only through the
// environment) against a fresh PostgreSQL database on the machine's server and a Redis. Also: a
// private redis-server the test may stop and restart without disturbing anyone else, a tiny
// GraphQL client (plain query strings, tokens signed here with jose), and database probes.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SignJWT } from 'jose';
import pg from 'pg';
import { createScratchDatabase } from './pg.ts';
import { eventually, sleep } from './receiver.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

// Children still running when the test process exits (a crash, a killed fork) are killed with it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

/** The machine's PostgreSQL (admin database) and Redis; override for another machine. */
export const PG_ADMIN_URL = process.env.TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const MACHINE_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Role = 'api' | 'worker';
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Date.now() when the exit was observed. */
  at: number;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one fresh database per test file.

export interface TestDatabase {
  name: string;
  url: string;
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Terminates every connection to this database (the service's pools, its LISTEN connection). */
  terminateConnections(): Promise<number>;
  /** Deliveries by status, e.g. { PENDING: 3, SUCCEEDED: 97 }. */
  statusCounts(): Promise<Record<string, number>>;
  count(table: 'Delivery' | 'DeliveryAttempt' | 'Event', where?: string): Promise<number>;
  /** Waits until no delivery is PENDING (and, when given, `expected` deliveries exist). */
  drained(opts?: { expected?: number; timeoutMs?: number }): Promise<void>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const scratch = await createScratchDatabase('hookgate_t', PG_ADMIN_URL);
  const { name, url } = scratch;
  // The probe pool survives terminateConnections(): a terminated idle client is dropped and the
  // next query opens a new one.
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => {});
  const query = async <T>(sql: string, params?: unknown[]): Promise<T[]> => {
    try {
      return (await pool.query(sql, params)).rows as T[];
    } catch (err) {
      // An idle probe connection killed by terminateConnections() may be handed out before the
      // pool notices: one retry gets a fresh connection (57P01 = admin_shutdown).
      if ((err as { code?: string }).code !== '57P01') throw err;
      return (await pool.query(sql, params)).rows as T[];
    }
  };
  const db: TestDatabase = {
    name,
    url,
    query,
    terminateConnections: scratch.terminateConnections,
    async statusCounts() {
      const rows = await query<{ status: string; n: number }>('SELECT status::text AS status, count(*)::int AS n FROM "Delivery" GROUP BY status');
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
    async count(table, where) {
      const rows = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"${where ? ` WHERE ${where}` : ''}`);
      return rows[0]!.n;
    },
    async drained(opts = {}) {
      let last: Record<string, number> = {};
      await eventually(
        async () => {
          last = await db.statusCounts();
          const total = Object.values(last).reduce((a, b) => a + b, 0);
          return (last.PENDING ?? 0) === 0 && (opts.expected === undefined || total === opts.expected);
        },
        { timeoutMs: opts.timeoutMs ?? 60_000, intervalMs: 200, what: `the queue to drain (last: ${JSON.stringify(last)})` },
      ).catch((err: Error) => {
        throw new Error(`${err.message}; statuses ${JSON.stringify(last)}`);
      });
    },
    async drop() {
      await pool.end().catch(() => {});
      await scratch.drop();
    },
  };
  return db;
}

// ---------------------------------------------------------------------------------------------
// A private Redis: the suites that stop or restart Redis use their own redis-server (same binary
// as the machine's) on a free loopback port, so nobody else's Redis traffic is disturbed.

export interface PrivateRedis {
  port: number;
  url: string;
  readonly running: boolean;
  /** Stops the server (SIGTERM, nothing persisted) and waits for the process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function tcpReachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hookgate-redis-'));
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    const p = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    proc = p;
    live.add(p);
    exited = new Promise((resolve) =>
      p.once('exit', () => {
        live.delete(p);
        resolve();
      }),
    );
    await eventually(() => tcpReachable(port), { timeoutMs: 10_000, what: `redis-server on ${port}` });
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await exited;
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get running() {
      return proc !== null;
    },
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Hookgate processes.

export interface LogEntry {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface HookgateProcess {
  name: string;
  role: Role;
  pid: number;
  /** The GraphQL endpoint (http://127.0.0.1:<port>/graphql); null for workers. */
  url: string | null;
  /** http://127.0.0.1:<port>, for /healthz, /readyz, /metrics (every role). */
  origin: string;
  /** Every stdout/stderr line (for failure messages). */
  lines: string[];
  /** stdout JSON log entries. */
  entries: LogEntry[];
  readonly exit: Exit | null;
  exited: Promise<Exit>;
  /** Sends the signal (when still running) and resolves once the process is gone. */
  kill(signal: NodeJS.Signals): Promise<Exit>;
  /** Log entries with this msg. */
  logged(msg: string): LogEntry[];
}

export interface ClusterOptions {
  /** Default: the machine's Redis. */
  redisUrl?: string;
  /** Extra environment for every process. */
  env?: Record<string, string>;
}

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export class Cluster {
  readonly processes: HookgateProcess[] = [];
  readonly jwtSecret = randomBytes(32).toString('hex');
  readonly secretKey = randomBytes(32).toString('base64');
  readonly #tokens = new Map<string, string>();
  #counters: Record<Role, number> = { api: 0, worker: 0 };

  private constructor(
    readonly db: TestDatabase,
    readonly redisUrl: string,
    readonly env: Record<string, string>,
  ) {}

  static async create(opts: ClusterOptions = {}): Promise<Cluster> {
    const db = await createTestDatabase();
    return new Cluster(db, opts.redisUrl ?? MACHINE_REDIS_URL, opts.env ?? {});
  }

  /** The environment a process of this role gets (production-like, loopback only). */
  envFor(role: Role, extra: Record<string, string> = {}): Record<string, string> {
    return {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      DATABASE_URL: this.db.url,
      REDIS_URL: this.redisUrl,
      HOOKGATE_ROLE: role,
      PORT: '0',
      HOST: '127.0.0.1',
      HOOKGATE_JWT_SECRET: this.jwtSecret,
      HOOKGATE_SECRET_KEY: this.secretKey,
      HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      ...this.env,
      ...extra,
    };
  }

  /** Starts one process; resolves once it logged "Hookgate started". */
  async start(role: Role, extra: Record<string, string> = {}, opts: { startTimeoutMs?: number } = {}): Promise<HookgateProcess> {
    const name = `${role}-${++this.#counters[role]}`;
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: this.envFor(role, extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    const lines: string[] = [];
    const entries: LogEntry[] = [];
    let exit: Exit | null = null;
    const exited = new Promise<Exit>((resolve) =>
      child.once('exit', (code, signal) => {
        live.delete(child);
        exit = { code, signal, at: Date.now() };
        resolve(exit);
      }),
    );
    let onStarted: ((e: LogEntry) => void) | null = null;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as LogEntry;
        entries.push(entry);
        if (entry.msg === 'Hookgate started') onStarted?.(entry);
      } catch {
        // not a log line
      }
    });
    createInterface({ input: child.stderr! }).on('line', (line) => lines.push(line));

    const started = await new Promise<LogEntry>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${name} did not start in time:\n${lines.join('\n')}`));
      }, opts.startTimeoutMs ?? 45_000);
      onStarted = (e) => {
        clearTimeout(timer);
        resolve(e);
      };
      void exited.then((e) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${e.code ?? e.signal}) before starting:\n${lines.join('\n')}`));
      });
    });
    const url = typeof started.url === 'string' ? started.url : null;
    const proc: HookgateProcess = {
      name,
      role,
      pid: child.pid!,
      url,
      origin: String(started.httpUrl),
      lines,
      entries,
      get exit() {
        return exit;
      },
      exited,
      kill(signal) {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
      logged: (msg) => entries.filter((e) => e.msg === msg),
    };
    this.processes.push(proc);
    return proc;
  }

  /** A bearer token for the tenant, signed HS256 with the cluster's shared secret. */
  async token(tenant: string): Promise<string> {
    let t = this.#tokens.get(tenant);
    if (!t) {
      t = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(tenant)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(this.jwtSecret));
      this.#tokens.set(tenant, t);
    }
    return t;
  }

  async gql<T = Record<string, unknown>>(api: HookgateProcess, query: string, variables: Record<string, unknown> = {}, tenant = 'tenant-a'): Promise<GqlResult<T>> {
    if (!api.url) throw new Error(`${api.name} serves no GraphQL`);
    const res = await fetch(api.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await this.token(tenant)}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    let body: { data: T; errors?: GqlResult<T>['errors'] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`${api.name} answered ${res.status} with non-JSON: ${text.slice(0, 300)}`);
    }
    return { status: res.status, data: body.data, errors: body.errors };
  }

  async createWebhook(api: HookgateProcess, input: Record<string, unknown>, tenant = 'tenant-a'): Promise<string> {
    const r = await this.gql<{ createWebhook: { __typename: string; webhook?: { id: string }; message?: string } }>(
      api,
      `mutation ($input: CreateWebhookInput!) { createWebhook(input: $input) { __typename
         ... on CreateWebhookPayload { webhook { id } } ... on Error { code message } } }`,
      { input },
      tenant,
    );
    const p = r.data?.createWebhook;
    if (r.errors || p?.__typename !== 'CreateWebhookPayload') throw new Error(`createWebhook failed: ${JSON.stringify(r)}`);
    return p.webhook!.id;
  }

  /** Publishes one event; throws unless it was accepted. Returns the event id (= webhook-id). */
  async publish(api: HookgateProcess, type: string, data: Record<string, unknown>, tenant = 'tenant-a'): Promise<{ eventId: string; deliveryCount: number }> {
    const r = await this.gql<{ publishEvent: { __typename: string; deliveryCount?: number; event?: { id: string } } }>(
      api,
      `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename
         ... on PublishEventPayload { deliveryCount event { id } } ... on Error { code message } } }`,
      { input: { type, data } },
      tenant,
    );
    const p = r.data?.publishEvent;
    if (r.errors || p?.__typename !== 'PublishEventPayload') throw new Error(`publishEvent failed on ${api.name}: ${JSON.stringify(r)}`);
    return { eventId: p.event!.id, deliveryCount: p.deliveryCount! };
  }

  /**
   * Publishes `count` events round-robin over the API processes with `concurrency` requests in
   * flight; returns the event ids in publish order.
   */
  async publishMany(apis: HookgateProcess[], type: string, count: number, opts: { concurrency?: number; tenant?: string; expectDeliveries?: number } = {}) {
    const ids: string[] = new Array<string>(count);
    await mapLimit(
      Array.from({ length: count }, (_, i) => i),
      opts.concurrency ?? 8,
      async (i) => {
        const p = await this.publish(apis[i % apis.length]!, type, { i }, opts.tenant);
        if (opts.expectDeliveries !== undefined && p.deliveryCount !== opts.expectDeliveries) {
          throw new Error(`event ${i}: ${p.deliveryCount} deliveries, expected ${opts.expectDeliveries}`);
        }
        ids[i] = p.eventId;
      },
    );
    return ids;
  }

  /** SIGTERMs every process still running (SIGKILL after `graceMs`) and drops the database. */
  async close(graceMs = 15_000): Promise<void> {
    await Promise.all(
      this.processes.map(async (p) => {
        if (p.exit) return;
        const timer = setTimeout(() => void p.kill('SIGKILL'), graceMs);
        await p.kill('SIGTERM');
        clearTimeout(timer);
      }),
    );
    await this.db.drop();
  }
}

/** Runs `fn` over items with at most `limit` promises pending. */
export async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
}

/** Delivery row ids this worker logged an attempt for (LOG_LEVEL=debug: 'delivery attempt'). */
export function attemptedBy(proc: HookgateProcess): string[] {
  return proc.logged('delivery attempt').map((e) => String(e.deliveryId));
}

/** The largest number of timestamps in any window of `windowMs` (sliding, anchored at each). */
export function maxInWindow(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}

export async function httpGet(url: string, timeoutMs = 10_000): Promise<{ status: number; body: string }> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  return { status: res.status, body: await res.text() };
}

export { eventually, sleep };
