// A job queue a Node team would build a webhook dispatcher on, doing the work of Hookgate's dispatch
// figure: per job, build the same envelope, sign it with Standard Webhooks (src/delivery/sign.ts),
// POST it with undici to the same keep-alive receivers, and record a durable attempt row (the shape
// and indexes of Hookgate's DeliveryAttempt) in PostgreSQL before the job counts as done, 64 jobs
// in flight. Webhook URLs and secrets are kept in memory (Hookgate loads them in its claim).
//
//   prepare  creates the schema and enqueues `count` jobs (not timed)
//   run      starts the worker, resolves once `count` attempt rows are committed, stops it
//
// Systems: graphile-worker and pg-boss (jobs in the same PostgreSQL database) and BullMQ (jobs in
// Redis, attempt rows in PostgreSQL). `write`: one INSERT per job ("each"), or the attempts that
// finish together INSERTed by one statement, at most two in flight ("group": Hookgate's technique,
// applied to the peer).
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Agent } from 'undici';
import { uuidv7 } from '../../src/delivery/queue.ts';
import { USER_AGENT } from '../../src/delivery/request.ts';
import { generateSecret, signatureHeader } from '../../src/delivery/sign.ts';
import { encodeId } from '../../src/ids.ts';
import { serve } from './proc.ts';

export type PeerSystem = 'graphile-worker' | 'pg-boss' | 'bullmq';
export type WriteMode = 'each' | 'group';

export interface PrepareArgs {
  system: PeerSystem;
  write: WriteMode;
  dbUrl: string;
  redisUrl: string;
  urls: string[];
  count: number;
  concurrency: number;
}

interface Payload {
  /** Webhook (receiver) index. */
  w: number;
  /** Event uuid. */
  e: string;
  type: string;
  time: string;
  data: unknown;
}

interface AttemptRow {
  id: string;
  jobId: string;
  webhookId: string;
  eventId: string;
  number: number;
  outcome: 'SUCCEEDED' | 'FAILED';
  url: string;
  startedAt: string;
  durationMs: number;
  requestHeaders: Record<string, string>;
  responseStatus: number | null;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
}

const SCHEMA = `
  CREATE TABLE attempt (
    id uuid PRIMARY KEY, job_id text NOT NULL, webhook_id uuid NOT NULL, event_id uuid NOT NULL, number int NOT NULL,
    outcome text NOT NULL, url text NOT NULL, started_at timestamptz NOT NULL, duration_ms int NOT NULL,
    request_headers jsonb NOT NULL, response_status int, response_headers jsonb, response_body text,
    created_at timestamptz NOT NULL DEFAULT now());
  CREATE INDEX ON attempt (job_id, number);
  CREATE INDEX ON attempt (webhook_id, id);
  CREATE INDEX ON attempt (event_id, id);
  CREATE INDEX ON attempt (created_at);`;

const INSERT_ONE = `
  INSERT INTO attempt (id, job_id, webhook_id, event_id, number, outcome, url, started_at, duration_ms, request_headers,
                       response_status, response_headers, response_body)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`;

const INSERT_GROUP = `
  INSERT INTO attempt (id, job_id, webhook_id, event_id, number, outcome, url, started_at, duration_ms, request_headers,
                       response_status, response_headers, response_body)
  SELECT id, "jobId", "webhookId", "eventId", number, outcome, url, "startedAt", "durationMs", "requestHeaders",
         "responseStatus", "responseHeaders", "responseBody"
    FROM json_to_recordset($1::json) AS v(id uuid, "jobId" text, "webhookId" uuid, "eventId" uuid, number int, outcome text,
         url text, "startedAt" timestamptz, "durationMs" int, "requestHeaders" jsonb, "responseStatus" int,
         "responseHeaders" jsonb, "responseBody" text)`;

/** Writes attempt rows; resolves each once its row is committed. */
class AttemptStore {
  #pending: Array<{ row: AttemptRow; resolve: () => void; reject: (e: unknown) => void }> = [];
  #writers = 0;
  committed = 0;
  constructor(
    readonly pool: pg.Pool,
    readonly mode: WriteMode,
  ) {}

