import type { Dispatcher } from 'undici';
import { request as undiciRequest, EnvHttpProxyAgent, FormData } from 'undici';
import {
  AuthError,
  NotFoundError,
  PermissionError,
  RateLimitedError,
  TicketError,
  UnavailableError,
  ValidationError,
  ConflictError,
  ExitCode,
} from '../errors.js';
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

export { FormData };

import { buildUrl, type Query } from './url.js';

export type { Query };

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  /** Relative to the base URL, or an absolute URL on the same origin (hypermedia links). */
  path: string;
  query?: Query;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer | FormData;
  /**
   * May this request be sent twice? Defaults to true for GET/HEAD/PUT/DELETE. A POST is retried only
   * when it never left (connection refused) or was refused with 429, unless marked idempotent
   * (e.g. it carries an Idempotency-Key).
   */
  idempotent?: boolean;
  /** Skip automatic auth (for probes of public endpoints). */
  noAuth?: boolean;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  url: string;
  text(): string;
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  baseUrl: string;
  dispatcher?: unknown;
  /** Headers that authenticate a request (Authorization, Cookie). Called per attempt, same origin only. */
  auth?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Whole-request timeout per attempt (headers and body), in milliseconds. */
  timeoutMs?: number;
  /** TCP/TLS connect timeout of the client's own agent (ignored when a dispatcher is given). */
  connectTimeoutMs?: number;
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

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Headers that carry credentials: never sent to another origin, never traced. */
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|apikey|private-token|x-auth-token|x-access-token|x-csrf-token|x-rt-token)$/i;
/** Other header or query names whose values look secret (traces only). */
const SECRET_NAME = /(auth|token|secret|passw|pwd|api[-_]?key|session|cookie|signature|credential)/i;

/** A header value for --debug: credentials masked whatever the scheme ("Basic ********"). */
export function traceHeader(name: string, value: string): string {
  if (name.toLowerCase() === 'idempotency-key') return value;
  if (CREDENTIAL_HEADER.test(name) || SECRET_NAME.test(name)) {
    const scheme = /^(basic|bearer|token|digest|negotiate)\s+/i.exec(value);
    return `${scheme ? scheme[1] + ' ' : ''}********`;
  }
  return value;
}

/** A URL for --debug: no userinfo, secret-looking query values masked. */
export function traceUrl(u: URL | string): string {
  const url = new URL(String(u));
  if (url.username || url.password) {
    url.username = '';
    url.password = '';
  }
  for (const k of [...new Set(url.searchParams.keys())]) {
    if (SECRET_NAME.test(k)) url.searchParams.set(k, '********');
  }
  return url.toString();
}

function cancelled(): TicketError {
  return new TicketError('cancelled', ExitCode.cancelled, 'Cancelled.');
}

