// A start-up-light HttpClient on node:http/https for the RT adapter's command-line hot path.
//
// Why: loading undici costs ~70 ms per process and its WebAssembly HTTP parser keeps the process
// alive another ~70 ms at exit while V8 tiers it up; `rt ls` answers in ~110 ms in all. This client
// implements the same HttpClient interface with the same policy as src/http/client.ts (the retry
// rules of src/http/retry.ts, timeouts per attempt, redirects followed for reads only, credentials
// never sent to another origin, a --debug trace), and is used only when nothing needs undici: no
// injected dispatcher (tests' MockAgent) and no proxy in the environment (EnvHttpProxyAgent).

import * as http from 'node:http';
import * as https from 'node:https';
import type { HttpClient, HttpRequest, HttpResponse } from '../../http/client.js';
import { buildUrl, type Query } from '../../http/url.js';
import { DEFAULT_RETRY, backoffMs, errorCode, failedBeforeSending, isNetworkError, isRetryableStatus, parseRetryAfter } from '../../http/retry.js';
import { RateLimitedError, TicketError, UnavailableError } from '../../errors.js';
import { VERSION } from '../../version.js';

export interface NodeHttpClientOptions {
  baseUrl: string;
  auth?: () => Record<string, string>;
  timeoutMs?: number;
  debug?: (line: string) => void;
  now?: () => Date;
}

/** True when the environment asks for a proxy: then the undici client (EnvHttpProxyAgent) is used. */
export function proxyConfigured(env: Record<string, string | undefined>): boolean {
  return ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'].some((k) => !!env[k]);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What the RT adapter needs of an HTTP client (src/http/client.ts's HttpClient has more). */
export type RtHttp = Pick<HttpClient, 'request' | 'close'>;

export function createNodeHttpClient(opts: NodeHttpClientOptions): RtHttp & { stats: { requests: number; retries: number; waitedMs: number } } {
  const policy = DEFAULT_RETRY;
  const origin = new URL(opts.baseUrl).origin;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const now = opts.now ?? (() => new Date());
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets: 6 }),
    'https:': new https.Agent({ keepAlive: true, maxSockets: 6 }),
  };
  const stats = { requests: 0, retries: 0, waitedMs: 0 };

  async function encodeBody(req: HttpRequest, headers: Record<string, string>): Promise<Buffer | undefined> {
    if (req.json !== undefined) {
      headers['content-type'] ??= 'application/json; charset=utf-8';
      return Buffer.from(JSON.stringify(req.json), 'utf8');
    }
    const b = req.body as unknown;
    if (b === undefined || b === null) return undefined;
    if (typeof b === 'string') return Buffer.from(b, 'utf8');
    if (Buffer.isBuffer(b)) return b;
    // FormData (multipart): let the platform serialize it with its boundary.
    const r = new Request('http://localhost/', { method: 'POST', body: b as FormData });
    headers['content-type'] = r.headers.get('content-type') ?? 'multipart/form-data';
    return Buffer.from(await r.arrayBuffer());
  }

  function once(req: HttpRequest, url: URL, body: Buffer | undefined, baseHeaders: Record<string, string>): Promise<HttpResponse> {
    const headers: Record<string, string> = { ...baseHeaders };
    if (!req.noAuth && opts.auth && url.origin === origin) Object.assign(headers, opts.auth());
    if (body) headers['content-length'] = String(body.length);
    const started = Date.now();
    opts.debug?.(`→ ${req.method} ${url.toString()}`);
    if (opts.debug) for (const [k, v] of Object.entries(headers)) opts.debug(`  ${k}: ${v}`);
    stats.requests++;
    const mod = url.protocol === 'https:' ? https : http;
    const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
    const limit = req.timeoutMs ?? timeoutMs;
    return new Promise<HttpResponse>((resolve, reject) => {
      const r = mod.request(url, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const buf = Buffer.concat(chunks);
          const h: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          const status = res.statusCode ?? 0;
          opts.debug?.(`← ${status} ${req.method} ${url.pathname} (${Date.now() - started} ms, ${buf.length} bytes)`);
          resolve({
            status,
            headers: h,
            body: buf,
            url: url.toString(),
            text: () => buf.toString('utf8'),
            json: <T>() => {
              if (buf.length === 0) return null as T;
              try {
                return JSON.parse(buf.toString('utf8')) as T;
              } catch {
                throw new UnavailableError(`The server at ${origin} answered ${status} with a body that is not JSON.`, {
                  hint: 'Check the URL of the profile: it may point at a web page rather than the API.',
                  retryable: false,
                });
              }
            },
          });
        });
      });
      r.setTimeout(limit, () => r.destroy(Object.assign(new Error(`timed out after ${limit} ms`), { code: 'ETIMEDOUT' })));
      r.on('error', reject);
      r.end(body);
    });
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? (req.method !== 'POST' && req.method !== 'PATCH');
    const started = Date.now();
    let url = buildUrl(opts.baseUrl, req.path, req.query);
    const baseHeaders: Record<string, string> = { 'user-agent': `ticket/${VERSION}`, accept: 'application/json', ...(req.headers ?? {}) };
    const body = await encodeBody(req, baseHeaders);
    let redirects = 0;
    for (let attempt = 1; ; attempt++) {
      let res: HttpResponse;
      try {
        res = await once(req, url, body, baseHeaders);
      } catch (e) {
        if (e instanceof TicketError) throw e;
        const retryable = isNetworkError(e) && (idempotent || failedBeforeSending(e));
        if (retryable && attempt < policy.maxAttempts) {
          const delay = backoffMs(policy, attempt);
          if (Date.now() - started + delay < policy.deadlineMs) {
            stats.retries++;
            opts.debug?.(`  retry ${attempt} after ${errorCode(e)} in ${delay} ms`);
            stats.waitedMs += delay;
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
      if ([301, 302, 303, 307, 308].includes(res.status) && res.headers.location && redirects < 5) {
        if (req.method !== 'GET' && req.method !== 'HEAD') return res;
        url = new URL(res.headers.location, url);
        redirects++;
        attempt--;
        continue;
      }
      if (isRetryableStatus(res.status, idempotent) && attempt < policy.maxAttempts) {
        const ra = parseRetryAfter(res.headers['retry-after'], now());
        const delay = ra !== null ? ra + policy.retryAfterMarginMs : backoffMs(policy, attempt);
        if (Date.now() - started + delay > policy.deadlineMs) {
          if (res.status === 429) {
            const at = new Date(Date.now() + delay);
            throw new RateLimitedError(`Rate-limited by ${origin} until ${at.toISOString()}.`, at, { hint: 'Try again later.' });
          }
          return res;
        }
        stats.retries++;
        opts.debug?.(`  retry ${attempt} after HTTP ${res.status} in ${delay} ms`);
        stats.waitedMs += delay;
        await sleep(delay);
        continue;
      }
      return res;
    }
  }

  return {
    request,
    stats,
    async close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
