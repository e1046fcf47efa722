/**
 * Exponential backoff with jitter, as data: the service worker can stop at any moment, so the
 * state lives in storage (lib/sync/status.ts), never in a variable.
 */
import type { BackoffState } from '../contract';

export const NO_BACKOFF: BackoffState = { failures: 0, nextAttemptAt: 0 };

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/** First retry after ~30 s, doubling up to 30 min: a hub that is down for hours costs a few dozen requests. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 30 * 60_000 };

/**
 * Delay before attempt number `failures + 1`. "Equal jitter": half the exponential step is fixed,
 * half random, so reps whose hub came back at the same moment do not all retry in the same second,
 * yet nobody retries sooner than half the step.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(step / 2 + (step / 2) * random());
}

/** After a failure. A Retry-After from the hub (429) is the hub's own schedule: it replaces our step. */
export function afterFailure(
  state: BackoffState,
  now: number,
  retryAfterMs?: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): BackoffState {
  const failures = state.failures + 1;
  const delay = retryAfterMs !== undefined ? retryAfterMs : backoffDelay(failures, policy, random);
  return { failures, nextAttemptAt: now + delay };
}

export function mayAttempt(state: BackoffState | undefined, now: number): boolean {
  return !state || now >= state.nextAttemptAt;
}
