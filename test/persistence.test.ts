// Restarting on the same data folder (the embedded default): rows, generated keys and migrations
// survive; nothing is migrated twice; old tokens still authenticate; secrets still decrypt.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseId } from '../src/ids.ts';
import { validSecrets } from '../src/webhooks/service.ts';
import { startTestApp, type TestApp } from './helpers/app.ts';
import { createApplication, createWebhook, ok } from './helpers/api.ts';
import { GetWebhookDoc, ListWebhooksDoc } from './documents.ts';

let dir: string;
let running: TestApp | undefined;

// No HOOKGATE_JWT_SECRET (an empty value is "unset"): the app generates its signing key into the
// data folder, as it does for a developer running it with no configuration.
const env = () => ({ HOOKGATE_DATA_DIR: dir, HOOKGATE_JWT_SECRET: '' });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hookgate-'));
});

afterAll(async () => {
  await running?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('restart on a real data folder', () => {
  it('keeps webhooks, keys and migrations across a restart', async () => {
    const tenant = 'persist';

    // First start: empty folder, migrations applied, keys generated.
    running = await startTestApp(env());
    const first = running;
    expect(first.app.db.migrationsApplied.length).toBeGreaterThan(0);
    expect(first.app.authenticator.generatedSecret).toBe(true);
    expect(first.app.authenticator.issueToken).toBeTypeOf('function');
    const token = await first.app.authenticator.issueToken!(tenant, '1h');

    const application = await createApplication(first, tenant, { name: 'Persistent App', externalId: 'pub_persist' });
    const created = await createWebhook(first, tenant, {
      name: 'Persistent hook',
      applicationId: application.id,
      urls: ['https://example.com/persist/a', 'https://example.com/persist/b'],
      events: ['cashback.created', 'cashback.cleared'],
      headers: [{ name: 'X-Persist', value: 'yes' }],
    });
    const secret = created.signingSecret;
    const rowId = parseId(created.webhook.id, 'Webhook');
    expect(rowId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await validSecrets(first.app.db.prisma, first.app.services.box, rowId!)).toEqual([secret]);

    await first.stop();
    running = undefined;
    // The keys live in the folder, next to the database.
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['jwt-secret', 'secret-key', 'pglite']));

    // Second start on the same folder.
    running = await startTestApp(env());
    const second = running;
    expect(second.app.db.migrationsApplied).toEqual([]);

    // The token issued before the restart still authenticates (the JWT key was persisted).
    const get = await second.gql(GetWebhookDoc, { id: created.webhook.id }, { token });
    const webhook = ok(get).webhook;
    expect(webhook).toEqual(created.webhook);
    expect(webhook?.secretFingerprint).toBe(`whsec_****${secret.slice(-4)}`);
    expect(get.text).not.toContain(secret);

    const list = ok(await second.gql(ListWebhooksDoc, {}, { token }));
    expect(list.webhooks.edges.map((e) => e.node.id)).toEqual([created.webhook.id]);

    // Tokens issued now verify too, and the encrypted secret decrypts with the persisted key.
    const fresh = await second.app.authenticator.issueToken!(tenant, '1h');
    expect(ok(await second.gql(GetWebhookDoc, { id: created.webhook.id }, { token: fresh })).webhook?.id).toBe(created.webhook.id);
    expect(await validSecrets(second.app.db.prisma, second.app.services.box, rowId!)).toEqual([secret]);
  });
});
