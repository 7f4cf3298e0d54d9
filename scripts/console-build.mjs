// Builds the web console (console/ → console/dist) when its sources changed since the last build.
// Runs at `npm install` (postinstall), so `npm install && npm start` serves it with no extra step;
// the browser tests run it too, so they never test a stale build. The build is not committed:
// it is a few seconds of Vite, and committed bundles would conflict on every console change.
//   node scripts/console-build.mjs           build if stale
//   node scripts/console-build.mjs --force   build anyway
//   node scripts/console-build.mjs --check   exit 1 if missing or stale (no build)
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONSOLE = join(ROOT, 'console');
const DIST = join(CONSOLE, 'dist');
const STAMP = join(DIST, '.source-hash');

/** A hash of everything the bundle is made from: the console's files and the locked versions. */
export function sourceHash() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (full === DIST || name === 'node_modules') continue;
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(relative(CONSOLE, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(CONSOLE);
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  for (const pkg of ['vite', 'preact', 'preact-iso', 'graphql-ws', 'graphql-sse', 'esbuild', 'rollup']) {
    hash.update(`${pkg}@${lock.packages?.[`node_modules/${pkg}`]?.version ?? '-'}\n`);
  }
  return hash.digest('hex');
}

export function isCurrent() {
  return existsSync(join(DIST, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceHash();
}

function main() {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    if (isCurrent()) return 0;
    process.stderr.write('console/dist is missing or stale: run `npm run console:build`\n');
    return 1;
  }
  if (!args.includes('--force') && isCurrent()) {
    process.stdout.write('console: build is current\n');
    return 0;
  }
  let vite;
  try {
    const manifest = createRequire(import.meta.url).resolve('vite/package.json');
    vite = join(manifest, '..', JSON.parse(readFileSync(manifest, 'utf8')).bin.vite);
  } catch {
    // An install without dev dependencies (npm install --omit=dev) has no Vite: the server then
    // answers / with a page that says how to build. Build before pruning dev dependencies.
    process.stderr.write('console: Vite is not installed (dev dependencies omitted?); the console is not built\n');
    return 0;
  }
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(CONSOLE, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) return result.status ?? 1;
  writeFileSync(STAMP, `${sourceHash()}\n`);
  process.stdout.write('console: built console/dist\n');
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());
