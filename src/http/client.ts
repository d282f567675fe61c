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
  type Text,
} from '../errors.js';
import { msg } from '../i18n/msg.js';
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
export function errorForResponse(res: HttpResponse, what: Text, hints: { auth?: Text } = {}): TicketError {
  const message = serverMessage(res);
  const status = res.status;
  switch (true) {
    case status === 401:
      return new AuthError(msg('err.http.auth', { what, message }), { hint: hints.auth ?? msg('err.http.auth.hint') });
    case status === 403:
      return new PermissionError(msg('err.http.permission', { what, message }), { hint: msg('err.http.permission.hint') });
    case status === 404:
      return new NotFoundError(msg('err.http.notFound', { what }), { hint: msg('err.checkId.hint') });
    case status === 409 || status === 412:
      return new ConflictError(msg('err.http.conflict', { what, message }), { hint: msg('err.http.conflict.hint') });
    case status === 429:
      return new RateLimitedError(msg('err.http.rateLimited', { what, message }), null, { hint: msg('err.tryLater.hint') });
    case status >= 500:
      return new UnavailableError(msg('err.http.server', { what, status, message }), { hint: msg('err.http.server.hint') });
    case status === 400 || status === 422:
      return new ValidationError(msg('err.http.refused', { what, message }));
    default:
      return new TicketError('internal', ExitCode.failure, msg('err.http.unexpected', { what, status, message }));
  }
}

/** Throw unless 2xx. */
export function ensureOk(res: HttpResponse, what: Text, hints?: { auth?: Text }): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw errorForResponse(res, what, hints);
}
