// Starting Hookgate processes (bench/lib/hookgate-child.ts) with a production configuration on a
// benchmark database, and the receivers / webhooks most figures share.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { REDIS_URL, type BenchDb } from './db.ts';
import { ROOT, spawnChild, type Child } from './proc.ts';

const SECRET_KEY = randomBytes(32).toString('base64');
const JWT_SECRET = randomBytes(32).toString('hex');

export const TENANT = `bench-${randomBytes(4).toString('hex')}`;
/** Ten built-in event types: webhook i subscribes to TYPES[i] only. */
export const TYPES = [
  'NEW_CONSUMER_ORDER',
  'NEW_CONSUMER_SIGNUP',
  'UPDATE_CONSUMER_ORDER',
  'UPDATE_CONSUMER_USER',
  'NEW_MEMBER',
  'UPDATE_MEMBER',
  'CREATE_TRANSACTION',
  'UPDATE_TRANSACTION',
  'CANCEL_TRANSACTION',
  'COMPLETE_TRANSACTION',
];

export function hookgateEnv(db: BenchDb, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...db.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: '0',
    HOOKGATE_SECRET_KEY: SECRET_KEY,
    HOOKGATE_JWT_SECRET: JWT_SECRET,
    HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1',
    // Settings under test reach every Hookgate process: HOOKGATE_X=... npm run bench -- <figure>.
    ...Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[0].startsWith('HOOKGATE_') && e[1] !== undefined)),
    ...extra,
  };
}

export const PROFILE_DIR = `${ROOT}bench/profiles`;

export async function startHookgate(
  name: string,
  db: BenchDb,
  role: 'api' | 'worker' | 'all',
  opts: { env?: Record<string, string>; profile?: boolean; countQueries?: boolean; exposeGc?: boolean; root?: string } = {},
): Promise<Child> {
  const execArgv: string[] = opts.exposeGc ? ['--expose-gc'] : [];
  if (opts.profile) {
    // One folder per process: Node writes one profile per thread (main, tsx's loader thread).
    const dir = `${PROFILE_DIR}/${name}-${Date.now()}`;
    mkdirSync(dir, { recursive: true });
    execArgv.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  return spawnChild(name, 'lib/hookgate-child.ts', {
    execArgv,
    root: opts.root,
    env: hookgateEnv(db, {
      HOOKGATE_ROLE: role,
      // Production with split roles: live attempts cross processes through Redis (required).
      ...(role === 'all' ? {} : { REDIS_URL }),
      ...(opts.countQueries ? { BENCH_COUNT_QUERIES: '1' } : {}),
      ...opts.env,
    }),
  });
}

/** The main-thread profile (the largest file) of the newest process named `name`. */
export function latestProfile(name: string): string | null {
  try {
    const dirs = readdirSync(PROFILE_DIR)
      .filter((d) => d.startsWith(`${name}-`))
      .map((d) => ({ d, t: statSync(`${PROFILE_DIR}/${d}`).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    if (!dirs[0]) return null;
    const dir = `${PROFILE_DIR}/${dirs[0].d}`;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => ({ f, size: statSync(`${dir}/${f}`).size }))
      .sort((a, b) => b.size - a.size);
    return files[0] ? `${dir}/${files[0].f}` : null;
  } catch {
    return null;
  }
}

export interface Receivers {
  child: Child;
  ports: number[];
  urls: string[];
}

export async function startReceivers(count: number, opts: { record?: boolean } = {}): Promise<Receivers> {
  const child = await spawnChild('receivers', 'lib/receiver-child.ts');
  const ports = await child.call<number[]>('listen', { count, record: opts.record });
  return { child, ports, urls: ports.map((p) => `http://127.0.0.1:${p}/hook`) };
}

/** One webhook per receiver; webhook i subscribes to TYPES[i % TYPES.length] (or to `events`). */
export async function setupWebhooks(
  hg: Child,
  urls: string[],
  opts: { events?: string[]; headers?: boolean; application?: boolean; tenant?: string; ordering?: 'UNORDERED' | 'FIFO' } = {},
) {
  return hg.call<{ webhooks: Array<{ id: string; publicId: string; secret: string }>; applications: string[] }>('setup', {
    tenant: opts.tenant ?? TENANT,
    applications: opts.application ? ['Bench shop'] : [],
    webhooks: urls.map((url, i) => ({
      name: `bench ${i}`,
      url,
      events: opts.events ?? [TYPES[i % TYPES.length]!],
      ...(opts.ordering ? { ordering: opts.ordering } : {}),
      ...(opts.application ? { applicationId: '#0' } : {}),
      ...(opts.headers ? { headers: [{ name: 'X-Shop', value: '{{application.name}}' }, { name: 'X-Index', value: String(i) }] } : {}),
    })),
  });
}
