// Typed GraphQL clients from the committed SDL. The client preset turns every `graphql(...)`
// document into a typed document: TypedDocumentNode objects for the tests (test/gql/), typed
// strings for the console (console/src/gql/: the browser bundle then needs no GraphQL parser).
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = { DateTime: 'string', JSONObject: 'Record<string, unknown>' };

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  // ESM with explicit extensions, as the rest of the project (NodeNext resolution).
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true },
      presetConfig: { fragmentMasking: false },
    },
    'console/src/gql/': {
      documents: ['console/src/**/*.ts', 'console/src/**/*.tsx', '!console/src/gql/**'],
      preset: 'client',
      config: { scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
