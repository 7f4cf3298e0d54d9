// The dispatcher loop: claims due deliveries in batches (lease + SKIP LOCKED, loaded in the same
// statement), keeps at most maxInFlight attempts running and a small batch of claimed deliveries
// ready to start the moment a slot frees, sleeps until woken (an event was published), a poll
// timer fires, or the ready batch runs low. stop() stops claiming, hands the ready (never
// attempted) deliveries back at once, lets in-flight attempts finish until a deadline and hands
// the rest back.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Sql } from '../db/sql.ts';
import type { PrismaClient } from '../generated/prisma/client.ts';
import { DeliveryCancelled, type Deliverer } from './deliver.ts';
import { claimForSend, claimSize, releaseLeases, renewLeases, type ClaimedDelivery } from './queue.ts';
import { postpone, takeRateSlot } from './ratelimit.ts';
import { repairLines } from './line.ts';

const LINE_REPAIR_MS = 30_000;

export interface DispatcherOptions {
  prisma: PrismaClient;
  /** The claim runs as a raw statement (db/sql.ts). */
  sql: Sql;
  deliverer: Deliverer;
  logger: Logger;
  maxInFlight: number;
  claimBatch: number;
  leaseMs: number;
  pollMs: number;
}

export class Dispatcher {
  readonly workerId = `worker-${randomUUID()}`;
  readonly #o: DispatcherOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  /** Claimed (leased) and loaded, not started yet: at most #prefetch of them. */
  #ready: ClaimedDelivery[] = [];
  #running = false;
  #loop: Promise<void> | null = null;
  #signalled = false;
  #wakeUp: (() => void) | null = null;
  #wakeTimer: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #repair: NodeJS.Timeout | undefined;
  #wakeTimerAt = 0;
  /**
   * Claimed deliveries kept ready beyond the running ones, and the batch size that is worth a
   * claim: claiming (and loading) one delivery per freed slot would cost a query per delivery, and
   * a slot that waits for the claim query leaves its receiver idle. As large as the in-flight
   * limit (at most HOOKGATE_CLAIM_BATCH): claims of a whole window cost about 15 % less CPU per
   * delivery than claims of half a window, on both sides, and deliver 10-18 % more per second
   * (BENCHMARKS.md, issue 10 session 6), although a slot may now wait for a claim: the attempts
   * of one claim also finish close together and their records share fewer, larger statements.
   */
  readonly #prefetch: number;

