// Boots the real app (in-memory PGlite, random port) and talks to it over real HTTP.
import { print, type DocumentNode } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { buildApp, type App, type BuildOptions } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';

export interface TestApp {
  app: App;
  url: string;
  token(tenant: string): Promise<string>;
  /**
   * POSTs a typed document; returns the JSON body and the HTTP status. `authorization` sends that
   * exact Authorization header value instead of a bearer token (malformed-header tests).
   */
  gql<R, V>(
    doc: TypedDocumentNode<R, V> | DocumentNode | string,
    variables?: V,
    opts?: { token?: string | null; tenant?: string; authorization?: string },
  ): Promise<{ status: number; data: R; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; text: string }>;
  stop(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}, opts: BuildOptions = {}): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOOKGATE_DATA_DIR: ':memory:',
    HOOKGATE_JWT_SECRET: 'test-secret-test-secret-test-secret-32',
    HOOKGATE_OUTBOUND_ALLOW: '127.0.0.1,localhost',
    ...env,
  });
  const app = await buildApp(config, opts);
  const { url: started } = await app.start();
  const url = started!;
  const tokens = new Map<string, string>();
  const token = async (tenant: string) => {
    let t = tokens.get(tenant);
    if (!t) {
      t = await app.authenticator.issueToken!(tenant, '1h');
      tokens.set(tenant, t);
    }
    return t;
  };
  return {
    app,
    url,
    token,
    async gql(doc, variables, o = {}) {
      const query = typeof doc === 'string' ? doc : print(doc as DocumentNode);
      const bearer = o.token === null ? undefined : (o.token ?? (await token(o.tenant ?? 'tenant-a')));
      const authorization = o.authorization ?? (bearer ? `Bearer ${bearer}` : undefined);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      const body = JSON.parse(text) as { data: never; errors?: never };
      return { status: res.status, data: body.data, errors: body.errors, text };
    },
    stop: () => app.stop(),
  };
}
