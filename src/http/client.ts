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
  parseRetryAfter,
  rateLimitPause,
  type RetryPolicy,
} from './retry.js';

export { FormData };

export type Query = Record<string, string | number | boolean | undefined | null | (string | number)[]>;

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
  /** Headers that authenticate a request (Authorization, Cookie). Called per attempt. */
  auth?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  debug?: (line: string) => void;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry wait (progress: "rate-limited, waiting 7 s"). */
  onWait?: (ms: number, reason: string) => void;
}

export interface HttpClient {
  readonly baseUrl: string;
  readonly origin: string;
  request(req: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
  /** Requests sent so far (attempts, retries included): for benchmarks and tests. */
  readonly stats: { requests: number; retries: number };
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function buildUrl(base: string, path: string, query?: Query): URL {
  const url = /^https?:\/\//.test(path) ? new URL(path) : new URL(base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(k, String(item));
      else url.searchParams.set(k, String(v));
    }
  }
  return url;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
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
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  let ownDispatcher: Dispatcher | undefined;
  const dispatcher = (): Dispatcher => {
    if (opts.dispatcher) return opts.dispatcher as Dispatcher;
    ownDispatcher ??= new EnvHttpProxyAgent({ connect: { timeout: Math.min(timeoutMs, 10_000) }, keepAliveTimeout: 4_000 });
    return ownDispatcher;
  };
  // When a 429 or an exhausted rate limit asks everyone to wait, every request of this client waits.
  let pausedUntil = 0;
  const stats = { requests: 0, retries: 0 };

  async function once(req: HttpRequest, url: URL): Promise<HttpResponse> {
    const headers: Record<string, string> = {
      'user-agent': `ticket/${VERSION}`,
      accept: 'application/json',
      ...(req.headers ?? {}),
    };
    if (!req.noAuth && opts.auth && url.origin === origin) Object.assign(headers, await opts.auth());
    let body: string | Buffer | FormData | undefined = req.body;
    if (req.json !== undefined) {
      body = JSON.stringify(req.json);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
    const started = Date.now();
    opts.debug?.(`→ ${req.method} ${url.toString()}`);
    if (opts.debug) for (const [k, v] of Object.entries(headers)) opts.debug(`  ${k}: ${v}`);
    stats.requests++;
    const res = await undiciRequest(url, {
      method: req.method,
      headers,
      body: body as never,
      dispatcher: dispatcher(),
      headersTimeout: req.timeoutMs ?? timeoutMs,
      bodyTimeout: req.timeoutMs ?? timeoutMs,
      signal: AbortSignal.timeout((req.timeoutMs ?? timeoutMs) + 1000),
    });
    const buf = Buffer.from(await res.body.arrayBuffer());
    const h = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    opts.debug?.(`← ${res.statusCode} ${req.method} ${url.pathname} (${Date.now() - started} ms, ${buf.length} bytes)`);
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

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? (req.method !== 'POST' && req.method !== 'PATCH');
    const started = Date.now();
    let url = buildUrl(opts.baseUrl, req.path, req.query);
    let redirects = 0;
    for (let attempt = 1; ; attempt++) {
      const wait = pausedUntil - Date.now();
      if (wait > 0) {
        opts.onWait?.(wait, 'rate limit');
        await sleep(wait);
      }
      let res: HttpResponse;
      try {
        res = await once(req, url);
      } catch (e) {
        if (e instanceof TicketError) throw e;
        const retryable = isNetworkError(e) && (idempotent || failedBeforeSending(e));
        const elapsed = Date.now() - started;
        if (retryable && attempt < policy.maxAttempts) {
          const delay = backoffMs(policy, attempt, random);
          if (elapsed + delay < policy.deadlineMs) {
            stats.retries++;
            opts.debug?.(`  retry ${attempt} after ${errorCode(e)} in ${delay} ms`);
            opts.onWait?.(delay, errorCode(e));
            await sleep(delay);
            continue;
          }
        }
        throw new UnavailableError(`Cannot reach ${origin}: ${errorCode(e)}.`, {
          hint: 'Check the URL, your network and proxy settings (HTTPS_PROXY, NO_PROXY); run `ticket doctor`.',
          retryable: true,
          data: { sent: !failedBeforeSending(e) },
          cause: e,
        });
      }
      // Redirects: follow for reads, never carry credentials to another origin.
      if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location && redirects < 5) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return res;
        url = new URL(res.headers.location, url);
        redirects++;
        attempt--;
        continue;
      }
      const pause = rateLimitPause(res.headers, now());
      if (pause > 0) pausedUntil = Math.max(pausedUntil, Date.now() + pause + policy.retryAfterMarginMs);
      if (isRetryableStatus(res.status, idempotent) && attempt < policy.maxAttempts) {
        const ra = parseRetryAfter(res.headers['retry-after'], now());
        const elapsed = Date.now() - started;
        let delay: number;
        if (ra !== null) {
          delay = ra + policy.retryAfterMarginMs;
          pausedUntil = Math.max(pausedUntil, Date.now() + delay);
        } else {
          delay = backoffMs(policy, attempt, random);
        }
        if (elapsed + delay > policy.deadlineMs) {
          if (res.status === 429) {
            const at = new Date(Date.now() + delay);
            throw new RateLimitedError(`Rate-limited by ${origin} until ${at.toISOString()}.`, at, {
              hint: 'Try again later, or lower the request rate.',
            });
          }
          return res;
        }
        stats.retries++;
        opts.debug?.(`  retry ${attempt} after HTTP ${res.status} in ${delay} ms`);
        opts.onWait?.(delay, `HTTP ${res.status}`);
        await sleep(delay);
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
