// One HTTP policy over a transport function. Retries (only where safe), redirects (reads only, no
// credentials to another origin, no https→http), the shared 429 / rate-limit pause, a total
// deadline per request (retries and slow bodies included), Ctrl-C, response size bounds per
// request kind and the --debug trace with secrets masked are written here once. A transport only
// sends one attempt and reads its body within the signal and the byte bound it is given: undici
// (client.ts) and node:http (node-transport.ts, RT's start-up-light path). No undici import here.

import { ConfigError, ExitCode, RateLimitedError, TicketError, UnavailableError } from '../errors.js';
import { msg, type Msg } from '../i18n/msg.js';
import { VERSION } from '../version.js';
import {
  DEFAULT_RETRY,
  backoffMs,
  errorCode,
  failedBeforeSending,
  isNetworkError,
  isRetryableStatus,
  rateLimitPause,
  retryDelayMs,
  type RetryPolicy,
} from './retry.js';
import { buildUrl, type Query } from './url.js';
import { CREDENTIAL_HEADER, traceHeader, traceUrl } from './trace.js';

export { CREDENTIAL_HEADER, traceHeader, traceUrl };

export type { Query };

/** What a request is for; each kind has its own bound on the size of the answer. */
export type RequestKind = 'api' | 'probe' | 'download';

/** Bytes an answer may have, per kind. Over it, the request fails with exit 5 and says so. */
export const MAX_RESPONSE_BYTES: Record<RequestKind, number> = {
  api: 32 * 1024 * 1024,
  probe: 1024 * 1024,
  download: 512 * 1024 * 1024,
};

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** Relative to the base URL, or an absolute URL on the same origin (hypermedia links). */
  path: string;
  query?: Query;
  headers?: Record<string, string>;
  json?: unknown;
  /** A string, bytes, or a FormData (undici's or the global one). */
  body?: unknown;
  /**
   * May this request be sent twice? Defaults to true for GET/HEAD/PUT/DELETE. A POST is retried only
   * when it never left (connection refused) or was refused with 429, unless marked idempotent
   * (e.g. it carries an Idempotency-Key).
   */
  idempotent?: boolean;
  /** Skip automatic auth (for probes of public endpoints). */
  noAuth?: boolean;
  /** Per-attempt timeout (headers and the whole body), in milliseconds. */
  timeoutMs?: number;
  /** Bounds the size of the answer (default: api). */
  kind?: RequestKind;
  maxBytes?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  text(): string;
  json<T = unknown>(): T;
}

/** One attempt, as a transport sees it: everything decided, credentials already filtered. */
export interface TransportRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: unknown;
  /** Aborted at the attempt's deadline or on Ctrl-C: the transport stops sending and reading. */
  signal: AbortSignal;
  timeoutMs: number;
  /** Stop reading past this many bytes and throw ResponseTooLarge. */
  maxBytes: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

/** Thrown by a transport when the answer exceeds maxBytes. */
export class ResponseTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`response larger than ${limit} bytes`);
    this.name = 'ResponseTooLarge';
  }
}

export interface HttpClientOptions {
  baseUrl: string;
  /** undici Dispatcher (undici transport only; a MockAgent in tests). */
  dispatcher?: unknown;
  /** Headers that authenticate a request (Authorization, Cookie). Called per attempt, same origin only. */
  auth?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Timeout of one attempt (headers and the whole body, however slowly it trickles), in ms. */
  timeoutMs?: number;
  /** TCP/TLS connect timeout of the client's own agent (ignored when a dispatcher is given). */
  connectTimeoutMs?: number;
  /** retry.deadlineMs is the total deadline of a request, every attempt and wait included. */
  retry?: Partial<RetryPolicy>;
  debug?: (line: string) => void;
  /** Wall clock, for HTTP-date Retry-After and rate-limit resets. */
  now?: () => Date;
  /** Milliseconds for pauses and deadlines; defaults to now().getTime(), so tests inject one clock. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry wait (progress: "rate-limited, waiting 7 s"). */
  onWait?: (ms: number, reason: string) => void;
  /** Ctrl-C: cancels waits and requests in flight. */
  signal?: AbortSignal;
  /**
   * A redirect that is not followed (a write, a downgrade to http, too many): 'error' (default)
   * fails with a clear message; 'return' hands the 3xx to the caller (RT's login answers 302).
   */
  unfollowedRedirect?: 'error' | 'return';
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly origin: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
  /** Requests sent so far (attempts, retries included): for benchmarks and tests. */
  readonly stats: { requests: number; retries: number; waitedMs: number };
  /** When the shared rate-limit pause ends (clock ms), 0 when none: bulk workers read it. */
  pausedUntil(): number;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function cancelled(): TicketError {
  return new TicketError('cancelled', ExitCode.cancelled, msg('err.cancelled'));
}

const human = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} MB` : `${Math.round(bytes / 1024)} KB`);
const seconds = (ms: number) => (ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`);

