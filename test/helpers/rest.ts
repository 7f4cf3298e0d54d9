// A client for the REST dialects that holds every answer to the published contract: each response
// is checked against GET /openapi.json (its status must be documented for the operation and its
// body must match the documented schema, by Ajv's JSON Schema 2020-12), so the tests that use it
// also test the document. `curl` runs a seed's curl example as written, with the host replaced.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { parse as shellParse } from 'shell-quote';
import { expect } from 'vitest';
import type { TestApp } from './app.ts';

export interface RestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RestClient {
  origin: string;
  openapi: OpenApiDoc;
  /** `auth`: a tenant name (a full-access token for it), { token }, { authorization } or null for none. */
  call<T = any>(method: string, path: string, opts?: { body?: unknown; raw?: string; auth?: Auth; headers?: Record<string, string> }): Promise<RestResponse<T>>;
  /** Runs a curl command line verbatim: its URL's origin becomes ours, `tokens` replace placeholders. */
  curl<T = any>(command: string, replace: Record<string, string>): Promise<RestResponse<T>>;
}

type Auth = string | { token: string } | { authorization: string } | null;

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { schemas: Record<string, unknown> };
}

export async function restClient(t: TestApp): Promise<RestClient> {
  const origin = new URL(t.url).origin;
  const openapi = (await (await fetch(`${origin}/openapi.json`)).json()) as OpenApiDoc;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema(openapi as object, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const templates = Object.keys(openapi.paths).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));

  /** Asserts the answer is what the document promises for this operation and status. */
  function check(method: string, path: string, status: number, body: unknown, text: string): void {
    const pathname = new URL(path, origin).pathname;
    const match = templates.find((tpl) => tpl.regex.test(pathname));
    if (!match) return; // not an API path (e.g. a deliberate unknown path)
    const op = openapi.paths[match.template]![method.toLowerCase()];
    if (!op) return; // wrong method: 405, outside the document
    const response = op.responses[String(status)];
    expect(response, `${method} ${match.template} answered ${status}, which the OpenAPI document does not list: ${text}`).toBeDefined();
    if (!response?.content) return void expect(text).toBe('');
    const key = `${method} ${match.template} ${status}`;
    let validate = validators.get(key);
    if (!validate) {
      const pointer = `#/paths/${match.template.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
      validate = ajv.compile({ $ref: `openapi.json${pointer}` });
      validators.set(key, validate);
    }
    expect(validate(body), `${key} body does not match the OpenAPI schema: ${ajv.errorsText(validate.errors)}\n${text}`).toBe(true);
  }

  async function authorization(auth: Auth | undefined): Promise<string | undefined> {
    if (auth === null) return undefined;
    if (auth === undefined) return `Bearer ${await t.token('tenant-a')}`;
    if (typeof auth === 'string') return `Bearer ${await t.token(auth)}`;
    if ('token' in auth) return `Bearer ${auth.token}`;
    return auth.authorization;
  }

  async function send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<RestResponse> {
    const res = await fetch(url, { method, headers, body });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    check(method, url, res.status, parsed, text);
    return { status: res.status, headers: res.headers, body: parsed, text };
  }

  return {
    origin,
    openapi,
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      const auth = await authorization(opts.auth);
      if (auth !== undefined) headers.authorization = auth;
      let body: string | undefined;
      if (opts.raw !== undefined || opts.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = opts.raw ?? JSON.stringify(opts.body);
      }
      return send(method, `${origin}${path}`, headers, body);
    },
    async curl(command, replace) {
      let line = command.replace(/\\\n/g, ' ');
      for (const [from, to] of Object.entries(replace)) line = line.replaceAll(from, to);
      const args = shellParse(line).map((a) => (typeof a === 'string' ? a : ''));
      expect(args[0]).toBe('curl');
      let method = 'GET';
      let url = '';
      let data: string | undefined;
      const headers: Record<string, string> = {};
      for (let i = 1; i < args.length; i++) {
        const a = args[i]!;
        if (a === '-X' || a === '--request') method = args[++i]!;
        else if (a === '-H' || a === '--header') {
          const h = args[++i]!;
          const colon = h.indexOf(':');
          headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
        } else if (a === '-d' || a === '--data' || a === '--data-raw') {
          data = args[++i]!;
          if (method === 'GET') method = 'POST';
        } else if (!a.startsWith('-')) url = a;
        else throw new Error(`curl option ${a} is not supported by this helper`);
      }
      const target = new URL(url);
      return send(method, `${origin}${target.pathname}${target.search}`, headers, data);
    },
  };
}
