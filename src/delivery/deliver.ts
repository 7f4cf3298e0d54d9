// One attempt of one delivery, end to end: build and sign the request, fetch an OAuth token when
// the webhook has a credential, send with the outbound safety rules, decide the next state,
// record the attempt with that state, publish it live. Used by the dispatcher loop (scheduled and
// manual attempts) and by sendTestWebhook (test attempts, inline in the API).
import type { Logger } from 'pino';
import type { Sql } from '../db/sql.ts';
import type { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import type { Metrics } from '../metrics.ts';
import type { Counter, Histogram } from 'prom-client';
import type { AttemptBus, AttemptMessage } from '../pubsub/index.ts';
import type { SecretBox } from '../webhooks/crypto.ts';
import { OAuthError, OAuthTokenCache } from './oauth.ts';
import { AttemptWriter, cancelPendingFor, endsLineHead, recordAttempt, type AttemptRecord, type ClaimedDelivery, type NextState } from './queue.ts';
import { buildRequest, type BuiltRequest } from './request.ts';
import { nextAttemptDelay } from './retry.ts';
import type { OutboundClient, SendResult } from './send.ts';
import { TemplateError } from './template.ts';
import { disableWebhook, isOperational, markFailing, markRecovered, publishExhausted } from '../events/operational.ts';

export interface DelivererDeps {
  prisma: PrismaClient;
  /** The hot path's raw statements (grouped attempt writes). */
  sql: Sql;
  box: SecretBox;
  outbound: OutboundClient;
  bus: AttemptBus;
  metrics: Metrics;
  logger: Logger;
  /** Global retry schedule in ms; a webhook's own retrySchedule overrides it. */
  schedule: readonly number[];
  /** A webhook failing continuously for this long is disabled. */
  disableAfterMs: number;
  /** Called after commit when operational events queued deliveries (wakes dispatchers). */
  onDeliveriesCreated?: (count: number) => void;
}

export type Trigger = 'SCHEDULED' | 'MANUAL' | 'TEST';

/**
 * What a retry can fix (DESIGN.md section 4): 429, 408 and 5xx answers, timeouts, connection,
 * TLS and DNS failures, and a token endpoint that failed. Everything else fails the delivery at
 * once: a 3xx (redirects are never followed), other 4xx, a refused address, a URL or template
 * that cannot be built.
 */
function isRetryable(r: SendResult): boolean {
  if (r.errorKind === 'HTTP_STATUS') return r.status === 408 || r.status === 429 || (r.status !== null && r.status >= 500);
  return r.errorKind === 'TIMEOUT' || r.errorKind === 'CONNECTION' || r.errorKind === 'TLS' || r.errorKind === 'DNS' || r.errorKind === 'OAUTH';
}

/** Decrypted secrets kept at most (then the cache starts over). */
const SECRET_CACHE_MAX = 10_000;

export class Deliverer {
  readonly #deps: DelivererDeps;
  readonly #tokens: OAuthTokenCache;
  readonly #writer: AttemptWriter;
  // Ciphertext -> plaintext. Every stored secret version has its own ciphertext (random nonce), so
  // a rotation or a new credential secret is a new key here; decrypting AES-GCM once per version
  // instead of once per attempt.
  readonly #plain = new Map<string, string>();

  // Labelled children bound once: prom-client's labels -> child lookup (hashing the label object
  // into a key) per attempt showed in the dispatch profile.
  readonly #attemptCounters = new Map<string, Counter.Internal>();
  readonly #durationOk: Histogram.Internal<'outcome'>;
  readonly #durationFailed: Histogram.Internal<'outcome'>;
  readonly #succeeded: Counter.Internal;
  readonly #failed: Counter.Internal;
  readonly #cancelled: Counter.Internal;

  constructor(deps: DelivererDeps) {
    this.#deps = deps;
    this.#durationOk = deps.metrics.attemptDuration.labels({ outcome: 'SUCCEEDED' });
    this.#durationFailed = deps.metrics.attemptDuration.labels({ outcome: 'FAILED' });
    this.#succeeded = deps.metrics.deliveries.labels({ status: 'SUCCEEDED' });
    this.#failed = deps.metrics.deliveries.labels({ status: 'FAILED' });
    this.#cancelled = deps.metrics.deliveries.labels({ status: 'CANCELLED' });
    this.#writer = new AttemptWriter(deps.sql);
    this.#tokens = new OAuthTokenCache({
      // Token requests obey the same outbound safety rules as deliveries.
      post: async (url, headers, body) => {
        const r = await deps.outbound.send({ url, headers, body });
        return { status: r.status, body: r.responseBody, errorMessage: r.errorMessage };
      },
    });
  }

  /**
   * Makes one attempt. `workerId` is the lease holder (null for inline test attempts, which
   * hold no lease). Never throws for delivery outcomes; throws only on database failure, in
   * which case the lease expires and the delivery is attempted again.
   */
  async attempt(d: ClaimedDelivery, workerId: string | null, trigger: Trigger): Promise<AttemptMessage> {
    const { prisma, metrics } = this.#deps;
    const startedAt = new Date();
    const webhook = d.webhook;

    if (webhook.deletedAt || !webhook.isActive) {
      // Deleting or disabling stops pending retries; a claim that raced with it ends here.
      const reason = webhook.deletedAt ? 'Webhook deleted' : `Webhook disabled: ${webhook.disabledReason ?? 'by the user'}`;
      // A FIFO line ends as a whole (its parked deliveries would otherwise wait for a head that
      // never comes).
      if (d.lineSeq !== null) await cancelPendingFor(prisma, webhook.id, reason);
      else {
        await prisma.delivery.updateMany({
          where: { id: d.id, status: 'PENDING' },
          data: { status: 'CANCELLED', nextAttemptAt: null, completedAt: startedAt, lastError: reason, leaseUntil: null, leasedBy: null },
        });
      }
      metrics.deliveries.inc({ status: 'CANCELLED' });
      throw new DeliveryCancelled(reason);
    }

    const { result, request } = await this.#send(d, startedAt);
    const outcome = result.ok ? 'SUCCEEDED' : 'FAILED';
    const record: AttemptRecord = {
      number: d.attemptCount + 1,
      trigger,
      outcome,
      url: request?.url ?? d.url,
      startedAt,
      durationMs: Math.round(result.durationMs),
      requestHeaders: request?.redactedHeaders ?? {},
      responseStatus: result.status,
      responseHeaders: result.status === null ? null : result.responseHeaders,
      responseBody: result.status === null ? null : result.responseBody,
      errorKind: result.errorKind,
      errorMessage: result.errorMessage,
    };
    const { next, webhookUpdate, change } = this.#decide(d, record, result, trigger);
    // An exhausted delivery is reported, except a test send's and one of an operational event
    // (whose failure reported again would make two webhooks watching each other ping-pong).
    const exhausted = next.kind === 'failed' && trigger !== 'TEST' && !isOperational(d.event.type);
    // The common case (no webhook change, nothing to report: every success of a webhook that is
    // not failing) is written with other attempts in one statement; both paths commit the attempt
    // and the delivery's next state atomically before going on. The end of a FIFO line's head
    // takes the transaction: it moves the line on (queue.ts, line.ts).
    let queued = 0;
    const fast = webhookUpdate === null && change === null && !exhausted;
    const row =
      fast && !endsLineHead(d, next)
        ? await this.#writer.record(d, workerId, record, next)
        : fast
          ? await this.#writer.endOfHead(d, workerId, record, next)
          : await recordAttempt(prisma, d, workerId, record, next, webhookUpdate, async (tx, applied) => {
            queued = await this.#report(tx, d, record, next, change, exhausted && applied);
          });
    if (queued > 0) this.#deps.onDeliveriesCreated?.(queued);
    // Disabling stops pending retries (also when another attempt disabled it first). After the
    // commit, as before: in the transaction, two attempts disabling the same webhook would each
    // hold their own delivery row and wait for the other's (a deadlock on PostgreSQL).
    if (change?.kind === 'disable') await cancelPendingFor(prisma, webhook.id, change.reason);

    this.#counted(outcome, result.errorKind).inc();
    (outcome === 'SUCCEEDED' ? this.#durationOk : this.#durationFailed).observe(result.durationMs / 1000);
    if (next.kind !== 'retry') (next.kind === 'succeeded' ? this.#succeeded : next.kind === 'failed' ? this.#failed : this.#cancelled).inc();

    // Every property written out rather than spread from `record`: a spread followed by ten more
    // properties made a dictionary-mode object, about 6 KB of garbage per attempt.
    const message: AttemptMessage = {
      id: row.id,
      tenantId: d.tenantId,
      applicationId: webhook.applicationId,
      deliveryId: d.id,
      webhookId: d.webhookId,
      eventId: d.eventId,
      number: record.number,
      trigger: record.trigger,
      outcome: record.outcome,
      url: record.url,
      startedAt: startedAt.toISOString(),
      durationMs: record.durationMs,
      requestHeaders: record.requestHeaders,
      responseStatus: record.responseStatus,
      responseHeaders: record.responseHeaders,
      responseBody: record.responseBody,
      errorKind: record.errorKind,
      errorMessage: record.errorMessage,
      createdAt: row.createdAt.toISOString(),
      deliveryStatus: next.kind === 'succeeded' ? 'SUCCEEDED' : next.kind === 'retry' ? 'PENDING' : next.kind === 'failed' ? 'FAILED' : 'CANCELLED',
      nextAttemptAt: next.kind === 'retry' ? next.at.toISOString() : null,
    };
    this.#deps.bus.publish(message);
    // The guard saves building the fields object per attempt when debug is off (the default).
    if (this.#deps.logger.isLevelEnabled('debug')) {
      this.#deps.logger.debug({ deliveryId: d.id, attempt: record.number, outcome, status: result.status, errorKind: result.errorKind }, 'delivery attempt');
    }
    return message;
  }

  async #send(d: ClaimedDelivery, now: Date): Promise<{ result: SendResult; request: BuiltRequest | null }> {
    const { box, outbound } = this.#deps;
    const secrets = d.webhook.secrets.map((s) => this.#decrypt(box, s.encrypted));
    const cred = d.webhook.oauthCredential
      ? { ...d.webhook.oauthCredential, clientSecret: this.#decrypt(box, d.webhook.oauthCredential.clientSecretEncrypted) }
      : null;
    let request: BuiltRequest | null = null;
    try {
      const token = cred ? await this.#tokens.getToken(cred) : null;
      request = buildRequest(d, secrets, { now, bearerToken: token });
      let result = await outbound.send(request);
      if (cred && token && result.status === 401) {
        // The receiver may have revoked the cached token early: refresh once and resend.
        this.#tokens.invalidate(cred.id, token);
        request = buildRequest(d, secrets, { now: new Date(), bearerToken: await this.#tokens.getToken(cred) });
        result = await outbound.send(request);
      }
      return { result, request };
    } catch (err) {
      if (err instanceof OAuthError) return { result: failure('OAUTH', err.message, now), request };
      if (err instanceof TemplateError) return { result: failure('TEMPLATE', err.message, now), request };
      throw err;
    }
  }

  #counted(outcome: 'SUCCEEDED' | 'FAILED', errorKind: string | null): Counter.Internal {
    const key = `${outcome} ${errorKind ?? 'NONE'}`;
    let child = this.#attemptCounters.get(key);
    if (!child) {
      child = this.#deps.metrics.attempts.labels({ outcome, error_kind: errorKind ?? 'NONE' });
      this.#attemptCounters.set(key, child);
    }
    return child;
  }

  #decrypt(box: SecretBox, encrypted: string): string {
    let plain = this.#plain.get(encrypted);
    if (plain === undefined) {
      plain = box.decrypt(encrypted);
      if (this.#plain.size >= SECRET_CACHE_MAX) this.#plain.clear();
      this.#plain.set(encrypted, plain);
    }
    return plain;
  }

  /**
   * The webhook's state change and the operational events of one attempt, in its transaction
   * (operational.ts: each change is conditional, so concurrent attempts publish it once).
   * Returns the deliveries the events queued.
   */
  async #report(
    tx: Prisma.TransactionClient,
    d: ClaimedDelivery,
    record: AttemptRecord,
    next: NextState,
    change: WebhookChange | null,
    exhausted: boolean,
  ): Promise<number> {
    const at = record.startedAt;
    let queued = 0;
    if (change?.kind === 'recovered') queued += await markRecovered(tx, d.webhookId, at);
    if (change?.kind === 'failing') {
      queued += await markFailing(tx, d.webhookId, at, {
        deliveryId: d.id,
        eventId: d.eventId,
        url: record.url,
        responseStatus: record.responseStatus,
        errorKind: record.errorKind,
      });
    }
    if (exhausted && next.kind === 'failed') {
      queued += await publishExhausted(
        tx,
        d.webhook,
        { id: d.id, url: d.url, attemptCount: record.number, lastError: next.reason },
        { id: d.eventId, type: d.event.type },
      );
    }
    if (change?.kind === 'disable') queued += (await disableWebhook(tx, d.webhookId, { cause: change.cause, reason: change.reason, at })).queued;
    return queued;
  }

  #decide(
    d: ClaimedDelivery,
    record: AttemptRecord,
    result: SendResult,
    trigger: Trigger,
  ): { next: NextState; webhookUpdate: Prisma.WebhookUpdateManyMutationInput | null; change: WebhookChange | null } {
    const now = record.startedAt;
    const webhook = d.webhook;
    if (trigger === 'TEST') {
      // Test sends report the outcome on the webhook and never retry, count as failing or
      // recovering, or count toward auto-disable.
      const webhookUpdate = { lastTestAt: now, lastTestStatus: result.ok ? 'SUCCEEDED' : 'FAILED' } as const;
      return { next: result.ok ? { kind: 'succeeded' } : { kind: 'failed', reason: describe(result) }, webhookUpdate, change: null };
    }
    // failingSince is the claim's snapshot: a stale one costs at most a conditional UPDATE that
    // matches nothing (markFailing / markRecovered decide on the row itself).
    if (result.ok) return { next: { kind: 'succeeded' }, webhookUpdate: null, change: webhook.failingSince ? { kind: 'recovered' } : null };

    if (result.status === 410) {
      const reason = `Endpoint ${record.url} answered 410 Gone at ${now.toISOString()}`;
      return { next: { kind: 'failed', reason }, webhookUpdate: null, change: { kind: 'disable', cause: 'GONE', reason } };
    }
    if (webhook.failingSince && now.getTime() - webhook.failingSince.getTime() >= this.#deps.disableAfterMs) {
      const reason = `Deliveries failed continuously since ${webhook.failingSince.toISOString()}`;
      return { next: { kind: 'failed', reason: describe(result) }, webhookUpdate: null, change: { kind: 'disable', cause: 'FAILING', reason } };
    }
    const change: WebhookChange | null = webhook.failingSince ? null : { kind: 'failing' };
    if (d.manual || !isRetryable(result)) return { next: { kind: 'failed', reason: describe(result) }, webhookUpdate: null, change };
    const schedule = webhook.retrySchedule.length > 0 ? webhook.retrySchedule : this.#deps.schedule;
    const delay = nextAttemptDelay({ schedule, attemptsMade: record.number, retryAfterMs: result.retryAfterMs });
    if (delay === null) return { next: { kind: 'failed', reason: `Gave up after ${record.number} attempts: ${describe(result)}` }, webhookUpdate: null, change };
    return { next: { kind: 'retry', at: new Date(Date.now() + delay) }, webhookUpdate: null, change };
  }

  async close(): Promise<void> {
    await this.#deps.outbound.close();
  }
}

/** What an attempt changes on its webhook (each change publishes an operational event). */
type WebhookChange = { kind: 'failing' } | { kind: 'recovered' } | { kind: 'disable'; cause: 'GONE' | 'FAILING'; reason: string };

export class DeliveryCancelled extends Error {
  override name = 'DeliveryCancelled';
}

function failure(kind: 'OAUTH' | 'TEMPLATE', message: string, startedAt: Date): SendResult {
  return {
    ok: false,
    status: null,
    responseHeaders: {},
    responseBody: '',
    durationMs: Date.now() - startedAt.getTime(),
    errorKind: kind,
    errorMessage: message,
    retryAfterMs: null,
  };
}

function describe(r: SendResult): string {
  return r.errorKind === 'HTTP_STATUS' ? `HTTP ${r.status}` : `${r.errorKind}: ${r.errorMessage ?? ''}`;
}
