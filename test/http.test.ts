// The shared listener: operational routes, the GraphQL door, and a clear 404 for paths no door owns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.stop());

describe('HTTP listener', () => {
  it('answers probes and the GraphQL door on one port', async () => {
    const origin = new URL(t.url).origin;
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    const { status, data } = await t.gql('{ __typename }');
    expect(status).toBe(200);
    expect(data).toEqual({ __typename: 'Query' });
  });

  it('answers a path no door owns with a JSON 404 that echoes nothing', async () => {
    const res = await fetch(`${new URL(t.url).origin}/graphqlx?x=1`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error: 'not_found', message: 'No endpoint at this path; the GraphQL API is at /graphql' });
  });
});
