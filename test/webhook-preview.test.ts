// webhookPreview: a draft is checked by the same rules as createWebhook (same messages at the same
// paths, the name's uniqueness included), lists the placeholders of the event type's example and
// renders the request the delivery code would send, with signatures redacted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createWebhook, createWebhookResult, errorPaths, ok } from './helpers/api.ts';
import { graphql } from './gql/index.ts';
import type { WebhookPreviewInput } from './gql/graphql.ts';

const PreviewDoc = graphql(`
  query Preview($input: WebhookPreviewInput!) {
    webhookPreview(input: $input) {
      fieldErrors {
        path
        message
      }
      placeholders
      request {
        url
        headers {
          name
          value
        }
        body
      }
    }
  }
`);

let t: TestApp;
const tenant = 'preview';

beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
});

afterAll(async () => {
  await t?.stop();
});

async function preview(input: WebhookPreviewInput) {
  return ok(await t.gql(PreviewDoc, { input }, { tenant })).webhookPreview;
}

describe('webhookPreview', () => {
  it('reports what createWebhook refuses, with the same paths and messages', async () => {
    const bad = {
      name: ' padded ',
      urls: ['http://example.com/hook'],
      headers: [
        { name: 'X-Shop', value: 'a' },
        { name: 'x-shop', value: 'b' },
        { name: 'Bad Name', value: 'c' },
        { name: 'X-Quote', value: 'say "hi"' },
      ],
      bodyTemplate: '{"x": "{{nope.x}}"}',
    };
    const p = await preview({ ...bad, eventType: 'cashback.created' });
    const created = await createWebhookResult(t, tenant, { ...bad, events: ['cashback.created'] });
    expect(p.fieldErrors.map((e) => e.path).sort()).toEqual(errorPaths(created).sort());
    expect(p.fieldErrors.map((e) => e.message).sort()).toEqual(
      (created as { fieldErrors: Array<{ message: string }> }).fieldErrors.map((e) => e.message).sort(),
    );
    expect(p.request).toBeNull();
  });

  it('flags a taken name (case-sensitive) but not the edited webhook’s own', async () => {
    const existing = await createWebhook(t, tenant, { name: 'Member Rewards', url: 'https://example.com/a', events: ['cashback.created'] });
    expect((await preview({ name: 'Member Rewards' })).fieldErrors).toEqual([{ path: ['input', 'name'], message: 'A webhook named "Member Rewards" already exists' }]);
    expect((await preview({ name: 'member rewards' })).fieldErrors).toEqual([]);
    expect((await preview({ name: 'Member Rewards', exceptWebhookId: existing.webhook.id })).fieldErrors).toEqual([]);
  });

  it("lists the example's placeholders and renders the request as delivery would", async () => {
    const p = await preview({
      name: 'Preview',
      urls: ['https://example.com/hooks/{{event.type}}'],
      headers: [{ name: 'X-Event', value: '{{event.type}}' }],
      bodyTemplate: '{"kind": "{{event.type}}", "data": {{data}}, "hook": "{{webhook.name}}"}',
      eventType: 'cashback.created',
    });
    expect(p.fieldErrors).toEqual([]);
    expect(p.placeholders.slice(0, 8)).toEqual(['event.id', 'event.type', 'event.time', 'webhook.id', 'webhook.name', 'application.id', 'application.name', 'data']);
    expect(p.placeholders.length).toBeGreaterThan(8);
    expect(p.placeholders.every((x) => x.startsWith('data.') || p.placeholders.indexOf(x) < 8)).toBe(true);
    const req = p.request!;
    expect(req.url).toBe('https://example.com/hooks/cashback.created');
    const headers = Object.fromEntries(req.headers.map((h) => [h.name, h.value]));
    expect(headers['x-event']).toBe('cashback.created');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['webhook-signature']).toBe('v1,<redacted>');
    const body = JSON.parse(req.body) as { kind: string; data: Record<string, unknown>; hook: string };
    expect(body.kind).toBe('cashback.created');
    expect(body.hook).toBe('Preview');
    // The data is the catalog example of the type: every data placeholder is one of its paths.
    for (const path of p.placeholders.filter((x) => x.startsWith('data.'))) {
      let v: unknown = body.data;
      for (const seg of path.split('.').slice(1)) v = (v as Record<string, unknown>)[seg];
      expect(v, path).toBeDefined();
    }
  });

  it('refuses an unknown event type at its path and renders nothing for it', async () => {
    const p = await preview({ urls: ['https://example.com/a'], eventType: 'no.such.type' });
    expect(p.fieldErrors).toEqual([{ path: ['input', 'eventType'], message: 'Unknown event type "no.such.type"' }]);
    expect(p.request).toBeNull();
  });
});
