// The retry policy shared by every HTTP backend. We do not use undici's RetryAgent: it caps
// Retry-After at maxTimeout and adds no jitter.

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Backoff base and cap for full jitter: uniform(0, min(cap, base·2^n)). */
  baseMs: number;
  capMs: number;
  /** Nothing is retried past this many milliseconds after the first attempt. */
  deadlineMs: number;
  /** Margin added to Retry-After, so a retry never lands just before the limit resets. */
  retryAfterMarginMs: number;
  /**
   * 429s are counted apart: the request was not processed and the server said when to come back, so
   * waiting as told is bounded by the deadline and this cap rather than by maxAttempts.
   */
  maxRateLimitRetries: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 200,
  capMs: 10_000,
  deadlineMs: 90_000,
  retryAfterMarginMs: 250,
  maxRateLimitRetries: 20,
};

/** Full jitter backoff for attempt n (1 = the first retry). */
export function backoffMs(policy: RetryPolicy, n: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (n - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Returns milliseconds to
 * wait, or null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  if (/^-/.test(v)) return null;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

/**
 * Rate-limit headers that say "no requests left until ...": Zendesk `ratelimit-reset` (seconds),
 * Freshdesk/JSM `X-RateLimit-Remaining` with `X-RateLimit-Reset` (ISO date or epoch seconds).
 * Returns milliseconds to wait before the next request, or 0.
 */
export function rateLimitPause(headers: Record<string, string>, now: Date): number {
  const remaining =
    headers['x-rate-limit-remaining'] ?? headers['x-ratelimit-remaining'] ?? headers['ratelimit-remaining'];
  if (remaining === undefined || Number(remaining) > 0) return 0;
  const reset = headers['ratelimit-reset'] ?? headers['x-ratelimit-reset'];
  if (!reset) return 0;
  if (/^\d+$/.test(reset)) {
    const n = Number(reset);
    // Large numbers are epoch seconds, small ones a delay.
    return n > 1e9 ? Math.max(0, n * 1000 - now.getTime()) : n * 1000;
  }
  const at = Date.parse(reset);
  return Number.isNaN(at) ? 0 : Math.max(0, at - now.getTime());
}

/**
 * Statuses worth another try. 429 means "not processed" (the server refused before doing anything),
 * so it is retried whatever the method. 503 and the other 5xx may come after the work was done
 * (a proxy timing out on a slow backend), so only idempotent requests (GET/PUT/DELETE, or a POST that
 * carries an Idempotency-Key) are retried on them.
 */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  if (status === 429) return true;
  if (!idempotent) return false;
  return status === 503 || status === 408 || status === 500 || status === 502 || status === 504;
}

/**
 * How long to wait before the next attempt: Retry-After and an exhausted rate limit are minimums
 * (plus the margin); only when neither is given, capped exponential backoff with full jitter.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  headers: Record<string, string>,
  now: Date,
  random: () => number = Math.random,
): { delay: number; fromServer: boolean } {
  const ra = parseRetryAfter(headers['retry-after'], now);
  const rl = rateLimitPause(headers, now);
  if (ra !== null || rl > 0) {
    return { delay: Math.max(ra ?? 0, rl) + policy.retryAfterMarginMs, fromServer: true };
  }
  return { delay: backoffMs(policy, attempt, random), fromServer: false };
}

const RETRYABLE_ERRORS = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ENOTFOUND',
  'ENETDOWN',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EHOSTUNREACH',
  'EPIPE',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Network errors. Whether the request may be re-sent depends on idempotency, decided by the caller. */
export function isNetworkError(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: string }).code;
    if (code && RETRYABLE_ERRORS.has(code)) return true;
    if ((cur as Error).name === 'TimeoutError') return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

/** Before the request was written, nothing can have been processed: safe even for a POST. */
export function failedBeforeSending(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: string }).code;
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT')
      return true;
    cur = (cur as { cause?: unknown }).cause;
  }
  return false;
}

export function errorCode(e: unknown): string {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur; i++) {
    const code = (cur as { code?: string }).code;
    if (code) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return (e as Error)?.name ?? 'Error';
}
