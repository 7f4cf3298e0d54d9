// The embedded database (PGlite) is PostgreSQL running inside this process: two processes opening
// one data folder each keep their own view and overwrite each other's files, losing acknowledged
// writes. So the folder is held exclusively by proper-lockfile (an atomic mkdir whose mtime the
// holder refreshes; a lock not refreshed for STALE_MS is abandoned), and an owner record beside
// it names the holder so a second process can be refused at once, with its pid.
//
// Deciding "is the holder still there?":
// - same host, pid alive and the lock still refreshed: a live holder, refuse immediately;
// - same host, pid gone (SIGKILL, OOM, power cut): take over as soon as the lock is 2 s old;
// - anything else (another host or container sharing the folder, pid reused, our own pid after a
//   container restart): only the refresh tells, so wait until the lock is STALE_MS old.
import { hostname } from 'node:os';
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';

export const LOCK_NAME = 'hookgate.lock';
const OWNER_NAME = 'hookgate.lock.json';
const STALE_MS = 10_000;
const DEAD_HOLDER_STALE_MS = 2_000; // proper-lockfile's minimum
// Refreshed often enough that even the 2 s threshold never sees a live holder as stale.
const UPDATE_MS = 1_000;
const RETRY_EVERY_MS = 250;

export interface Owner {
  pid: number;
  hostname: string;
  startedAt: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly owner: Owner | null,
  ) {
    const who = owner
      ? `process ${owner.pid} on host ${owner.hostname} (running since ${owner.startedAt})`
      : 'another process';
    super(
      `The data folder ${dataDir} is in use by ${who}.\n` +
        `The embedded database (PGlite) can be opened by one process at a time: a second one would lose writes.\n` +
        `Stop that process first, or run several Hookgate processes against PostgreSQL: set DATABASE_URL=postgres://… (README, "Production topology").`,
    );
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

/**
 * Takes the data folder's lock or throws DataDirLockedError. `onCompromised` runs if another
 * process took the lock over anyway (it judged this one dead): this process must stop writing.
 */
export async function lockDataDir(dataDir: string, onCompromised: (err: Error) => void): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  const dir = realpathSync(dataDir);
  const lockPath = join(dir, LOCK_NAME);
  const ownerPath = join(dir, OWNER_NAME);
  const attempt = (stale: number) =>
    lockfile.lock(dir, { lockfilePath: lockPath, stale, update: UPDATE_MS, retries: 0, onCompromised });

  // Re-read the owner record on every try: a holder that just took over from a dead one has
  // written its own record by the next try, and is then refused as the live holder it is.
  const deadline = Date.now() + STALE_MS + 1_000;
  let release: () => Promise<void>;
  for (;;) {
    const owner = readOwner(ownerPath);
    const here = owner !== null && owner.hostname === hostname() && owner.pid !== process.pid;
    if (here && isAlive(owner.pid) && lockAgeMs(lockPath) < STALE_MS) throw new DataDirLockedError(dataDir, owner);
    try {
      release = await attempt(here && !isAlive(owner.pid) ? DEAD_HOLDER_STALE_MS : STALE_MS);
      break;
    } catch (err) {
      if (!isLocked(err)) throw err;
    }
    if (Date.now() >= deadline) throw new DataDirLockedError(dataDir, readOwner(ownerPath));
    await new Promise((resolve) => setTimeout(resolve, RETRY_EVERY_MS));
  }
  const owner: Owner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  writeFileSync(ownerPath, `${JSON.stringify(owner)}\n`);
  return {
    async release() {
      rmSync(ownerPath, { force: true });
      await release();
    },
  };
}

function isLocked(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === 'ELOCKED';
}

function readOwner(path: string): Owner | null {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Partial<Owner>;
    if (typeof o.pid !== 'number' || typeof o.hostname !== 'string' || typeof o.startedAt !== 'string') return null;
    return { pid: o.pid, hostname: o.hostname, startedAt: o.startedAt };
  } catch {
    // Not written yet (the holder is between mkdir and writing it) or unreadable.
    return null;
  }
}

function lockAgeMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Signal 0 checks existence only; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
