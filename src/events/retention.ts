// Retention: events older than the configured age go, with their deliveries and attempts
// (ON DELETE CASCADE), in small batches so that pruning never holds long locks or competes with
// delivery. Events with a delivery still pending are kept whatever their age.
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client.ts';

export async function pruneOnce(prisma: PrismaClient, opts: { olderThan: Date; batchSize: number }): Promise<number> {
  return prisma.$executeRaw`
    DELETE FROM "Event" WHERE id IN (
      SELECT e.id FROM "Event" e
       WHERE e."createdAt" < ${opts.olderThan}
         AND NOT EXISTS (SELECT 1 FROM "Delivery" d WHERE d."eventId" = e.id AND d.status = 'PENDING')
       ORDER BY e."createdAt"
       LIMIT ${opts.batchSize}
       FOR UPDATE SKIP LOCKED)`;
}

export interface Pruner {
  /** Runs batches until a short one; returns how many events were removed. */
  run(): Promise<number>;
  stop(): void;
}

export function startPruner(opts: {
  prisma: PrismaClient;
  logger: Logger;
  retentionMs: number;
  intervalMs: number;
  batchSize?: number;
}): Pruner {
  const batchSize = opts.batchSize ?? 500;
  let running: Promise<number> | null = null;
  const run = () =>
    (running ??= (async () => {
      let total = 0;
      for (;;) {
        const n = await pruneOnce(opts.prisma, { olderThan: new Date(Date.now() - opts.retentionMs), batchSize });
        total += n;
        if (n < batchSize) break;
        // Yield between batches so delivery queries interleave.
        await new Promise((r) => setTimeout(r, 10));
      }
      if (total > 0) opts.logger.info({ events: total }, 'pruned old events');
      return total;
    })().finally(() => (running = null)));
  const timer = setInterval(() => {
    run().catch((err: unknown) => opts.logger.warn({ err }, 'pruning failed; will retry'));
  }, opts.intervalMs);
  timer.unref();
  return { run, stop: () => clearInterval(timer) };
}
