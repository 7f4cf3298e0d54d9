// graphql-ws subscriptions against the app's /graphql WebSocket, collected into arrays so that
// tests can wait for and inspect what arrived.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscription<R> {
  /** Every `data` received, in order. */
  readonly items: R[];
  /** GraphQL errors or the close event that ended the subscription. */
  readonly errors: unknown[];
  readonly completed: boolean;
  /** The WebSocket close code, once the connection closed. */
  readonly closeCode: number | undefined;
  readonly client: Client;
  stop(): Promise<void>;
}

/**
 * Opens a graphql-ws connection (one per call) and subscribes. `authorization` is sent as
 * connectionParams.authorization; null sends no connection params at all.
 */
export function subscribe<R, V extends Record<string, unknown>>(
  graphqlUrl: string,
  authorization: string | null,
  doc: TypedDocumentNode<R, V>,
  variables: V,
): Subscription<R> {
  let closeCode: number | undefined;
  let completed = false;
  const items: R[] = [];
  const errors: unknown[] = [];
  const client = createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: authorization === null ? undefined : { authorization },
    retryAttempts: 0,
    lazy: true,
    on: { closed: (event) => (closeCode = (event as { code?: number }).code) },
  });
  const unsubscribe = client.subscribe<R>(
    { query: print(doc), variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) items.push(value.data as R);
      },
      error: (err) => errors.push(err),
      complete: () => (completed = true),
    },
  );
  return {
    items,
    errors,
    client,
    get completed() {
      return completed;
    },
    get closeCode() {
      return closeCode;
    },
    async stop() {
      unsubscribe();
      await client.dispose();
    },
  };
}
