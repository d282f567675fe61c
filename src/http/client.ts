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
import {
  createPolicyClient,
  ResponseTooLarge,
  type HttpClient,
  type HttpClientOptions,
  type HttpResponse,
  type Transport,
} from './policy.js';

export { FormData };
export type { HttpClient, HttpClientOptions, HttpRequest, HttpResponse, Query, RequestKind, Transport } from './policy.js';
export { traceHeader, traceUrl, MAX_RESPONSE_BYTES } from './policy.js';

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** The undici transport: one attempt, the body read within the signal and the byte bound. */
export function undiciTransport(getDispatcher: () => Dispatcher): Transport {
  return async (t) => {
    const res = await undiciRequest(t.url, {
      method: t.method as Dispatcher.HttpMethod,
      headers: t.headers,
      body: t.body as never,
      dispatcher: getDispatcher(),
      headersTimeout: t.timeoutMs,
      bodyTimeout: t.timeoutMs,
      signal: t.signal,
    });
    const declared = Number(res.headers['content-length']);
    if (Number.isFinite(declared) && declared > t.maxBytes) {
      res.body.destroy();
      throw new ResponseTooLarge(t.maxBytes);
    }
    const chunks: Buffer[] = [];
    let n = 0;
    for await (const c of res.body as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > t.maxBytes) {
        res.body.destroy();
        throw new ResponseTooLarge(t.maxBytes);
      }
      chunks.push(c);
    }
    return { status: res.statusCode, headers: flattenHeaders(res.headers as Record<string, string | string[] | undefined>), body: Buffer.concat(chunks) };
  };
}

/**
 * One HTTP client per backend on undici (proxies, MockAgent in tests): the policy of policy.ts
 * over the undici transport.
 */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
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
  return createPolicyClient({
    ...opts,
    transport: undiciTransport(dispatcher),
    closeTransport: async () => {
      if (ownDispatcher) await ownDispatcher.close();
    },
  });
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
