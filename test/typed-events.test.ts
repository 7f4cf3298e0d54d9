// Typed events through the real GraphQL endpoint: a JSON Schema (2020-12) on an event type is
// checked when saved (it must compile, the example must satisfy it), every publish is validated
// against it with violations as ValidationError paths into data, updateEventType changes it for
// the next publish, and the built-in Reward type carries the schema of the seed's payload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
});

afterAll(async () => {
  await t?.stop();
});

type Json = Record<string, unknown>;
interface FieldErrors {
  __typename: string;
  code?: string;
  fieldErrors?: Array<{ path: string[]; message: string }>;
}

async function call<T = Json>(query: string, variables: Json, tenant: string): Promise<T> {
  const res = await t.gql(query, variables, { tenant });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

const CREATE_TYPE = `mutation ($input: CreateEventTypeInput!) { createEventType(input: $input) { __typename
  ... on CreateEventTypePayload { eventType { id name schema example deprecated } }
  ... on Error { code message } ... on ValidationError { fieldErrors { path message } } } }`;
const UPDATE_TYPE = `mutation ($input: UpdateEventTypeInput!) { updateEventType(input: $input) { __typename
  ... on UpdateEventTypePayload { eventType { id schema example description deprecated } }
  ... on Error { code message } ... on ValidationError { fieldErrors { path message } } } }`;
const PUBLISH = `mutation ($input: PublishEventInput!) { publishEvent(input: $input) { __typename
  ... on PublishEventPayload { event { id } } ... on Error { code message } ... on ValidationError { fieldErrors { path message } } } }`;

const ORDER_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['orderId', 'amount', 'customer'],
  properties: {
    orderId: { type: 'string', pattern: '^ord_' },
    amount: { type: 'number', minimum: 0 },
    currency: { enum: ['EUR', 'USD'] },
    placedAt: { type: 'string', format: 'date-time' },
    customer: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    lines: { type: 'array', items: { type: 'object', required: ['sku'], properties: { sku: { type: 'string' } } } },
  },
};
const ORDER_EXAMPLE = { orderId: 'ord_1', amount: 10, currency: 'EUR', customer: { id: 'c1' } };

const paths = (r: FieldErrors) => (r.fieldErrors ?? []).map((e) => e.path);

