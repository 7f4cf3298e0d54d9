// Health endpoints for orchestrators. /healthz: 200 whenever the process runs. /readyz: 200 with
// PostgreSQL and Redis reachable; 503 naming the dependency that is down (Redis stopped), answered
// promptly (a readiness probe that hangs is a failed probe); 200 again once Redis is back. Redis
// here is a private redis-server, so stopping it disturbs no one else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, eventually, httpGet, startPrivateRedis, type HookgateProcess, type PrivateRedis } from '../helpers/cluster.ts';

let redis: PrivateRedis;
let cluster: Cluster;
let api: HookgateProcess;

beforeAll(async () => {
  redis = await startPrivateRedis();
  cluster = await Cluster.create({ redisUrl: redis.url });
  api = await cluster.start('api');
});

afterAll(async () => {
  await cluster?.close();
  await redis?.close();
});

/** GET with a 3 s budget: a probe that has not answered by then counts as a hang. */
async function probe(path: string): Promise<{ status: number; body: Record<string, unknown> } | 'hang'> {
  try {
    const r = await httpGet(`${api.origin}${path}`, 3_000);
    return { status: r.status, body: JSON.parse(r.body) as Record<string, unknown> };
  } catch (err) {
    if ((err as Error).name === 'TimeoutError') return 'hang';
    throw err;
  }
}

describe('health endpoints', () => {
  it('/healthz and /readyz are 200 with PostgreSQL and Redis up', async () => {
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready', database: true, redis: true } });
  });

  it('/readyz is 503 naming Redis while Redis is down; /healthz stays 200; ready again after', { timeout: 60_000 }, async () => {
    await redis.stop();
    try {
      expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
      const down = await probe('/readyz');
      expect(down, 'GET /readyz with Redis down').toEqual({ status: 503, body: { status: 'unavailable', database: true, redis: false } });
    } finally {
      await redis.start();
    }
    await eventually(async () => JSON.stringify(await probe('/readyz')) === JSON.stringify({ status: 200, body: { status: 'ready', database: true, redis: true } }), {
      timeoutMs: 20_000,
      what: '/readyz to be 200 again',
    });
  });

  it('a worker serves /healthz, /readyz and /metrics with its attempt counters', async () => {
    const worker = await cluster.start('worker');
    expect((await httpGet(`${worker.origin}/healthz`, 3_000)).status).toBe(200);
    // Ready once its PostgreSQL and Redis connections are up, which may follow "started" closely.
    await eventually(async () => (await httpGet(`${worker.origin}/readyz`, 3_000)).status === 200, { timeoutMs: 10_000, what: 'worker /readyz 200' });
    const metrics = await httpGet(`${worker.origin}/metrics`, 3_000);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toContain('# TYPE hookgate_delivery_attempts_total counter');
    expect(metrics.body).toContain('hookgate_queue_depth');
    expect((await httpGet(`${worker.origin}/graphql`, 3_000)).status).toBe(404);
    await worker.kill('SIGTERM');
  });

  it('/readyz recovers after the database connections are terminated', { timeout: 60_000 }, async () => {
    expect(await cluster.db.terminateConnections()).toBeGreaterThan(0);
    expect(await probe('/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    await eventually(async () => JSON.stringify(await probe('/readyz')) === JSON.stringify({ status: 200, body: { status: 'ready', database: true, redis: true } }), {
      timeoutMs: 20_000,
      what: '/readyz to be 200 after reconnecting',
    });
    expect(api.exit).toBeNull();
  });
});
