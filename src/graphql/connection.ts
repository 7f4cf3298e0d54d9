// One Relay connection type per node type (`WebhookConnection`, `DeliveryConnection`, ...), shared by
// every field that pages over that type, each with `totalCount`. Fields pass the ref to
// t.prismaConnection / t.relatedConnection and must set their `totalCount` option.
import type { OutputType, SchemaTypes } from '@pothos/core';
import { builder } from './builder.ts';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T extends SchemaTypes> ? T : never;

/** What the Prisma plugin leaves on a connection: a count (related) or a thunk (root connection). */
interface WithTotalCount {
  totalCount?: number | (() => number | Promise<number>);
}

export function nodeConnection<T extends OutputType<Types>>(node: T, typename: string) {
  return builder.connectionObject(
    {
      type: node,
      name: `${typename}Connection`,
      fields: (t) => ({
        totalCount: t.int({
          description: 'All items matching the arguments except the paging ones.',
          // Lets the Prisma plugin answer `{ totalCount }` alone with a count query only.
          extensions: { pothosPrismaTotalCount: true },
          resolve: (connection) => {
            const count = (connection as WithTotalCount).totalCount;
            if (count === undefined) throw new Error(`${typename}Connection field without a totalCount option`);
            return typeof count === 'function' ? count() : count;
          },
        }),
      }),
    },
    { name: `${typename}Edge` },
  );
}
