// Child processes for the benchmarks: every receiver, load generator and Hookgate process is a
// separate Node process (fork with tsx), driven over IPC with a tiny request/response protocol.
// Also: RSS and CPU time of any process from /proc (Linux), for the memory and CPU figures.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface Child {
  name: string;
  pid: number;
  /** Every stdout/stderr line (for failure messages). */
  lines: string[];
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  /** Asks the child to exit (cmd "exit"), SIGKILL after graceMs. */
  close(graceMs?: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const live = new Set<ChildProcess>();
/** Kills every child still running (the driver is exiting). */
export function killAll(): void {
  for (const c of live) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/**
 * Forks `bench/<file>` under tsx. `execArgv` adds Node flags (e.g. --cpu-prof). Resolves once the
 * child answered its first "ready" ping.
 */
export async function spawnChild(
  name: string,
  file: string,
  opts: { env?: Record<string, string>; execArgv?: string[]; args?: string[]; echo?: boolean; root?: string } = {},
): Promise<Child> {
  // `root`: another checkout of the project (a same-run baseline of an earlier version).
  const path = opts.root ? `${opts.root.replace(/\/$/, '')}/bench/${file}` : fileURLToPath(new URL(`../${file}`, import.meta.url));
  const child = fork(path, opts.args ?? [], {
    cwd: opts.root ?? ROOT,
    // BENCH_NODE_FLAGS: extra Node flags for every child, e.g. --perf-basic-prof for `perf record`.
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? []), ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [])],
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  live.add(child);
  const lines: string[] = [];
  const onLine = (line: string) => {
    lines.push(line);
    if (lines.length > 2000) lines.splice(0, 1000);
    if (opts.echo) process.stderr.write(`[${name}] ${line}\n`);
  };
  createInterface({ input: child.stdout! }).on('line', onLine);
  createInterface({ input: child.stderr! }).on('line', onLine);
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      for (const p of pending.values()) p.reject(new Error(`${name} exited (${code ?? signal}):\n${lines.slice(-30).join('\n')}`));
      pending.clear();
      resolve({ code, signal });
    }),
  );
  child.on('message', (m: Reply) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.result);
    else p.reject(new Error(`${name}: ${m.error}`));
  });
  const call = <T>(cmd: string, args?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`${name} is not running:\n${lines.slice(-30).join('\n')}`));
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, cmd, args });
    });
  await call('ready');
  return {
    name,
    pid: child.pid!,
    lines,
    call,
    exited,
    async close(graceMs = 20_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      call('exit').catch(() => {});
      await exited;
      clearTimeout(timer);
    },
  };
}

export type Handlers = Record<string, (args: never) => unknown>;

/** The child side: answers IPC requests with the handlers; "ready" and "exit" are built in. */
export function serve(handlers: Handlers, onExit?: () => Promise<void>): void {
  process.on('message', (m: { id: number; cmd: string; args: unknown }) => {
    void (async () => {
      try {
        if (m.cmd === 'exit') {
          process.send!({ id: m.id, ok: true, result: null });
          await onExit?.();
          // A normal exit (not a signal), so that --cpu-prof writes its profile.
          process.exit(0);
        }
        const h = m.cmd === 'ready' ? () => process.pid : handlers[m.cmd];
        if (!h) throw new Error(`unknown command ${m.cmd}`);
        const result = await (h as (a: unknown) => unknown)(m.args);
        process.send!({ id: m.id, ok: true, result });
      } catch (err) {
        process.send!({ id: m.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
      }
    })();
  });
  process.on('disconnect', () => {
    void (onExit?.() ?? Promise.resolve()).finally(() => process.exit(0));
  });
}

const CLK_TCK = 100;

/** Resident set size in bytes (VmRSS), or null once the process is gone. */
export function rssOf(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** User + system CPU seconds consumed so far by the process. */
export function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Busy and total CPU seconds of the whole machine so far (/proc/stat), for noise accounting. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = (v[3] ?? 0) + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { busy: (total - idle) / CLK_TCK, total: total / CLK_TCK };
}

/**
 * CPU used during an interval by the given processes and by the machine as a whole, in cores
 * (1.0 = one core busy): "other" is everything not ours (other engineers' tests, the kernel).
 */
export function cpuMeter(pids: Record<string, number>) {
  const t0 = Date.now();
  const m0 = machineCpu();
  const p0 = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuOf(pid)]));
  return {
    stop(extraSeconds: Record<string, number> = {}) {
      const wall = (Date.now() - t0) / 1000;
      const m1 = machineCpu();
      const out: Record<string, number> = {};
      let ours = 0;
      for (const [k, pid] of Object.entries(pids)) {
        const used = cpuOf(pid) - p0[k]!;
        ours += used;
        out[k] = Math.round((used / wall) * 100) / 100;
      }
      for (const [k, used] of Object.entries(extraSeconds)) {
        ours += used;
        out[k] = Math.round((used / wall) * 100) / 100;
      }
      const machine = m1.busy - m0.busy;
      out.machine = Math.round((machine / wall) * 100) / 100;
      out.other = Math.round(((machine - ours) / wall) * 100) / 100;
      return { wall, cores: out };
    },
  };
}

/** Samples RSS of a process every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 500) {
  const samples: Array<{ t: number; rss: number }> = [];
  const take = () => {
    const rss = rssOf(pid);
    if (rss !== null) samples.push({ t: Date.now(), rss });
  };
  take();
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    samples,
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const nowMs = () => performance.timeOrigin + performance.now();
