// When and how long to wait before trying a request again. Full jitter keeps several clients (and our
// own parallel batches) from retrying in lockstep against a zone that is already struggling.
import type { AutotaskError } from './autotask-error';
import type { RetryOptions } from './types';

export type ResolvedRetry = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetry = {
  maxAttempts: 6,
  maxTotalMs: 120_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/**
 * A JSON 500 whose text we do not recognise may be a passing .NET hiccup ("Object reference not set…")
 * or a rule we have not seen yet; one more try is cheap for a read, more would just burn the budget.
 */
const MAX_ATTEMPTS_FOR_UNKNOWN_500 = 2;

export function resolveRetry(o: RetryOptions | undefined): ResolvedRetry {
  const r = { ...DEFAULT_RETRY, ...stripUndefined(o ?? {}) };
  return {
    maxAttempts: Math.max(1, Math.floor(r.maxAttempts)),
    maxTotalMs: Math.max(0, r.maxTotalMs),
    baseDelayMs: Math.max(0, r.baseDelayMs),
    maxDelayMs: Math.max(0, r.maxDelayMs),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Exponential backoff with full jitter: uniform in [0, min(max, base·2^(n-1))]. */
export function backoffDelay(failedAttempts: number, r: ResolvedRetry, random: () => number): number {
  const ceiling = Math.min(r.maxDelayMs, r.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(random() * ceiling);
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

/**
 * `attempt` is the number of attempts made so far (1 after the first failure); `elapsedMs` is the time
 * since the first attempt started.
 */
export function decideRetry(err: AutotaskError, attempt: number, elapsedMs: number, r: ResolvedRetry, random: () => number): RetryDecision {
  if (!err.retryable) return { retry: false };
  if (attempt >= r.maxAttempts) return { retry: false };
  if (err.kind === 'server' && err.status === 500 && attempt >= MAX_ATTEMPTS_FOR_UNKNOWN_500) return { retry: false };
  const jittered = backoffDelay(attempt, r, random);
  // Retry-After is the server's word: never wait less, even if it exceeds our usual ceiling.
  const delayMs = err.retryAfterMs !== undefined ? Math.max(err.retryAfterMs, jittered) : jittered;
  if (elapsedMs + delayMs > r.maxTotalMs) return { retry: false };
  return { retry: true, delayMs };
}
