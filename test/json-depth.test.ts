// Deeply nested JSON is refused as a ValidationError at its path wherever JSON enters (event data,
// event type examples and schemas, webhook filters, body templates), and nothing overflows the stack (issue 8,
// defect 4).
// Request bodies are written as text: JSON.stringify itself overflows on 5,000 levels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { as, errorPaths, ok } from './helpers/api.ts';
import { CreateEventTypeDoc, CreateWebhookDoc, UpdateWebhookDoc } from './documents.ts';
import { DispatchPublishDoc } from './helpers/dispatch.ts';
import { graphql } from './gql/index.ts';
import { print } from 'graphql';
import { loadConfig } from '../src/config.ts';

const JsonInputFieldsDoc = graphql(`
  query JsonInputFields {
    __schema {
      types {
        name
        inputFields {
          name
          type {
            name
            ofType {
              name
            }
          }
        }
      }
    }
  }
`);

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
});
afterAll(() => t?.stop());

/** `{"a":{"a":...{"a":1}...}}` with `levels` objects (5,000 levels: 30 KB). */
const nestedObject = (levels: number) => '{"a":'.repeat(levels - 1) + '{"a":1}' + '}'.repeat(levels - 1);
/** `{"a":[[...[1]...]]}`: one object, then `levels - 1` arrays. */
const nestedArrays = (levels: number) => '{"a":' + '['.repeat(levels - 1) + '1' + ']'.repeat(levels - 1) + '}';