  write(row: AttemptRow): Promise<void> {
    if (this.mode === 'each') {
      return this.pool
        .query(INSERT_ONE, [
          row.id, row.jobId, row.webhookId, row.eventId, row.number, row.outcome, row.url, row.startedAt, row.durationMs,
          row.requestHeaders, row.responseStatus, row.responseHeaders, row.responseBody,
        ])
        .then(() => {
          this.committed++;
        });
    }
    return new Promise((resolve, reject) => {
      this.#pending.push({ row, resolve, reject });
      if (this.#writers < 2) void this.#drain();
    });
  }

  /** Rows of a whole batch in one statement (pg-boss hands its handler a batch). */
  async writeMany(rows: AttemptRow[]): Promise<void> {
    await this.pool.query(INSERT_GROUP, [JSON.stringify(rows)]);
    this.committed += rows.length;
  }

  async #drain(): Promise<void> {
    this.#writers++;
    try {
      await new Promise<void>((r) => setImmediate(r));
      while (this.#pending.length > 0) {
        const group = this.#pending.splice(0, 500);
        try {
          await this.writeMany(group.map((g) => g.row));
          for (const g of group) g.resolve();
        } catch (err) {
          for (const g of group) g.reject(err);
        }
      }
    } finally {
      this.#writers--;
    }
  }
}

/** The per-job work: envelope, signature, POST, attempt row. */
function makeDeliverer(urls: string[], store: AttemptStore) {
  const agent = new Agent({ keepAliveTimeout: 60_000 });
  const hooks = urls.map((url) => {
    const u = new URL(url);
    return { url, origin: u.origin, path: u.pathname, id: uuidv7(), secret: generateSecret() };
  });
  async function deliver(jobId: string, p: Payload): Promise<AttemptRow> {
    const hook = hooks[p.w % hooks.length]!;
    const startedAt = new Date();
    const id = encodeId('Event', p.e);
    const body = JSON.stringify({ id, type: p.type, time: p.time, data: p.data });
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': USER_AGENT,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatureHeader({ msgId: id, timestamp, body, secrets: [hook.secret] }),
    };
    const t0 = performance.now();
    const res = await agent.request({ origin: hook.origin, path: hook.path, method: 'POST', headers, body });
    const responseBody = await res.body.text();
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
    return {
      id: uuidv7(),
      jobId,
      webhookId: hook.id,
      eventId: p.e,
      number: 1,
      outcome: res.statusCode >= 200 && res.statusCode < 300 ? 'SUCCEEDED' : 'FAILED',
      url: hook.url,
      startedAt: startedAt.toISOString(),
      durationMs: Math.round(performance.now() - t0),
      requestHeaders: { ...headers, 'webhook-signature': 'v1,<redacted>' },
      responseStatus: res.statusCode,
      responseHeaders,
      responseBody,
    };
  }
  return { deliver, close: () => agent.close() };
}

function payloads(count: number, urls: string[]): Payload[] {
  const time = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({ w: i % urls.length, e: uuidv7(), type: 'bench.event', time, data: { amount: 4.5, currency: 'EUR', i } }));
}

interface Runner {
  settings: Record<string, unknown>;
  start(onCommitted: () => void): Promise<void>;
  stop(): Promise<void>;
}

let runner: Runner | null = null;
let pool: pg.Pool | null = null;
let store: AttemptStore | null = null;
let target = 0;

async function graphileWorker(a: PrepareArgs, jobs: Payload[]): Promise<Runner> {
  const { run, Logger, makeWorkerUtils } = await import('graphile-worker');
  const logger = new Logger(() => () => {});
  const utils = await makeWorkerUtils({ connectionString: a.dbUrl, logger });
  await utils.migrate();
  for (let i = 0; i < jobs.length; i += 2000) {
    await utils.addJobs(jobs.slice(i, i + 2000).map((payload) => ({ identifier: 'deliver', payload })));
  }
  await utils.release();
  // Tuned as graphile-worker's performance page says: a local queue (batch fetch and lock), batched
  // job completion, a pool larger than the concurrency; prepared statements are on by default.
  const settings = {
    concurrency: a.concurrency,
    maxPoolSize: a.concurrency + 2,
    pollInterval: 1000,
    localQueue: { size: a.concurrency * 2 },
    completeJobBatchDelay: 0,
    failJobBatchDelay: 0,
    preparedStatements: true,
    write: a.write,
  };
  const d = makeDeliverer(a.urls, store!);
  let r: Awaited<ReturnType<typeof run>> | null = null;
  return {
    settings,
    async start(onCommitted) {
      r = await run({
        connectionString: a.dbUrl,
        concurrency: settings.concurrency,
        maxPoolSize: settings.maxPoolSize,
        pollInterval: settings.pollInterval,
        noHandleSignals: true,
        logger,
        preset: {
          worker: {
            localQueue: settings.localQueue,
            completeJobBatchDelay: settings.completeJobBatchDelay,
            failJobBatchDelay: settings.failJobBatchDelay,
            preparedStatements: settings.preparedStatements,
          },
        },
        taskList: {
          deliver: async (payload, helpers) => {
            await store!.write(await d.deliver(String(helpers.job.id), payload as Payload));
            onCommitted();
          },
        },
      });
    },
    async stop() {
      await r?.stop();
      await d.close();
    },
  };
}

