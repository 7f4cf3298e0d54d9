// Prometheus metrics (prom-client) on a registry owned by the app, not prom-client's global one,
// so that several apps in one process (tests) never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from './generated/prisma/client.ts';
import { queueStats } from './delivery/queue.ts';

export interface Metrics {
  registry: Registry;
  attempts: Counter<'outcome' | 'error_kind'>;
  deliveries: Counter<'status'>;
  attemptDuration: Histogram<'outcome'>;
}

export function createMetrics(prisma: PrismaClient, opts: { defaultMetrics: boolean }): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const attempts = new Counter({
    name: 'hookgate_delivery_attempts_total',
    help: 'Delivery attempts by outcome and error kind',
    labelNames: ['outcome', 'error_kind'] as const,
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'hookgate_deliveries_completed_total',
    help: 'Deliveries that reached a final state, by status',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const attemptDuration = new Histogram({
    name: 'hookgate_delivery_attempt_duration_seconds',
    help: 'Duration of one delivery attempt (request and capped response read)',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15],
    registers: [registry],
  });
  // Queue gauges are read from the database at scrape time: the queue is the Delivery table.
  let stats: Promise<{ depth: number; oldestDueAgeSeconds: number }> | null = null;
  const readStats = () => (stats ??= queueStats(prisma).finally(() => setTimeout(() => (stats = null), 0)));
  new Gauge({
    name: 'hookgate_queue_depth',
    help: 'Deliveries due now and not yet sent',
    registers: [registry],
    async collect() {
      this.set((await readStats()).depth);
    },
  });
  new Gauge({
    name: 'hookgate_queue_oldest_due_age_seconds',
    help: 'Age of the oldest due delivery',
    registers: [registry],
    async collect() {
      this.set((await readStats()).oldestDueAgeSeconds);
    },
  });
  return { registry, attempts, deliveries, attemptDuration };
}
