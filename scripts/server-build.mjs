// Bundles the server (src/main.ts → dist/server/main.mjs) for `npm start`. Running the bundle
// instead of the TypeScript sources through tsx saves the loader's transformed-module copies and
// its worker thread: about 150 MiB of the embedded default's resident memory (BENCHMARKS.md,
// "memory"). `npm start` runs this first, so the bundle is never older than the sources; it
// takes well under a second. Development (`npm run dev`) and the tests run the sources directly.
// Packages stay external (loaded from node_modules as usual); only the project's own modules,
// including the generated Prisma client, are bundled.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

await build({
  absWorkingDir: ROOT,
  entryPoints: ['src/main.ts'],
  // Two folders deep, like every module under src/: modules find files beside the project
  // (package.json, prisma/migrations, console/dist) relative to their own URL.
  outfile: 'dist/server/main.mjs',
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
});
