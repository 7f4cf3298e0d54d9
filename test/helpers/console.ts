// The built console for tests that serve it: builds console/dist if its sources changed since the
// last build (the same script `npm install` runs), so a test never exercises a stale bundle.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/console-build.mjs', import.meta.url));

export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [SCRIPT], { stdio: 'pipe', timeout: 240_000 });
}