/**
 * One HTTP client per backend: timeouts on every attempt, retries only where safe, Retry-After
 * honoured as a minimum, full-jitter backoff, a shared pause when the server says the rate limit is
 * exhausted, Authorization never sent to another origin, and a --debug trace without secrets.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
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
  let ownDispatcher: Dispatcher | undefined;
  const dispatcher = (): Dispatcher => {
    if (opts.dispatcher) return opts.dispatcher as Dispatcher;
    ownDispatcher ??= new EnvHttpProxyAgent({
      connect: { timeout: opts.connectTimeoutMs ?? Math.min(timeoutMs, 10_000) },
      keepAliveTimeout: 4_000,
    });
    return ownDispatcher;
  };
  // When a 429 or an exhausted rate limit asks everyone to wait, every request of this client waits.
  let pausedUntil = 0;
  const stats = { requests: 0, retries: 0, waitedMs: 0 };
  const trace = opts.debug;

  async function once(req: HttpRequest, url: URL): Promise<HttpResponse> {
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
    let body: string | Buffer | FormData | undefined = req.body;
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
    const perAttempt = req.timeoutMs ?? timeoutMs;
    const timeout = AbortSignal.timeout(perAttempt);
    const res = await undiciRequest(url, {
      method: req.method,
      headers,
      body: body as never,
      dispatcher: dispatcher(),
      headersTimeout: perAttempt,
      bodyTimeout: perAttempt,
      signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
    });
    const buf = Buffer.from(await res.body.arrayBuffer());
    const h = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    trace?.(`← ${res.statusCode} ${req.method} ${traceUrl(url)} (${Date.now() - started} ms, ${buf.length} bytes)`);
    return {
      status: res.statusCode,
      headers: h,
      body: buf,
      url: url.toString(),
      text: () => buf.toString('utf8'),
      json: <T>() => {
        if (buf.length === 0) return null as T;
        try {
          return JSON.parse(buf.toString('utf8')) as T;
        } catch {
          throw new UnavailableError(`The server at ${origin} answered ${res.statusCode} with a body that is not JSON.`, {
            hint: 'Check the URL of the profile: it may point at a web page rather than the API.',
            retryable: false,
          });
        }
      },
    };
  }

  async function waitForPause(started: number): Promise<void> {
    for (;;) {
      const wait = pausedUntil - clock();
      if (wait <= 0) return;
      if (clock() - started + wait > policy.deadlineMs) {
        const at = new Date(now().getTime() + wait);
        throw new RateLimitedError(`Rate-limited by ${origin} until ${at.toISOString()}.`, at, {
          hint: 'Try again later, or lower the request rate.',
          data: { retryAt: at.toISOString() },
        });
      }
      opts.onWait?.(wait, 'rate limit');
      stats.waitedMs += wait;
      await sleep(wait);
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const hasKey = Object.keys(req.headers ?? {}).some((k) => k.toLowerCase() === 'idempotency-key');
    const idempotent = req.idempotent ?? ((req.method !== 'POST' && req.method !== 'PATCH') || hasKey);
    const started = clock();
    let url = buildUrl(opts.baseUrl, req.path, req.query);
    let redirects = 0;
    let limited = 0;
    for (let attempt = 1; ; attempt++) {
      await waitForPause(started);
      let res: HttpResponse;
      try {
        res = await once(req, url);
      } catch (e) {
        if (e instanceof TicketError) throw e;
        if (signal?.aborted) throw cancelled();
        const network = isNetworkError(e);
        const notSent = failedBeforeSending(e);
        const retryable = network && (idempotent || notSent);
        if (retryable && attempt - limited < policy.maxAttempts) {
          const delay = backoffMs(policy, attempt - limited, random);
          if (clock() - started + delay < policy.deadlineMs) {
            stats.retries++;
            trace?.(`  retry ${attempt} after ${errorCode(e)} in ${delay} ms`);
            opts.onWait?.(delay, errorCode(e));
            stats.waitedMs += delay;
            await sleep(delay);
            continue;
          }
        }
        if (!network && !(e as Error)?.name?.includes('Timeout')) throw e;
        throw new UnavailableError(
          notSent
            ? `Cannot reach ${origin}: ${errorCode(e)}.`
            : `The connection to ${origin} failed (${errorCode(e)}); the request may have been received.`,
          {
            hint: 'Check the URL, your network and proxy settings (HTTPS_PROXY, NO_PROXY); run `ticket doctor`.',
            retryable: true,
            data: { sent: !notSent, method: req.method, attempts: attempt },
            cause: e,
          },
        );
      }
      // Redirects: follow for reads, never carry credentials to another origin.
      if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location && redirects < 5) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return res;
        const next = new URL(res.headers.location, url);
        if (next.protocol !== 'http:' && next.protocol !== 'https:') return res;
        if (url.protocol === 'https:' && next.protocol === 'http:') return res; // no downgrade
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
        if (exhausted || elapsed + delay > policy.deadlineMs) {
          if (res.status === 429) {
            const at = new Date(now().getTime() + delay);
            throw new RateLimitedError(`Rate-limited by ${origin} until ${at.toISOString()}.`, at, {
              hint: 'Try again later, or lower the request rate.',
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

  return {
    baseUrl: opts.baseUrl,
    origin,
    request,
    stats,
    pausedUntil: () => pausedUntil,
    async close() {
      if (ownDispatcher) await ownDispatcher.close().catch(() => undefined);
    },
  };
}

/** Pull a human message out of the usual error bodies: {message}, {error, description}, {errors:[...]}. */
export function serverMessage(res: HttpResponse): string {
  try {
    const j = res.json<Record<string, unknown>>();
    if (j && typeof j === 'object') {
      const parts: string[] = [];
      for (const k of ['message', 'description', 'errorMessage', 'error']) {
        const v = j[k];
        if (typeof v === 'string' && v && !parts.includes(v)) parts.push(v);
      }
      const details = j.details ?? j.errors ?? j.errorMessages;
      if (details) parts.push(JSON.stringify(details).slice(0, 300));
      if (parts.length) return parts.join(': ');
    }
  } catch {
    /* fall through */
  }
  return res.text().replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200) || `HTTP ${res.status}`;
}

/** Map a non-2xx response to the TicketError of the documented exit code. */
export function errorForResponse(res: HttpResponse, what: string, hints: { auth?: string } = {}): TicketError {
  const msg = serverMessage(res);
  switch (true) {
    case res.status === 401:
      return new AuthError(`${what}: the server refused the credentials (${msg}).`, {
        hint: hints.auth ?? 'Check the user and token/password of the profile, or run `ticket init` again.',
      });
    case res.status === 403:
      return new PermissionError(`${what}: permission denied (${msg}).`, {
        hint: 'Your account may lack the right for this action; ask an administrator.',
      });
    case res.status === 404:
      return new NotFoundError(`${what}: not found.`, { hint: 'Check the id (`ticket list`).' });
    case res.status === 409 || res.status === 412:
      return new ConflictError(`${what}: conflict (${msg}).`, { hint: 'Someone changed it meanwhile; try again.' });
    case res.status === 429:
      return new RateLimitedError(`${what}: rate-limited (${msg}).`, null, { hint: 'Try again later.' });
    case res.status >= 500:
      return new UnavailableError(`${what}: the server failed with HTTP ${res.status} (${msg}).`, {
        hint: 'The backend is having trouble; try again later or run `ticket doctor`.',
      });
    case res.status === 400 || res.status === 422:
      return new ValidationError(`${what}: the server refused it (${msg}).`);
    default:
      return new TicketError('internal', ExitCode.failure, `${what}: unexpected HTTP ${res.status} (${msg}).`);
  }
}

/** Throw unless 2xx. */
export function ensureOk(res: HttpResponse, what: string, hints?: { auth?: string }): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw errorForResponse(res, what, hints);
}