async function pgBoss(a: PrepareArgs, jobs: Payload[]): Promise<Runner> {
  const { default: PgBoss } = await import('pg-boss');
  // Maintenance and scheduling off during the measurement (they run on timers, not per job).
  const boss = new PgBoss({ connectionString: a.dbUrl, max: 10, schedule: false, supervise: false });
  boss.on('error', () => {});
  await boss.start();
  const queue = 'deliver';
  await boss.createQueue(queue);
  for (let i = 0; i < jobs.length; i += 2000) await boss.insert(jobs.slice(i, i + 2000).map((data) => ({ name: queue, data })));
  // pg-boss fetches a batch per work() loop and completes it in one statement when the handler
  // resolves; 64 in flight = 4 work() loops of 16. A loop that finished a full batch is notified
  // so that it fetches again at once instead of sleeping out the polling interval.
  const loops = 4;
  const settings = { workLoops: loops, batchSize: Math.ceil(a.concurrency / loops), pollingIntervalSeconds: 0.5, notifyWorkerAfterFullBatch: true, poolMax: 10, write: a.write };
  const d = makeDeliverer(a.urls, store!);
  return {
    settings,
    async start(onCommitted) {
      for (let i = 0; i < loops; i++) {
        let id = '';
        id = await boss.work<Payload>(queue, { batchSize: settings.batchSize, pollingIntervalSeconds: settings.pollingIntervalSeconds }, async (batch) => {
          const rows = await Promise.all(batch.map((j) => d.deliver(j.id, j.data)));
          if (a.write === 'group') await store!.writeMany(rows);
          else await Promise.all(rows.map((r) => store!.write(r)));
          for (let k = 0; k < rows.length; k++) onCommitted();
          if (batch.length === settings.batchSize && id) boss.notifyWorker(id);
        });
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 5000 });
      await d.close();
    },
  };
}

async function bullmq(a: PrepareArgs, jobs: Payload[]): Promise<Runner> {
  const { Queue, Worker } = await import('bullmq');
  const { Redis } = await import('ioredis');
  const name = `hookgate-peers-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(a.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection });
  for (let i = 0; i < jobs.length; i += 1000) {
    await queue.addBulk(jobs.slice(i, i + 1000).map((data) => ({ name: 'deliver', data, opts: { removeOnComplete: true, removeOnFail: 1000 } })));
  }
  // Jobs removed on completion (BullMQ's advice for high volume); the stalled-job check and
  // lock renewal stay on (they are what makes a crashed worker's jobs run again).
  const settings = { concurrency: a.concurrency, removeOnComplete: true, drainDelay: 5, redis: 'appendonly as configured on the server', write: a.write };
  const d = makeDeliverer(a.urls, store!);
  let worker: { close(): Promise<void> } | null = null;
  return {
    settings,
    async start(onCommitted) {
      const w = new Worker<Payload>(
        name,
        async (job) => {
          await store!.write(await d.deliver(String(job.id), job.data));
          onCommitted();
        },
        { connection: new Redis(a.redisUrl, { maxRetriesPerRequest: null }), concurrency: settings.concurrency, drainDelay: settings.drainDelay, autorun: true },
      );
      w.on('error', () => {});
      worker = w;
    },
    async stop() {
      await worker?.close();
      await queue.obliterate({ force: true }).catch(() => {});
      await queue.close();
      connection.disconnect();
      await d.close();
    },
  };
}

serve({
  async prepare(a: PrepareArgs) {
    pool = new pg.Pool({ connectionString: a.dbUrl, max: a.write === 'each' ? 16 : 4 });
    await pool.query(SCHEMA);
    store = new AttemptStore(pool, a.write);
    target = a.count;
    const jobs = payloads(a.count, a.urls);
    const t0 = performance.now();
    runner = a.system === 'graphile-worker' ? await graphileWorker(a, jobs) : a.system === 'pg-boss' ? await pgBoss(a, jobs) : await bullmq(a, jobs);
    await pool.query('ANALYZE');
    return { seedMs: performance.now() - t0, settings: runner.settings };
  },
  async run(args: { timeoutMs: number }) {
    let done = 0;
    let finish!: () => void;
    const finished = new Promise<void>((r) => (finish = r));
    const t0 = performance.now();
    await runner!.start(() => {
      if (++done === target) finish();
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([finished.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), args.timeoutMs)))]);
    clearTimeout(timer);
    const ms = performance.now() - t0;
    await runner!.stop();
    const [row] = (await pool!.query<{ n: number }>('SELECT count(*)::int AS n FROM attempt')).rows;
    await pool!.end();
    return { ms, done, timedOut, rows: row?.n ?? 0, perSecond: (done / ms) * 1000 };
  },
});
