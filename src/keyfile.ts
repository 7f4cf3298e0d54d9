// Keys that the embedded default generates once and keeps in its data folder, so that a restart
// can still decrypt secrets and verify the development tokens it printed.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Returns the key stored in `dir/name`, creating it (mode 0600) with `bytes` random bytes,
 * base64-encoded, when missing. `dir` null (in-memory mode) gives a fresh key each call.
 */
export function loadOrCreateKeyFile(dir: string | null, name: string, bytes = 32): { value: string; created: boolean } {
  if (dir === null) return { value: randomBytes(bytes).toString('base64'), created: true };
  const path = join(dir, name);
  try {
    return { value: readFileSync(path, 'utf8').trim(), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  mkdirSync(dir, { recursive: true });
  const value = randomBytes(bytes).toString('base64');
  // 'wx' fails if another process created it in between; then read theirs.
  try {
    writeFileSync(path, `${value}\n`, { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { value: readFileSync(path, 'utf8').trim(), created: false };
  }
}
