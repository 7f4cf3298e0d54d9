// Typed GraphQL clients from the committed SDL. The client preset turns every `graphql(...)`
// document into a typed document: TypedDocumentNode objects for the tests (test/gql/), typed
// strings for the console (console/src/gql/: the browser bundle then needs no GraphQL parser).
import type { CodegenConfig } from '@graphql-codegen/cli';

const scalars = {
  DateTime: { input: 'string', output: 'string' },
  JSONObject: { input: '{ [key: string]: unknown }', output: '{ [key: string]: unknown }' },
};

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  ignoreNoDocuments: true,
  // Relative imports with a `.js` extension (`./graphql.js`), which `moduleResolution: NodeNext`
  // requires and resolves to the `.ts` files. (The successor of `emitLegacyCommonJSImports: false`,
  // deprecated in codegen 5+; test/schema.test.ts checks the generated imports.)
  importExtension: '.js',
  generates: {
    'test/gql/': {
      documents: ['test/**/*.ts', '!test/gql/**'],
      preset: 'client',
      config: {
        // What travels in JSON: DateTime is an ISO 8601 string both ways, JSONObject a plain
        // object. strictScalars fails generation if a new scalar has no mapping (instead of `any`).
        strictScalars: true,
        scalars,
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
    'console/src/gql/': {
      documents: ['console/src/**/*.ts', 'console/src/**/*.tsx', '!console/src/gql/**'],
      preset: 'client',
      // Typed strings, not document objects: the bundle then needs no GraphQL parser or printer.
      config: { strictScalars: true, scalars, enumsAsTypes: true, useTypeImports: true, documentMode: 'string' },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
