// GET /openapi.json: a valid OpenAPI 3.1 document (checked by @readme/openapi-parser, not by our
// code) that lists exactly the routes the REST doors serve, each of which answers (401 without a
// token) rather than 404. Response bodies are checked against it by test/helpers/rest.ts.
import { validate } from '@readme/openapi-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restDialects } from '../src/api/rest/index.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { restClient, type RestClient } from './helpers/rest.ts';

let t: TestApp;
let api: RestClient;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
  api = await restClient(t);
});
afterAll(() => t?.stop());

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const res = await fetch(`${api.origin}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc));
    expect(result.valid, JSON.stringify(result, null, 1)).toBe(true);
  });

  it('lists exactly the operations the doors route, and every one is served', async () => {
    const served = restDialects({ services: t.app.services, authenticator: t.app.authenticator, logger: t.app.logger })
      .flatMap((d) => d.operations.map((op) => `${op.method} ${op.path}`))
      .sort();
    const documented = Object.entries(api.openapi.paths)
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(documented).toEqual(served);
    for (const key of documented) {
      const [method, template] = key.split(' ') as [string, string];
      const path = template.replace(/\{[^}]+\}/g, 'x');
      const res = await fetch(`${api.origin}${path}`, { method });
      expect(res.status, key).toBe(401);
    }
  });

  it('answers only GET and HEAD', async () => {
    expect((await fetch(`${api.origin}/openapi.json`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${api.origin}/openapi.json`, { method: 'HEAD' })).status).toBe(200);
  });
});
