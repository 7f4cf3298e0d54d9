// Secret rotation bookkeeping: the new secret is current, old ones stay valid for the overlap,
// at most 10 old secrets are kept, and overlapSeconds 0 is a hard cut-over.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RotateWebhookSecretDoc } from './documents.ts';
import { as, createWebhook, ok } from './helpers/api.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { parseId } from '../src/ids.ts';
import { validSecrets } from '../src/webhooks/service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ HOOKGATE_ROLE: 'api' });
});
afterAll(() => t.stop());

async function rotate(id: string, overlapSeconds: number, tenant: string): Promise<string> {
  const res = ok(await t.gql(RotateWebhookSecretDoc, { input: { id, overlapSeconds } }, { tenant }));
  return as(res.rotateWebhookSecret, 'RotateWebhookSecretPayload').signingSecret;
}

it('keeps the current secret and at most 10 old ones, newest first', async () => {
  const tenant = 'rotation-many';
  const { webhook, signingSecret: first } = await createWebhook(t, tenant, { url: 'https://example.com/r', events: ['cashback.created'] });
  const issued = [first];
  for (let i = 0; i < 12; i++) issued.push(await rotate(webhook.id, 3600, tenant));
  const valid = await validSecrets(t.app.db.prisma, t.app.services.box, parseId(webhook.id, 'Webhook')!);
  expect(valid).toEqual(issued.slice(-11).reverse());
});

it('with overlapSeconds 0 only the new secret is valid', async () => {
  const tenant = 'rotation-cut';
  const { webhook } = await createWebhook(t, tenant, { url: 'https://example.com/r', events: ['cashback.created'] });
  await rotate(webhook.id, 3600, tenant);
  const latest = await rotate(webhook.id, 0, tenant);
  const valid = await validSecrets(t.app.db.prisma, t.app.services.box, parseId(webhook.id, 'Webhook')!);
  expect(valid).toEqual([latest]);
});