describe('typed events', () => {
  it('validates every publish against the type schema, with paths into data', async () => {
    const tenant = 'typed-publish';
    const created = (await call<{ createEventType: Json }>(CREATE_TYPE, { input: { name: 'order.placed', schema: ORDER_SCHEMA, example: ORDER_EXAMPLE } }, tenant)).createEventType;
    expect(created).toMatchObject({ __typename: 'CreateEventTypePayload', eventType: { name: 'order.placed', schema: ORDER_SCHEMA, example: ORDER_EXAMPLE } });

    const good = await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'order.placed', data: { ...ORDER_EXAMPLE, extra: true, placedAt: '2026-12-01T10:00:00Z' } } }, tenant);
    expect(good.publishEvent.__typename).toBe('PublishEventPayload');

    const bad = (await call<{ publishEvent: FieldErrors }>(PUBLISH, {
      input: { type: 'order.placed', data: { orderId: 'x1', amount: -1, currency: 'GBP', placedAt: 'yesterday', lines: [{ sku: 'a' }, { qty: 2 }] } },
    }, tenant)).publishEvent;
    expect(bad.__typename).toBe('ValidationError');
    expect(paths(bad).sort()).toEqual(
      [
        ['input', 'data', 'customer'],
        ['input', 'data', 'orderId'],
        ['input', 'data', 'amount'],
        ['input', 'data', 'currency'],
        ['input', 'data', 'placedAt'],
        ['input', 'data', 'lines', '1', 'sku'],
      ].sort(),
    );
    // Nothing was stored for the refused event.
    const events = await call<{ events: { totalCount: number } }>(`{ events(first: 10) { totalCount } }`, {}, tenant);
    expect(events.events.totalCount).toBe(1);
  });

  it('refuses schemas that do not compile and examples that violate the schema', async () => {
    const tenant = 'typed-create';
    const broken = (await call<{ createEventType: FieldErrors }>(CREATE_TYPE, { input: { name: 'a.one', schema: { type: 'objekt' } } }, tenant)).createEventType;
    expect(broken.__typename).toBe('ValidationError');
    expect(paths(broken).every((p) => p.slice(0, 2).join('.') === 'input.schema')).toBe(true);

    const unknownKeyword = (await call<{ createEventType: FieldErrors }>(CREATE_TYPE, { input: { name: 'a.two', schema: { type: 'object', requird: ['x'] } } }, tenant)).createEventType;
    expect(unknownKeyword.fieldErrors?.[0]).toMatchObject({ path: ['input', 'schema'], message: expect.stringMatching(/requird/) });

    const oldDialect = (await call<{ createEventType: FieldErrors }>(CREATE_TYPE, { input: { name: 'a.three', schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' } } }, tenant)).createEventType;
    expect(paths(oldDialect)).toEqual([['input', 'schema', '$schema']]);

    const badExample = (await call<{ createEventType: FieldErrors }>(CREATE_TYPE, { input: { name: 'a.four', schema: ORDER_SCHEMA, example: { orderId: 'ord_2', amount: 'ten', customer: {} } } }, tenant)).createEventType;
    expect(paths(badExample).sort()).toEqual([['input', 'example', 'amount'], ['input', 'example', 'customer', 'id']].sort());

    const reserved = (await call<{ createEventType: FieldErrors }>(CREATE_TYPE, { input: { name: 'hookgate.webhook.exploded' } }, tenant)).createEventType;
    expect(paths(reserved)).toEqual([['input', 'name']]);

    const list = await call<{ eventTypes: { edges: Array<{ node: { name: string } }> } }>(`{ eventTypes(first: 100) { edges { node { name } } } }`, {}, tenant);
    expect(list.eventTypes.edges.some((e) => e.node.name.startsWith('a.'))).toBe(false);
  });

  it('updateEventType changes description, example, schema and deprecated; the next publish uses the new schema', async () => {
    const tenant = 'typed-update';
    const created = (await call<{ createEventType: { eventType: { id: string } } }>(CREATE_TYPE, { input: { name: 'order.placed', example: { anything: 1 } } }, tenant)).createEventType;
    const id = created.eventType.id;
    const untyped = await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'order.placed', data: { anything: 1 } } }, tenant);
    expect(untyped.publishEvent.__typename).toBe('PublishEventPayload');

    // The stored example does not satisfy the new schema: refused, nothing changes.
    const clash = (await call<{ updateEventType: FieldErrors }>(UPDATE_TYPE, { input: { id, schema: ORDER_SCHEMA } }, tenant)).updateEventType;
    expect(paths(clash)).toContainEqual(['input', 'example', 'orderId']);

    const updated = (await call<{ updateEventType: Json }>(UPDATE_TYPE, { input: { id, schema: ORDER_SCHEMA, example: ORDER_EXAMPLE, description: 'An order was placed', deprecated: true } }, tenant)).updateEventType;
    expect(updated).toMatchObject({ __typename: 'UpdateEventTypePayload', eventType: { schema: ORDER_SCHEMA, example: ORDER_EXAMPLE, description: 'An order was placed', deprecated: true } });
    const now = (await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'order.placed', data: { anything: 1 } } }, tenant)).publishEvent;
    expect(now.__typename).toBe('ValidationError');
    expect(paths(now)).toContainEqual(['input', 'data', 'orderId']);

    // Removing the schema accepts any object again.
    await call(UPDATE_TYPE, { input: { id, schema: null } }, tenant);
    const again = await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'order.placed', data: { anything: 2 } } }, tenant);
    expect(again.publishEvent.__typename).toBe('PublishEventPayload');

    const builtin = await call<{ eventTypes: { edges: Array<{ node: { id: string; name: string } }> } }>(`{ eventTypes(first: 100, group: "cashback") { edges { node { id name } } } }`, {}, tenant);
    const cashback = builtin.eventTypes.edges[0]!.node.id;
    const refused = (await call<{ updateEventType: FieldErrors }>(UPDATE_TYPE, { input: { id: cashback, deprecated: true } }, tenant)).updateEventType;
    expect(refused).toMatchObject({ __typename: 'ConflictError' });
    // Another tenant's type is unknown here.
    const foreign = (await call<{ updateEventType: FieldErrors }>(UPDATE_TYPE, { input: { id, deprecated: false } }, 'typed-other')).updateEventType;
    expect(foreign.__typename).toBe('NotFoundError');
  });

  it("gives the built-in trigger_event.created the Reward seed's payload schema", async () => {
    const tenant = 'typed-builtin';
    const types = await call<{ eventTypes: { edges: Array<{ node: { name: string; schema: Json | null; example: Json } }> } }>(
      `{ eventTypes(first: 100, group: "trigger_event") { edges { node { name schema example } } } }`,
      {},
      tenant,
    );
    const reward = types.eventTypes.edges.find((e) => e.node.name === 'trigger_event.created')!.node;
    expect(reward.schema).toMatchObject({ required: ['user', 'value', 'trigger'] });
    // The seed's example payload, verbatim.
    const seed = { user: { id: 'ca9bb5c2-25a6-43e9-972e-862d28241a47' }, value: 2.99, trigger: { id: 'successful_payment' } };
    expect(reward.example).toEqual(seed);
    const ok = await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'trigger_event.created', data: seed } }, tenant);
    expect(ok.publishEvent.__typename).toBe('PublishEventPayload');
    const bad = (await call<{ publishEvent: FieldErrors }>(PUBLISH, { input: { type: 'trigger_event.created', data: { user: {}, value: '2.99', trigger: { id: 'x' } } } }, tenant)).publishEvent;
    expect(paths(bad).sort()).toEqual([['input', 'data', 'user', 'id'], ['input', 'data', 'value']].sort());
  });
});