  constructor(opts: DispatcherOptions) {
    this.#o = opts;
    this.#prefetch = Math.max(1, Math.min(opts.claimBatch, opts.maxInFlight));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
    // A slow receiver must not let the lease run out under a live worker: that would let another
    // worker (or this one) send the same delivery again.
    this.#heartbeat = setInterval(() => {
      const held = [...this.#inFlight.keys(), ...this.#ready.map((r) => r.id)];
      renewLeases(this.#o.prisma, this.workerId, held, this.#o.leaseMs).catch((err: unknown) =>
        this.#o.logger.warn({ err }, 'renewing leases failed; they may expire'),
      );
    }, Math.max(50, Math.floor(this.#o.leaseMs / 3)));
    this.#heartbeat.unref();
    // Safety net for FIFO lines (line.ts repairLines): finds nothing unless something went wrong,
    // and costs one small query (nothing at all without FIFO webhooks: DeliveryLine is empty).
    this.#repair = setInterval(() => {
      repairLines(this.#o.prisma)
        .then((moved) => {
          if (moved > 0) {
            this.#o.logger.warn({ lines: moved }, 'moved FIFO lines whose head had ended');
            this.wake();
          }
        })
        .catch((err: unknown) => this.#o.logger.warn({ err }, 'checking FIFO lines failed'));
    }, LINE_REPAIR_MS);
    this.#repair.unref();
  }

  /** New deliveries exist: claim now instead of at the next poll. Cheap and coalesced. */
  wake(): void {
    this.#signalled = true;
    this.#wakeUp?.();
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  async stop(deadlineMs = 10_000): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    clearTimeout(this.#wakeTimer);
    this.wake();
    await this.#loop;
    // Never attempted: another worker may take them right away.
    const ready = this.#ready.map((r) => r.id);
    this.#ready = [];
    if (ready.length > 0) await releaseLeases(this.#o.prisma, this.workerId, ready).catch(() => {});
    const pending = [...this.#inFlight.values()];
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(pending), new Promise((r) => (timer = setTimeout(r, deadlineMs)))]);
    clearTimeout(timer);
    clearInterval(this.#heartbeat);
    clearInterval(this.#repair);
    // Attempts still running past the deadline: release their leases so another worker takes
    // them now; if this attempt completes anyway, the receiver sees the same webhook-id twice.
    const left = [...this.#inFlight.keys()];
    if (left.length > 0) {
      await releaseLeases(this.#o.prisma, this.workerId, left);
      this.#o.logger.warn({ released: left.length }, 'released unfinished deliveries at shutdown');
    }
  }

  /** Room for claimed deliveries: free slots plus the ready batch's free places. */
  #room(): number {
    return this.#o.maxInFlight + this.#prefetch - this.#inFlight.size - this.#ready.length;
  }

  /** Starts ready deliveries while slots are free. */
  #pump(): void {
    while (this.#running && this.#ready.length > 0 && this.#inFlight.size < this.#o.maxInFlight) {
      const row = this.#ready.shift()!;
      this.#track(row.id, this.#attempt(row));
    }
  }

  async #run(): Promise<void> {
    const { prisma, logger, claimBatch, leaseMs, pollMs } = this.#o;
    while (this.#running) {
      this.#signalled = false;
      this.#pump();
      const room = this.#room();
      let claimedFull = false;
      // Claim when a batch's worth of room is free, or anything at all when idle slots wait.
      if (room >= this.#prefetch || (room > 0 && this.#ready.length === 0 && this.#inFlight.size < this.#o.maxInFlight)) {
        try {
          const limit = claimSize(Math.min(room, claimBatch));
          const rows = await claimForSend(this.#o.sql, { workerId: this.workerId, limit, leaseMs });
          if (!this.#running) {
            if (rows.length > 0) await releaseLeases(prisma, this.workerId, rows.map((r) => r.id)).catch(() => {});
            break;
          }
          this.#ready.push(...(await this.#deferRateLimited(rows)));
          this.#pump();
          claimedFull = rows.length === limit;
        } catch (err) {
          logger.error({ err }, 'claiming deliveries failed; retrying after the poll interval');
        }
      }
      if (!this.#running) break;
      // More may be due right away when the batch came back full and there is room.
      if (claimedFull && this.#room() >= this.#prefetch) continue;
      if (this.#signalled) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.#wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wakeUp = null;
    }
  }

  async #attempt(row: ClaimedDelivery): Promise<void> {
    try {
      if (row.webhook.rateLimitPerSecond && row.webhook.isActive && !row.webhook.deletedAt) {
        const slot = await takeRateSlot(this.#o.prisma, row.webhookId);
        if (!slot.allowed) {
          await postpone(this.#o.prisma, [row.id], this.workerId, new Date(Date.now() + slot.waitMs));
          this.#wakeAt(slot.waitMs);
          return;
        }
      }
      const attempt = await this.#o.deliverer.attempt(row, this.workerId, row.manual ? 'MANUAL' : 'SCHEDULED');
      if (attempt.nextAttemptAt) this.#wakeAt(Date.parse(attempt.nextAttemptAt) - Date.now());
      // The end of a FIFO line's head made the next delivery of the line due: claim it now rather
      // than at the next poll (a line moves one round trip per delivery, not one poll).
      else if (row.lineSeq !== null) this.wake();
    } catch (err) {
      if (!(err instanceof DeliveryCancelled)) {
        // The lease expires and the delivery is attempted again: nothing is lost.
        this.#o.logger.error({ err, deliveryId: row.id }, 'delivery attempt could not be recorded');
      }
    }
  }

  /**
   * At most one delivery per rate-limited webhook goes on from a claimed batch: the others could
   * not get a slot anyway, and asking for one each would cost two queries per delivery while
   * other webhooks' deliveries wait behind them. They are put back in one statement.
   */
  async #deferRateLimited(rows: ClaimedDelivery[]): Promise<ClaimedDelivery[]> {
    const seen = new Set<string>();
    const keep: ClaimedDelivery[] = [];
    const deferred: string[] = [];
    let interval = Infinity;
    for (const row of rows) {
      const rate = row.webhook.rateLimitPerSecond;
      if (!rate || !seen.has(row.webhookId)) {
        if (rate) seen.add(row.webhookId);
        keep.push(row);
      } else {
        deferred.push(row.id);
        interval = Math.min(interval, 1000 / rate);
      }
    }
    if (deferred.length > 0) {
      await postpone(this.#o.prisma, deferred, this.workerId, new Date(Date.now() + interval));
      this.#wakeAt(interval);
    }
    return keep;
  }

  /** Postponed deliveries are due again soon: claim then rather than at the next poll. */
  #wakeAt(ms: number): void {
    if (ms >= this.#o.pollMs) return;
    const at = Date.now() + ms;
    if (this.#wakeTimer && this.#wakeTimerAt <= at) return;
    clearTimeout(this.#wakeTimer);
    this.#wakeTimerAt = at;
    this.#wakeTimer = setTimeout(() => {
      this.#wakeTimer = undefined;
      this.wake();
    }, ms);
  }

  #track(id: string, p: Promise<void>): void {
    this.#inFlight.set(id, p);
    void p.finally(() => {
      this.#inFlight.delete(id);
      this.#pump();
      // The ready batch ran low: claim the next one.
      if (this.#room() === this.#prefetch) this.wake();
    });
  }
}
