// Retry policy: when the next delivery attempt happens, given how many were made and what the
// receiver asked for.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 } as const;
const ENTRY_RE = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)$/;

/**
 * Parses a comma-separated delay list such as `"0s,5s,5m,30m,2h,5h"` into milliseconds. Entry i is
 * the delay before attempt i+1, so the first entry (normally 0) delays the initial attempt and the
 * list length is the total number of attempts. Units are case-sensitive (`m` is minutes; there is no
 * month) and a bare number is rejected because its unit would be a guess.
 */
export function parseSchedule(s: string): number[] {
  if (s.trim() === '') throw new Error('retry schedule is empty');
  return s.split(',').map((raw, i) => {
    const entry = raw.trim();
    const m = ENTRY_RE.exec(entry);
    if (m === null) {
      throw new Error(`retry schedule entry ${i + 1} must be a number followed by ms, s, m or h (e.g. 0s,5s,5m,30m,2h)`);
    }
    const ms = Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
    if (!Number.isSafeInteger(ms)) throw new Error(`retry schedule entry ${i + 1} is too large`);
    return ms;
  });
}

/** The inverse of parseSchedule, in the largest unit that keeps each entry exact. */
export function formatSchedule(ms: readonly number[]): string {
  return ms
    .map((v) => {
      for (const unit of ['h', 'm', 's'] as const) if (v !== 0 && v % UNIT_MS[unit] === 0) return `${v / UNIT_MS[unit]}${unit}`;
      return v === 0 ? '0s' : `${v}ms`;
    })
    .join(',');
}

export const DEFAULT_SCHEDULE_SPEC = '0s,5s,5m,30m,2h,5h';

/** Immediately, then 5 s, 5 min, 30 min, 2 h, 5 h: 6 attempts, i.e. 5 retries. */
export const DEFAULT_SCHEDULE: readonly number[] = Object.freeze(parseSchedule(DEFAULT_SCHEDULE_SPEC));

export type NextAttemptOptions = {
  schedule: readonly number[];
  /** Attempts already made for this delivery (0 before the first one). */
  attemptsMade: number;
  /** Delay requested by the receiver's last response (Retry-After), if any. */
  retryAfterMs: number | null;
  /** Fraction by which a scheduled delay is randomly stretched or shrunk; default 0.2 (±20 %). */
  jitter?: number;
  /** Returns a number in [0, 1]; injectable for deterministic tests. Default Math.random. */
  random?: () => number;
  /** Bounds applied to Retry-After before it is honoured; defaults 1 s and 1 h. */
  minRetryAfterMs?: number;
  maxRetryAfterMs?: number;
};

/**
 * Milliseconds until the next attempt, or null when the schedule is exhausted.
 *
 * Jitter spreads retries of many deliveries that failed together (e.g. during a receiver outage) so
 * they do not all return at the same instant. A Retry-After can only lengthen the wait: it is clamped
 * first, so a receiver cannot hold a delivery for days nor make us retry faster than the schedule.
 */
export function nextAttemptDelay(opts: NextAttemptOptions): number | null {
  const jitter = opts.jitter ?? 0.2;
  const random = opts.random ?? Math.random;
  const minRetryAfter = opts.minRetryAfterMs ?? 1_000;
  const maxRetryAfter = opts.maxRetryAfterMs ?? 3_600_000;
  if (!Number.isInteger(opts.attemptsMade) || opts.attemptsMade < 0) {
    throw new RangeError(`attemptsMade must be a non-negative integer, got ${opts.attemptsMade}`);
  }
  if (!(jitter >= 0 && jitter <= 1)) throw new RangeError(`jitter must be within [0, 1], got ${jitter}`);
  if (!(minRetryAfter >= 0 && minRetryAfter <= maxRetryAfter)) {
    throw new RangeError('minRetryAfterMs must be non-negative and not above maxRetryAfterMs');
  }

  const scheduled = opts.schedule[opts.attemptsMade];
  if (scheduled === undefined) return null;

  // Clamp the random number too: a misbehaving injected source must not exceed the ±jitter band.
  const r = Math.min(1, Math.max(0, random()));
  let delay = Math.round(scheduled * (1 + jitter * (2 * r - 1)));

  const retryAfter = opts.retryAfterMs;
  if (retryAfter !== null && !Number.isNaN(retryAfter)) {
    delay = Math.max(delay, Math.min(maxRetryAfter, Math.max(minRetryAfter, Math.round(retryAfter))));
  }
  return delay;
}

/**
 * Parses a Retry-After header value (delta-seconds or an HTTP-date, RFC 9110 §10.2.3) into
 * milliseconds from `nowMs`; null when absent or unparseable. Dates in the past give 0.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number.MAX_SAFE_INTEGER, Number(v) * 1000);
  // Only accept something that looks like a date; Date.parse is lenient about plain numbers and words.
  if (!/^[A-Za-z]{3},? /.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
