// Imports every domain file (each registers its types on the builder) and builds the schema.
import { assertValidSchema, lexicographicSortSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.ts';
import './errors.ts';
import './application.ts';
import './eventType.ts';
import './oauthCredential.ts';
import './webhook.ts';
import './delivery.ts';
import './health.ts';
import './webhookPreview.ts';

let schema: GraphQLSchema | undefined;

/** Built once per process: the schema is static; the database comes from each request's context. */
export function getSchema(): GraphQLSchema {
  if (!schema) {
    schema = builder.toSchema({ sortSchema: false });
    // Fail at start-up, not on the first request.
    assertValidSchema(schema);
  }
  return schema;
}

export function printableSchema(): GraphQLSchema {
  return lexicographicSortSchema(getSchema());
}