function response(status: number, headers: Record<string, string>, body: Buffer, url: URL, origin: string): HttpResponse {
  return {
    status,
    headers,
    body,
    url: url.toString(),
    text: () => body.toString('utf8'),
    json: <T>() => {
      if (body.length === 0) return null as T;
      try {
        return JSON.parse(body.toString('utf8')) as T;
      } catch {
        throw new UnavailableError(msg('err.http.notJson', { origin, status }), {
          hint: msg('err.http.notJson.hint'),
          retryable: false,
        });
      }
    },
  };
}

/** Why an attempt ended early: its own deadline, or the whole request's. */
class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * An HttpClient over `transport`: timeouts on every attempt and a total deadline, retries only where
 * safe, Retry-After honoured as a minimum, full-jitter backoff, a shared pause when the server says
 * the rate limit is exhausted, credentials never sent to another origin or over a downgrade, a
 * bound on every answer, and a --debug trace without secrets.
 */
export function createPolicyClient(opts: HttpClientOptions & { transport: Transport; closeTransport?: () => Promise<void> }): HttpClient {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };
  const base = new URL(opts.baseUrl);
  const origin = base.origin;
  const now = opts.now ?? (() => new Date());
  const clock = opts.clock ?? (opts.now ? () => now().getTime() : Date.now);
  const rawSleep = opts.sleep ?? defaultSleep;
  const signal = opts.signal;
  const sleep = async (ms: number): Promise<void> => {
    if (ms <= 0) return;
    if (signal?.aborted) throw cancelled();
    if (!signal) return rawSleep(ms);
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, rej) => {
      onAbort = () => rej(cancelled());
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([rawSleep(ms), aborted]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
  const random = opts.random ?? Math.random;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  // The total deadline is never shorter than one attempt.
  const deadlineMs = Math.max(policy.deadlineMs, timeoutMs);
  // When a 429 or an exhausted rate limit asks everyone to wait, every request of this client waits.
  let pausedUntil = 0;
  const stats = { requests: 0, retries: 0, waitedMs: 0 };
  const trace = opts.debug;

  async function once(req: HttpRequest, url: URL, limitMs: number): Promise<HttpResponse> {
    const sameOrigin = url.origin === origin;
    const headers: Record<string, string> = {
      'user-agent': `ticket/${VERSION}`,
      accept: 'application/json',
    };
    for (const [k, v] of Object.entries(req.headers ?? {})) {
      // Credentials given by the caller are for our origin only, like those from auth().
      if (!sameOrigin && CREDENTIAL_HEADER.test(k)) continue;
      headers[k.toLowerCase()] = v;
    }
    if (!req.noAuth && opts.auth && sameOrigin) {
      for (const [k, v] of Object.entries(await opts.auth())) headers[k.toLowerCase()] = v;
    }
    let body: unknown = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    const started = Date.now();
    if (trace) {
      trace(`→ ${req.method} ${traceUrl(url)}`);
      for (const [k, v] of Object.entries(headers)) trace(`  ${k}: ${traceHeader(k, v)}`);
    }
    stats.requests++;
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(new AttemptTimeout(limitMs)), limitMs);
    const onAbort = () => ac.abort(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    const maxBytes = req.maxBytes ?? MAX_RESPONSE_BYTES[req.kind ?? 'api'];
    try {
      const res = await opts.transport({ method: req.method, url, headers, body, signal: ac.signal, timeoutMs: limitMs, maxBytes });
      trace?.(`← ${res.status} ${req.method} ${traceUrl(url)} (${Date.now() - started} ms, ${res.body.length} bytes)`);
      return response(res.status, res.headers, res.body, url, origin);
    } catch (e) {
      if (e instanceof ResponseTooLarge || (e as Error)?.name === 'ResponseTooLarge') {
        trace?.(`← ${req.method} ${traceUrl(url)}: answer over ${maxBytes} bytes, stopped reading`);
        throw new UnavailableError(
          msg('err.http.tooLarge', { origin, method: req.method, path: url.pathname, size: human(maxBytes) }),
          {
            hint: msg('err.http.tooLarge.hint'),
            retryable: false,
            data: { limitBytes: maxBytes, method: req.method },
          },
        );
      }
      const reason = ac.signal.aborted ? ac.signal.reason : undefined;
      if (reason instanceof TicketError) throw reason;
      if (reason instanceof AttemptTimeout) throw reason;
      throw e;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  async function waitForPause(started: number): Promise<void> {
    for (;;) {
      const wait = pausedUntil - clock();
      if (wait <= 0) return;
      if (clock() - started + wait > deadlineMs) {
        const at = new Date(now().getTime() + wait);
        throw new RateLimitedError(msg('err.http.rateLimitedUntil', { origin, at: at.toISOString() }), at, {
          hint: msg('err.http.rateLimitedUntil.hint'),
          data: { retryAt: at.toISOString() },
        });
      }
      opts.onWait?.(wait, 'rate limit');
      stats.waitedMs += wait;
      await sleep(wait);
    }
  }

  function redirectError(req: HttpRequest, from: URL, to: string, why: Msg): TicketError {
    return new ConfigError(msg('err.http.redirect', { origin, method: req.method, path: from.pathname, location: traceUrl(new URL(to, from)), why }), {
      hint: msg('err.http.redirect.hint'),
      data: { status: 'redirect', location: traceUrl(new URL(to, from)), method: req.method, sent: true },
    });
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const hasKey = Object.keys(req.headers ?? {}).some((k) => k.toLowerCase() === 'idempotency-key');
    const idempotent = req.idempotent ?? ((req.method !== 'POST' && req.method !== 'PATCH') || hasKey);
    const started = clock();
    const startedReal = Date.now();
    let url = buildUrl(opts.baseUrl, req.path, req.query);
    let redirects = 0;
    let limited = 0;
    const perAttempt = Math.max(1, req.timeoutMs ?? timeoutMs);
    for (let attempt = 1; ; attempt++) {
      await waitForPause(started);
      // Every attempt ends by the request's total deadline, however slowly its body trickles in.
      const left = deadlineMs - (Date.now() - startedReal);
      if (left <= 0) throw timeoutError(req, url, attempt - 1, perAttempt);
      let res: HttpResponse;
      try {
        res = await once(req, url, Math.min(perAttempt, left));
      } catch (e) {
        if (e instanceof TicketError) throw e;
        if (signal?.aborted) throw cancelled();
        const timedOut = e instanceof AttemptTimeout;
        const network = timedOut || isNetworkError(e);
        const notSent = !timedOut && failedBeforeSending(e);
        const retryable = network && (idempotent || notSent);
        if (retryable && attempt - limited < policy.maxAttempts) {
          const delay = backoffMs(policy, attempt - limited, random);
          if (clock() - started + delay < deadlineMs && Date.now() - startedReal + delay < deadlineMs) {
            stats.retries++;
            const why = timedOut ? `timeout after ${perAttempt} ms` : errorCode(e);
            trace?.(`  retry ${attempt} after ${why} in ${delay} ms`);
            opts.onWait?.(delay, timedOut ? 'timeout' : errorCode(e));
            stats.waitedMs += delay;
            await sleep(delay);
            continue;
          }
        }
        if (timedOut) throw timeoutError(req, url, attempt, perAttempt);
        if (!network) throw e;
        throw new UnavailableError(
          notSent
            ? msg('err.http.unreachable', { origin, code: errorCode(e) })
            : msg('err.http.connectionFailed', { origin, code: errorCode(e) }),
          {
            hint: msg('err.http.unreachable.hint'),
            retryable: true,
            data: { sent: !notSent, method: req.method, attempts: attempt },
            cause: e,
          },
        );
      }
      // Redirects: followed for reads, never with credentials to another origin, never to http.
      if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location) {
        const next = new URL(res.headers.location, url);
        const why =
          req.method !== 'GET' && req.method !== 'HEAD'
            ? msg('err.http.redirect.write')
            : next.protocol !== 'http:' && next.protocol !== 'https:'
              ? msg('err.http.redirect.scheme', { protocol: next.protocol })
              : url.protocol === 'https:' && next.protocol === 'http:'
                ? msg('err.http.redirect.downgrade')
                : redirects >= 5
                  ? msg('err.http.redirect.tooMany')
                  : null;
        if (why) {
          if (opts.unfollowedRedirect === 'return') return res;
          throw redirectError(req, url, res.headers.location, why);
        }
        trace?.(`  redirect to ${traceUrl(next)}${next.origin !== origin ? ' (other origin: no credentials)' : ''}`);
        url = next;
        redirects++;
        attempt--;
        continue;
      }
      // An exhausted rate limit pauses every request of this client, retried or not.
      const pause = rateLimitPause(res.headers, now());
      if (pause > 0) pausedUntil = Math.max(pausedUntil, clock() + pause + policy.retryAfterMarginMs);
      if (isRetryableStatus(res.status, idempotent)) {
        const { delay, fromServer } = retryDelayMs(policy, Math.max(1, attempt - limited), res.headers, now(), random);
        if (res.status === 429 || (fromServer && res.status === 503)) {
          pausedUntil = Math.max(pausedUntil, clock() + delay);
        }
        const elapsed = clock() - started;
        if (res.status === 429) limited++;
        const exhausted = res.status === 429 ? limited > policy.maxRateLimitRetries : attempt - limited >= policy.maxAttempts;
        if (exhausted || elapsed + delay > deadlineMs) {
          if (res.status === 429) {
            const at = new Date(now().getTime() + delay);
            throw new RateLimitedError(msg('err.http.rateLimitedUntil', { origin, at: at.toISOString() }), at, {
              hint: msg('err.http.rateLimitedUntil.hint'),
              data: { retryAt: at.toISOString(), attempts: attempt },
            });
          }
          return res;
        }
        stats.retries++;
        trace?.(`  retry ${attempt} after HTTP ${res.status} in ${delay} ms`);
        opts.onWait?.(delay, `HTTP ${res.status}`);
        if (res.status !== 429 && !(fromServer && res.status === 503)) {
          stats.waitedMs += delay;
          await sleep(delay);
        }
        continue;
      }
      return res;
    }
  }

  function timeoutError(req: HttpRequest, url: URL, attempts: number, perAttempt: number): UnavailableError {
    return new UnavailableError(
      msg('err.http.timeout', {
        origin,
        method: req.method,
        path: url.pathname,
        duration: seconds(perAttempt),
        attempts: attempts > 1 ? msg('err.http.timeout.attempts', { n: attempts }) : '',
        received: mayHaveBeenReceived(req) ? msg('err.http.timeout.received') : '',
      }),
      {
        hint: msg('err.http.timeout.hint'),
        retryable: true,
        data: { sent: true, method: req.method, attempts, timeoutMs: perAttempt },
      },
    );
  }

  return {
    baseUrl: opts.baseUrl,
    origin,
    request,
    stats,
    pausedUntil: () => pausedUntil,
    async close() {
      await opts.closeTransport?.().catch(() => undefined);
    },
  };
}

function mayHaveBeenReceived(req: HttpRequest): boolean {
  return req.method === 'POST' || req.method === 'PATCH';
}
