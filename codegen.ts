// Typed GraphQL clients from the committed SDL. The client preset turns every `graphql(...)`
// document in the tests (and any consumer that copies this setup) into a TypedDocumentNode.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  // ESM with explicit extensions, as the rest of the project (NodeNext resolution).
  emitLegacyCommonJSImports: false,
  generates: {
    'test/gql/': {
      preset: 'client',
      config: {
        scalars: { DateTime: 'string', JSONObject: 'Record<string, unknown>' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
