import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds. Node loads the CJS one for Pothos and
    // Yoga; Vite would hand our sources the ESM one: two realms, "Cannot use GraphQLSchema from
    // another module". Pin every import to the build Node itself uses.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file boots its own app on its own in-memory database; files run in parallel forks.
    pool: 'forks',
    fileParallelism: true,
    // Two at a time on the 2-core CI machine (Vitest's default there is one): most files spend
    // their time booting PGlite and waiting on receivers, timers and leases, not on a core. The
    // whole suite, 6 Dec 2026 on a slow machine: 566 s one file at a time, 426 s two at a time.
    maxWorkers: 2,
  },
});
