// Wakes dispatchers when deliveries become due, so the happy path has no polling delay. In one
// process (embedded default) the signal is a direct call; with PostgreSQL it is LISTEN/NOTIFY on
// the queue's own database, so a publish on any API process wakes every worker. Polling remains
// the fallback: a lost notification only delays delivery by HOOKGATE_POLL_MS.
import pg from 'pg';
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.ts';

const CHANNEL = 'hookgate_wake';

export interface Waker {
  /** Deliveries are due: wake local and remote dispatchers. */
  notify(): void;
  /** Called whenever any process notified (including this one). */
  onWake(listener: () => void): void;
  close(): Promise<void>;
}

export function createLocalWaker(): Waker {
  const listeners: Array<() => void> = [];
  return {
    notify: () => listeners.forEach((l) => l()),
    onWake: (l) => void listeners.push(l),
    close: async () => {},
  };
}

/**
 * LISTEN on a dedicated connection that reconnects with backoff (a terminated backend or a
 * restarted server must not silence wake-ups for good); NOTIFY through Prisma's pool.
 */
export function createPgWaker(opts: { url: string; prisma: PrismaClient; logger: Logger; listen: boolean }): Waker {
  const listeners: Array<() => void> = [];
  const fire = () => listeners.forEach((l) => l());
  let client: pg.Client | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | undefined;
  let notifyPending = false;

  const connect = async (attempt: number): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url });
    c.on('notification', fire);
    c.on('error', (err) => {
      opts.logger.warn({ err: err.message }, 'wake listener connection lost; reconnecting');
      scheduleReconnect(c, 0);
    });
    c.on('end', () => scheduleReconnect(c, 0));
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      client = c;
      // Anything published while we were away is found by this wake-up, not lost.
      if (attempt > 0) fire();
    } catch (err) {
      opts.logger.warn({ err: (err as Error).message }, 'wake listener could not connect; retrying');
      void c.end().catch(() => {});
      scheduleReconnect(c, attempt + 1);
    }
  };
  const scheduleReconnect = (c: pg.Client, attempt: number) => {
    if (closed || (client !== c && client !== null)) return;
    client = null;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(() => void connect(attempt + 1), Math.min(5000, 100 * 2 ** attempt));
  };
  if (opts.listen) void connect(0);

  return {
    notify() {
      fire();
      // Coalesce bursts: one NOTIFY per tick is enough to wake everyone.
      if (notifyPending) return;
      notifyPending = true;
      queueMicrotask(() => {
        notifyPending = false;
        opts.prisma.$executeRawUnsafe(`NOTIFY ${CHANNEL}`).catch((err: unknown) => {
          opts.logger.warn({ err: (err as Error).message }, 'NOTIFY failed; workers fall back to polling');
        });
      });
    },
    onWake: (l) => void listeners.push(l),
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      const c = client;
      client = null;
      if (c) await c.end().catch(() => {});
    },
  };
}
