// Runs `prisma generate` on machines that cannot download Prisma's native schema engine.
// The CLI insists that the engine binary exists before any command, but `generate` never calls it
// (see ../shared/notes/prisma-7-offline.md), so any existing executable satisfies the check.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  // Generators such as prisma-pothos-types are found on PATH, as npm scripts would see them.
  PATH: [resolve('node_modules/.bin'), process.env.PATH ?? ''].join(delimiter),
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
  CHECKPOINT_DISABLE: '1',
};
const result = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
