// Live results of a subscription: graphql-ws over WebSocket first; when the socket cannot be
// opened at all (a proxy that blocks WebSockets), GraphQL over SSE (Yoga's distinct connections
// mode, graphql-sse client). The transport in use is reported so that the page can show it.
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { createClient as createSseClient, type Client as SseClient } from 'graphql-sse';
import type { TypedDocumentString } from '../gql/graphql.ts';
import { authorizationHeader, GRAPHQL_PATH, getToken } from './client.ts';

export type LiveState = 'connecting' | 'ws' | 'sse' | 'offline';

export interface LiveSink<R> {
  next(data: R): void;
  state?(state: LiveState): void;
}

let ws: WsClient | null = null;
let wsToken: string | null = null;
let sse: SseClient | null = null;
/** Set once a WebSocket never connected: later subscriptions go straight to SSE. */
let preferSse = false;
let wsConnected = false;

function wsClient(onNeverConnected: () => void): WsClient {
  const token = getToken();
  if (ws && wsToken === token) return ws;
  ws?.dispose();
  wsToken = token;
  let connectedOnce = false;
  const url = new URL(GRAPHQL_PATH, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  ws = createWsClient({
    url: url.href,
    connectionParams: () => authorizationHeader(),
    lazy: true,
    retryAttempts: 20,
    shouldRetry: () => connectedOnce,
    on: {
      connected: () => {
        connectedOnce = true;
        wsConnected = true;
      },
      closed: () => {
        wsConnected = false;
        if (!connectedOnce) onNeverConnected();
      },
    },
  });
  return ws;
}

function sseClient(): SseClient {
  if (sse) return sse;
  sse = createSseClient({
    url: new URL(GRAPHQL_PATH, location.href).href,
    headers: () => authorizationHeader(),
    retryAttempts: 20,
  });
  return sse;
}

/** Subscribes until the returned function is called. */
export function subscribe<R, V extends Record<string, unknown>>(doc: TypedDocumentString<R, V>, variables: V, sink: LiveSink<R>): () => void {
  let stop: () => void = () => {};
  let stopped = false;
  const payload = { query: doc.toString(), variables };
  const handlers = {
    next: (result: { data?: unknown }) => {
      if (result.data) sink.next(result.data as R);
    },
    error: () => sink.state?.('offline'),
    complete: () => {},
  };
  const viaSse = () => {
    if (stopped) return;
    preferSse = true;
    stop();
    sink.state?.('sse');
    stop = sseClient().subscribe(payload, handlers);
  };
  if (preferSse) {
    viaSse();
  } else {
    const client = wsClient(viaSse);
    sink.state?.(wsConnected ? 'ws' : 'connecting');
    const off = client.on('connected', () => sink.state?.('ws'));
    const unsubscribe = client.subscribe(payload, handlers);
    stop = () => {
      off();
      unsubscribe();
    };
  }
  return () => {
    stopped = true;
    stop();
  };
}

/** Drops open connections (the token changed). */
export function resetLive(): void {
  ws?.dispose();
  ws = null;
  wsConnected = false;
  sse?.dispose();
  sse = null;
}
