// One process per embedded data folder (issue 8, defect 1): a second process on the same
// HOOKGATE_DATA_DIR is refused at once, naming the holder; a holder killed with SIGKILL leaves a
// lock that does not block the next start, and the acknowledged writes are all there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildExitedError, startChildApp, type ChildApp } from './helpers/child-app.ts';
import { createWebhook, getWebhook } from './helpers/dispatch.ts';

const dir = mkdtempSync(join(tmpdir(), 'hookgate-lock-'));
const env = { HOOKGATE_DATA_DIR: dir, HOOKGATE_JWT_SECRET: 'lock-test-secret-lock-test-secret-32' };
const children: ChildApp[] = [];
// Child processes start slowly on a loaded machine (tsx, PGlite, migrations).
const start = () => startChildApp(env, { startTimeoutMs: 90_000 });

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill('SIGKILL')));
  rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('data folder lock', () => {
  it('refuses a second process, survives SIGKILL of the holder, keeps acknowledged writes', { timeout: 300_000 }, async () => {
    const first = await start();
    children.push(first);
    const { id } = await createWebhook(first, { name: 'Kept', url: 'https://example.com/kept', events: ['cashback.created'] }, 'lock');

    const refused = await start().then(
      (c) => (children.push(c), null),
      (err: unknown) => err,
    );
    expect(refused).toBeInstanceOf(ChildExitedError);
    const { code, logs } = refused as ChildExitedError;
    expect(code).toBe(1);
    const out = logs.join('\n');
    expect(out).toContain(`is in use by process ${first.pid} on host`);
    expect(out).toContain('DATABASE_URL');
    expect(out).not.toMatch(/\bat .+\.ts:\d+/); // a message, not a stack trace

    // The holder still works, and still owns its rows.
    expect((await getWebhook(first, id, 'lock')).id).toBe(id);

    expect((await first.kill('SIGKILL')).signal).toBe('SIGKILL');
    const next = await start();
    children.push(next);
    expect((await getWebhook(next, id, 'lock')).id).toBe(id);
  });
});
