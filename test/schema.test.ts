// The committed artefacts are current: schema/schema.graphql is what the code builds, and the
// typed documents in test/gql/ and console/src/gql/ are what codegen makes of that schema and the
// tests' and the console's documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from '@graphql-codegen/cli';
import type { Types } from '@graphql-codegen/plugin-helpers';
import { describe, expect, it } from 'vitest';
import { currentSdl, SCHEMA_FILE } from '../scripts/print-schema.ts';
import codegenConfig from '../codegen.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('committed schema and generated types', () => {
  it('schema/schema.graphql is the printed, sorted schema (run `npm run schema` when this fails)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(currentSdl());
  });

  // Both typed clients: the tests' documents (test/gql/) and the console's (console/src/gql/).
  for (const [outputDir, target] of Object.entries(codegenConfig.generates)) {
    it(`${outputDir} is what codegen generates now (run \`npm run codegen\` when this fails)`, async () => {
      const t = target as Types.ConfiguredOutput;
      const documents = ([] as string[]).concat((t.documents ?? []) as string[]).map((d) => (d.startsWith('!') ? `!${join(ROOT, d.slice(1))}` : join(ROOT, d)));
      // Same config with absolute paths, generated in memory (saveToFile false): nothing is written.
      const tmpOut = join(ROOT, 'node_modules/.cache/hookgate-codegen-check/', outputDir);
      const config: Types.Config = {
        ...codegenConfig,
        cwd: ROOT,
        silent: true,
        schema: join(ROOT, 'schema/schema.graphql'),
        generates: { [tmpOut]: { ...t, documents } },
      };
      const files: Types.FileOutput[] = await generate(config, false);
      const byName = new Map(files.map((f) => [f.filename.slice(tmpOut.length), f.content]));
      for (const name of ['graphql.ts', 'gql.ts', 'index.ts']) {
        expect(byName.has(name), name).toBe(true);
        expect(readFileSync(join(ROOT, outputDir, name), 'utf8'), `${outputDir}${name}`).toBe(byName.get(name));
      }
    });
  }

  it('generated relative imports carry the .js extension that moduleResolution NodeNext requires', () => {
    for (const name of ['test/gql/gql.ts', 'test/gql/index.ts', 'console/src/gql/gql.ts', 'console/src/gql/index.ts']) {
      const imports = [...readFileSync(join(ROOT, name), 'utf8').matchAll(/from ["'](\.[^"']*)["']/g)].map((m) => m[1]);
      expect(imports.length, name).toBeGreaterThan(0);
      for (const path of imports) expect(path, name).toMatch(/\.js$/);
    }
  });
});
