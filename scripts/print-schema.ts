// Prints the sorted SDL to schema/schema.graphql (committed: other services build typed clients
// from it). `--check` exits 1 when the committed file is stale, for CI and the test suite.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchema } from 'graphql';
import { printableSchema } from '../src/graphql/schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../schema/schema.graphql', import.meta.url));

export function currentSdl(): string {
  return `${printSchema(printableSchema())}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sdl = currentSdl();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    if (committed !== sdl) {
      process.stderr.write('schema/schema.graphql is stale: run `npm run schema`\n');
      process.exit(1);
    }
  } else {
    writeFileSync(SCHEMA_FILE, sdl);
    process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  }
}
