import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHEDULE, nextAttemptDelay, parseRetryAfter, parseSchedule } from '../src/delivery/retry.ts';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

describe('parseSchedule', () => {
  it('parses the default schedule', () => {
    expect(parseSchedule('0s,5s,5m,30m,2h,5h')).toEqual([0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H]);
    expect(DEFAULT_SCHEDULE).toEqual([0, 5 * S, 5 * M, 30 * M, 2 * H, 5 * H]);
  });

  it('accepts ms, decimals and whitespace', () => {
    expect(parseSchedule(' 250ms , 1.5s,0 m, 1h ')).toEqual([250, 1500, 0, H]);
    expect(parseSchedule('0s')).toEqual([0]);
  });

  it.each(['', '   ', '0s,,5s', '5', '5x', '-5s', '5 sec', '5S', 'abc', '1e3s', '0s,5s,', 'NaNs', '99999999999999999999h'])(
    'rejects %j',
    (input) => {
      expect(() => parseSchedule(input)).toThrow();
    },
  );
});

describe('nextAttemptDelay', () => {
  const schedule = [0, 5 * S, 5 * M];
  const mid = () => 0.5;

  it('follows the schedule without jitter at the midpoint', () => {
    expect(nextAttemptDelay({ schedule, attemptsMade: 0, retryAfterMs: null, random: mid })).toBe(0);
    expect(nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: null, random: mid })).toBe(5 * S);
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: null, random: mid })).toBe(5 * M);
  });

  it('applies exactly ±20 % jitter at the random extremes', () => {
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: null, random: () => 0 })).toBe(4 * M);
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: null, random: () => 1 })).toBe(6 * M);
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: null, random: () => 1, jitter: 0 })).toBe(5 * M);
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: null, random: () => 0, jitter: 0.5 })).toBe(2.5 * M);
  });

  it('stays within the jitter band for many random values', () => {
    for (let i = 0; i <= 100; i++) {
      const d = nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: null, random: () => i / 100 });
      expect(d).toBeGreaterThanOrEqual(4 * S);
      expect(d).toBeLessThanOrEqual(6 * S);
    }
    // A broken random source cannot push the delay out of the band either.
    expect(nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: null, random: () => 7 })).toBe(6 * S);
  });

  it('returns null once the schedule is exhausted', () => {
    expect(nextAttemptDelay({ schedule, attemptsMade: 3, retryAfterMs: null })).toBeNull();
    expect(nextAttemptDelay({ schedule, attemptsMade: 3, retryAfterMs: 10 * S })).toBeNull();
    expect(nextAttemptDelay({ schedule: DEFAULT_SCHEDULE, attemptsMade: 5, retryAfterMs: null, random: mid })).toBe(5 * H);
    expect(nextAttemptDelay({ schedule: DEFAULT_SCHEDULE, attemptsMade: 6, retryAfterMs: null })).toBeNull();
  });

  it('honours a longer Retry-After', () => {
    expect(nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: 2 * M, random: mid })).toBe(2 * M);
  });

  it('ignores a Retry-After shorter than the schedule', () => {
    expect(nextAttemptDelay({ schedule, attemptsMade: 2, retryAfterMs: 10 * S, random: mid })).toBe(5 * M);
  });

  it('clamps Retry-After to the bounds', () => {
    // Below the minimum: a receiver cannot make us retry sooner than 1 s.
    expect(nextAttemptDelay({ schedule, attemptsMade: 0, retryAfterMs: 0, random: mid })).toBe(S);
    // Above the maximum: capped at 1 h.
    expect(nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: 24 * H, random: mid })).toBe(H);
    expect(nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: Number.POSITIVE_INFINITY, random: mid })).toBe(H);
    // The cap never shortens the schedule itself.
    expect(nextAttemptDelay({ schedule: [0, 5 * H], attemptsMade: 1, retryAfterMs: 24 * H, random: mid })).toBe(5 * H);
    // Custom bounds.
    expect(
      nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: 10 * M, random: mid, maxRetryAfterMs: 2 * M }),
    ).toBe(2 * M);
    expect(
      nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: 1, random: mid, minRetryAfterMs: 30 * S }),
    ).toBe(30 * S);
  });

  it('rejects invalid options', () => {
    expect(() => nextAttemptDelay({ schedule, attemptsMade: -1, retryAfterMs: null })).toThrow(RangeError);
    expect(() => nextAttemptDelay({ schedule, attemptsMade: 1.5, retryAfterMs: null })).toThrow(RangeError);
    expect(() => nextAttemptDelay({ schedule, attemptsMade: 1, retryAfterMs: null, jitter: 2 })).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('parses delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * S);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:02:00 GMT', now)).toBe(2 * M);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now)).toBe(0);
  });

  it('returns null for absent or garbage values', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('2025', now)).toBe(2025 * S);
    expect(parseRetryAfter('1.5', now)).toBeNull();
  });
});