/** POSTs a document with variables given as JSON text. */
async function postRaw(query: string, variablesJson: string) {
  const res = await fetch(t.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token('tenant-a')}` },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
  });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as { data?: Record<string, { __typename: string }>; errors?: Array<{ message: string }> } };
}

const PUBLISH = print(DispatchPublishDoc);
const publishRaw = (dataJson: string) => postRaw(PUBLISH, `{"input":{"type":"cashback.created","data":${dataJson}}}`);

describe('JSON nesting depth (default 64)', () => {
  it('publishEvent: 5,000 levels in 30 KB are a ValidationError at the 65th level, not "Unexpected error."', async () => {
    const data = nestedObject(5000);
    expect(data.length).toBeLessThan(32 * 1024);
    const res = await publishRaw(data);
    expect(res.body.errors, res.text.slice(0, 300)).toBeUndefined();
    const v = as(res.body.data!.publishEvent as { __typename: 'ValidationError'; fieldErrors: Array<{ path: string[]; message: string }> }, 'ValidationError');
    expect(v.fieldErrors).toEqual([{ path: ['input', 'data', ...Array<string>(64).fill('a')], message: expect.stringMatching(/deeper than 64 levels/) }]);
  });

  it('publishEvent: 64 levels are accepted, 65 refused; arrays count as levels', async () => {
    expect((await publishRaw(nestedObject(64))).body.data!.publishEvent!.__typename).toBe('PublishEventPayload');
    expect(errorPaths((await publishRaw(nestedObject(65))).body.data!.publishEvent!)).toEqual([['input', 'data', ...Array(64).fill('a')]]);
    const arrays = await publishRaw(nestedArrays(5000));
    expect(errorPaths(arrays.body.data!.publishEvent!)).toEqual([['input', 'data', 'a', ...Array(63).fill('0')]]);
  });

  it('publishEvent: an inline literal is checked the same way', async () => {
    const literal = '{a:'.repeat(99) + '{a:1}' + '}'.repeat(99);
    const res = await t.gql(`mutation { publishEvent(input: { type: "cashback.created", data: ${literal} }) { __typename ... on ValidationError { fieldErrors { path } } } }`);
    expect(res.errors, res.text.slice(0, 300)).toBeUndefined();
    expect(errorPaths((res.data as { publishEvent: { __typename: string } }).publishEvent)).toEqual([['input', 'data', ...Array(64).fill('a')]]);
  });

  it('createEventType and updateEventType: a deep example or schema is a ValidationError at its path', async () => {
    const deep = nestedObject(5000);
    const res = await postRaw(print(CreateEventTypeDoc), `{"input":{"name":"deep.example","example":${deep}}}`);
    expect(res.body.errors, res.text.slice(0, 300)).toBeUndefined();
    expect(errorPaths(res.body.data!.createEventType!)).toEqual([['input', 'example', ...Array(64).fill('a')]]);
    const schema = await postRaw(print(CreateEventTypeDoc), `{"input":{"name":"deep.schema","schema":${deep}}}`);
    expect(errorPaths(schema.body.data!.createEventType!)).toEqual([['input', 'schema', ...Array(64).fill('a')]]);

    const created = as(ok(await t.gql(CreateEventTypeDoc, { input: { name: 'deep.update' } })).createEventType, 'CreateEventTypePayload');
    const update = `mutation ($input: UpdateEventTypeInput!) { updateEventType(input: $input) { __typename ... on ValidationError { fieldErrors { path message } } } }`;
    const both = await postRaw(update, `{"input":{"id":"${created.eventType.id}","example":${deep},"schema":${nestedArrays(5000)}}}`);
    expect(both.body.errors, both.text.slice(0, 300)).toBeUndefined();
    expect(errorPaths(both.body.data!.updateEventType!)).toEqual([
      ['input', 'schema', 'a', ...Array(63).fill('0')],
      ['input', 'example', ...Array(64).fill('a')],
    ]);
  });

  it('createWebhook: a body template nested too deep is a ValidationError', async () => {
    const bodyTemplate = '{"a":' + '['.repeat(5000) + '"{{event.id}}"' + ']'.repeat(5000) + '}';
    const res = ok(await t.gql(CreateWebhookDoc, { input: { url: 'https://example.com/hook', events: ['cashback.created'], bodyTemplate } }));
    const v = as(res.createWebhook, 'ValidationError');
    expect(v.fieldErrors).toEqual([{ path: ['input', 'bodyTemplate'], message: expect.stringMatching(/deeper than 64 levels.*position 68/) }]);
    const shallow = '{"a":' + '['.repeat(63) + '"{{event.id}}"' + ']'.repeat(63) + '}';
    expect(ok(await t.gql(CreateWebhookDoc, { input: { url: 'https://example.com/hook', events: ['cashback.created'], bodyTemplate: shallow } })).createWebhook.__typename).toBe(
      'CreateWebhookPayload',
    );
  });

  it('createWebhook and updateWebhook: a deep filter is a ValidationError at its path', async () => {
    const hook = { url: 'https://example.com/hook', events: ['cashback.created'] };
    const res = await postRaw(print(CreateWebhookDoc), `{"input":{"url":"${hook.url}","events":["cashback.created"],"filter":${nestedObject(5000)}}}`);
    expect(res.body.errors, res.text.slice(0, 300)).toBeUndefined();
    expect(errorPaths(res.body.data!.createWebhook!)).toEqual([['input', 'filter', ...Array(64).fill('a')]]);
    const { webhook } = as(ok(await t.gql(CreateWebhookDoc, { input: hook })).createWebhook, 'CreateWebhookPayload');
    const update = await postRaw(print(UpdateWebhookDoc), `{"input":{"id":"${webhook.id}","filter":${nestedArrays(5000)}}}`);
    expect(update.body.errors, update.text.slice(0, 300)).toBeUndefined();
    expect(errorPaths(update.body.data!.updateWebhook!)).toEqual([['input', 'filter', 'a', ...Array(63).fill('0')]]);
  });

  it('a deep non-object for JSONObject is a plain type error that echoes nothing', async () => {
    const res = await publishRaw('['.repeat(5000) + ']'.repeat(5000));
    expect(res.body.errors?.[0]?.message).toMatch(/JSONObject must be a JSON object, not an array/);
    expect(res.text).not.toMatch(/Unexpected error|\[\[/);
  });

  it('every JSONObject input field is covered here (add a case and a domain check for a new one)', async () => {
    const types = ok(await t.gql(JsonInputFieldsDoc, {})).__schema.types;
    const jsonFields = types.flatMap((ty) =>
      (ty.inputFields ?? []).filter((f) => (f.type.name ?? f.type.ofType?.name) === 'JSONObject').map((f) => `${ty.name}.${f.name}`),
    );
    expect(jsonFields.sort()).toEqual([
      'CreateEventTypeInput.example',
      'CreateEventTypeInput.schema',
      'CreateWebhookInput.filter',
      'PublishEventInput.data',
      'UpdateEventTypeInput.example',
      'UpdateEventTypeInput.schema',
      'UpdateWebhookInput.filter',
    ]);
  });

  it('HOOKGATE_JSON_MAX_DEPTH sets the limit (1 to 1000)', () => {
    const env = { HOOKGATE_DATA_DIR: ':memory:' };
    expect(loadConfig(env).api.jsonMaxDepth).toBe(64);
    expect(loadConfig({ ...env, HOOKGATE_JSON_MAX_DEPTH: '8' }).api.jsonMaxDepth).toBe(8);
    expect(() => loadConfig({ ...env, HOOKGATE_JSON_MAX_DEPTH: '0' })).toThrow();
  });
});
