// The embedded database's buffer cache setting: validated like every setting, and applied to the
// PGlite instance the app opens (it bounds most of the embedded default's memory).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';

describe('HOOKGATE_PGLITE_SHARED_BUFFERS', () => {
  it('defaults to 16MB and reaches PostgreSQL inside PGlite', async () => {
    const config = loadConfig({ HOOKGATE_DATA_DIR: ':memory:' });
    expect(config.database).toMatchObject({ kind: 'pglite', sharedBuffers: '16MB' });
    if (config.database.kind !== 'pglite') throw new Error('expected the embedded database');
    const db = await openDatabase({ ...config.database, sharedBuffers: '24MB' });
    try {
      expect(await db.prisma.$queryRawUnsafe('SHOW shared_buffers')).toEqual([{ shared_buffers: '24MB' }]);
    } finally {
      await db.close();
    }
  });

  it('refuses a value that is not a PostgreSQL memory size, naming the setting', () => {
    for (const bad of ['16', '16mb', '0MB', 'lots', '16MB; fsync=off']) {
      expect(() => loadConfig({ HOOKGATE_PGLITE_SHARED_BUFFERS: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ HOOKGATE_PGLITE_SHARED_BUFFERS: bad })).toThrow(/HOOKGATE_PGLITE_SHARED_BUFFERS: a PostgreSQL memory size/);
    }
  });
});
