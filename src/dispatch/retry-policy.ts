// When to try a failed send again: exponential backoff with full jitter (delay drawn uniformly from
// [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1)))), never sooner than the vendor's Retry-After, at most
// maxAttempts tries in all. Pure: the random source is a parameter.
import type { SendOutcome } from '../send/send-client.ts';

export interface RetryPolicy {
  maxAttempts: number; // tries in all, the first included
  baseDelayMs: number;
  maxDelayMs: number; // cap of the backoff window
  maxRetryAfterMs: number; // a longer Retry-After is shortened to this, so one header cannot park a reply for days
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 2_000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 60 * 60_000,
};

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

type Failure = Extract<SendOutcome, { ok: false }>;

/**
 * After the `attempt`-th try (1-based) failed with `failure`: wait `delayMs` and try again, or give up with
 * the reason to store on the entry. `random` returns a number in [0, 1).
 */
export function nextRetry(
  attempt: number,
  failure: Failure,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { retry: false, reason: failure.reason };
  if (attempt >= policy.maxAttempts) {
    return { retry: false, reason: `gave up after ${attempt} attempts: ${failure.reason}` };
  }
  const jittered = Math.floor(clamp01(random()) * backoffCeiling(attempt, policy));
  const retryAfter =
    failure.retryAfterMs === undefined ? 0 : Math.min(Math.max(0, failure.retryAfterMs), policy.maxRetryAfterMs);
  return { retry: true, delayMs: Math.max(jittered, retryAfter) };
}

/** The upper bound of the jitter window after the `attempt`-th try. */
export function backoffCeiling(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 52);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
}

function clamp01(value: number): number {
  if (!(value >= 0)) return 0; // NaN included
  return value >= 1 ? 1 - Number.EPSILON : value;
}
