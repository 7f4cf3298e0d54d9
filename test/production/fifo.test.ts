// FIFO ordered delivery on PostgreSQL with two API and two worker processes: two FIFO webhooks
// share a receiver URL (lines are per webhook and URL, so three lines over two paths), events are
// published one after another alternately through both API processes (publish order is then well
// defined, and the lines' order comes from the database, not from either process's clock), the
// receiver fails some requests with 500 (retries must hold the line), and one worker is killed
// in the middle (its leases expire, the other worker takes over the heads). The receiver checks,
// per line, that requests never overlap and arrive in publish order, every event succeeding.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, eventually, sleep, type HookgateProcess } from '../helpers/cluster.ts';
import { startReceiver, type Receiver } from '../helpers/receiver.ts';

const EVENTS = 60;
const TENANT = 'prod-fifo';
let cluster: Cluster;
let rx: Receiver;

beforeAll(async () => {
  cluster = await Cluster.create({ env: { HOOKGATE_POLL_MS: '200', HOOKGATE_LEASE_MS: '3000' } });
  rx = await startReceiver();
});

afterAll(async () => {
  await cluster?.close();
  await rx?.close();
});

interface Arrival {
  i: number;
  status: number;
}

describe('FIFO across two workers', () => {
  it('keeps each (webhook, URL) line in publish order, one request at a time, through retries and a worker crash', { timeout: 180_000 }, async () => {
    const [api1, api2] = await Promise.all([cluster.start('api'), cluster.start('api')]);
    const workers: HookgateProcess[] = await Promise.all([cluster.start('worker'), cluster.start('worker')]);

    const open = new Map<string, number>();
    const overlaps: string[] = [];
    const lines = new Map<string, Arrival[]>();
    const tries = new Map<string, number>();
    rx.handle(async (r) => {
      const key = `${String(r.headers['x-hook'])} ${r.path}`;
      const n = (open.get(key) ?? 0) + 1;
      open.set(key, n);
      if (n > 1) overlaps.push(`${key}: ${n} at once`);
      const i = (JSON.parse(r.body) as { data: { i: number } }).data.i;
      const attempt = (tries.get(`${key} ${i}`) ?? 0) + 1;
      tries.set(`${key} ${i}`, attempt);
      // Some first attempts and some second ones fail: the schedule has four attempts.
      const status = (i % 4 === 1 && attempt === 1) || (i % 9 === 5 && attempt <= 2) ? 500 : 200;
      if (!lines.has(key)) lines.set(key, []);
      lines.get(key)!.push({ i, status });
      // A little time in the receiver gives another worker every chance to overlap.
      await sleep(3 + (i % 5));
      open.set(key, open.get(key)! - 1);
      return { status };
    });

    const hook = (name: string, paths: string[]) =>
      cluster.createWebhook(
        api1,
        { urls: paths.map((p) => rx.url(p)), events: ['cashback.created'], ordering: 'FIFO', retrySchedule: '0s,100ms,200ms,400ms', headers: [{ name: 'x-hook', value: name }] },
        TENANT,
      );
    const since = new Date(Date.now() - 1000).toISOString();
    const w1 = await hook('w1', ['/a', '/b']);
    await hook('w2', ['/a']);

    let killed = false;
    for (let i = 0; i < EVENTS; i++) {
      await cluster.publish(i % 2 === 0 ? api1 : api2, 'cashback.created', { i }, TENANT);
      if (i === EVENTS / 3) {
        // Wait until the lines are busy, then kill one worker (its in-flight heads' leases run out).
        await eventually(() => [...lines.values()].some((l) => l.length > 5), { what: 'deliveries under way' });
        await workers[0]!.kill('SIGKILL');
        killed = true;
      }
    }
    expect(killed).toBe(true);
    await cluster.db.drained({ timeoutMs: 90_000 });

    expect(overlaps).toEqual([]);
    expect([...lines.keys()].sort()).toEqual(['w1 /a', 'w1 /b', 'w2 /a']);
    for (const [key, arrivals] of lines) {
      const order = arrivals.map((a) => a.i);
      // Publish order: an event's attempts (retries, a resend after the crash) are followed only
      // by later events, never by earlier ones.
      expect(order, key).toEqual([...order].sort((a, b) => a - b));
      const succeeded = new Set(arrivals.filter((a) => a.status === 200).map((a) => a.i));
      expect(succeeded.size, key).toBe(EVENTS);
      // The retries did happen on every line.
      expect(arrivals.filter((a) => a.status === 500).length, key).toBeGreaterThanOrEqual(EVENTS / 4);
    }
    const counts = await cluster.db.statusCounts();
    expect(counts).toEqual({ SUCCEEDED: 3 * EVENTS });
    // Nothing is left in the lines.
    const busy = await cluster.db.query<{ n: number }>('SELECT count(*)::int AS n FROM "DeliveryLine" WHERE head IS NOT NULL');
    expect(busy[0]!.n).toBe(0);

    // A replay of everything (onlyFailed: false) joins w1's lines in event order, through the
    // remaining worker.
    for (const l of lines.values()) l.length = 0;
    const replay = await cluster.gql<{ replayEvents: { __typename: string; eventCount?: number } }>(
      api2,
      'mutation ($input: ReplayEventsInput!) { replayEvents(input: $input) { __typename ... on ReplayEventsPayload { eventCount } } }',
      { input: { webhookId: w1, since, onlyFailed: false } },
      TENANT,
    );
    expect(replay.data.replayEvents).toEqual({ __typename: 'ReplayEventsPayload', eventCount: EVENTS });
    await cluster.db.drained({ expected: 5 * EVENTS, timeoutMs: 60_000 });
    expect(overlaps).toEqual([]);
    for (const key of ['w1 /a', 'w1 /b']) {
      const order = lines.get(key)!.map((a) => a.i);
      expect(order, key).toEqual([...order].sort((a, b) => a - b));
      expect(new Set(order).size, key).toBe(EVENTS);
    }
    expect(lines.get('w2 /a')).toEqual([]);
  });
});
