// Typed GraphQL clients from the committed SDL. The client preset turns every `graphql(...)`
// document in the tests (and any consumer that copies this setup) into a TypedDocumentNode.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  // Relative imports with a `.js` extension (`./graphql.js`), which `moduleResolution: NodeNext`
  // requires and resolves to the `.ts` files. (The successor of `emitLegacyCommonJSImports: false`,
  // deprecated in codegen 5+; test/schema.test.ts checks the generated imports.)
  importExtension: '.js',
  generates: {
    'test/gql/': {
      preset: 'client',
      config: {
        // What travels in JSON: DateTime is an ISO 8601 string both ways, JSONObject a plain
        // object. strictScalars fails generation if a new scalar has no mapping (instead of `any`).
        strictScalars: true,
        scalars: {
          DateTime: { input: 'string', output: 'string' },
          JSONObject: { input: '{ [key: string]: unknown }', output: '{ [key: string]: unknown }' },
        },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
