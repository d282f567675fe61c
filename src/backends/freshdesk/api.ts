// The Freshdesk HTTP layer: base URL, API-key authentication (Basic KEY:X), JSON helpers, Link-header
// pagination and error mapping.
import { createHttpClient, errorForResponse, type HttpClient, type HttpResponse, type Query } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import { ConfigError, ValidationError, type TicketError, type Text } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { BackendContext } from '../context.js';
import { requireUrl } from '../context.js';

const AUTH_HINT = msg('err.fd.auth.hint');

export function freshdeskOrigin(bc: BackendContext): string {
  return requireUrl(bc).replace(/\/api\/v2$/, '');
}

/** The API key is the Basic user and the password is "X". */
export function freshdeskAuthHeader(bc: BackendContext): string {
  const key = bc.profile.token || bc.profile.user;
  if (!key) throw new ConfigError(msg('err.fd.noKey'), { hint: AUTH_HINT });
  return 'Basic ' + Buffer.from(`${key}:X`).toString('base64');
}

export function freshdeskHttp(bc: BackendContext, opts: { retry?: Partial<RetryPolicy>; timeoutMs?: number } = {}): HttpClient {
  return createHttpClient({
    baseUrl: `${freshdeskOrigin(bc)}/api/v2`,
    dispatcher: bc.dispatcher,
    auth: () => ({ authorization: freshdeskAuthHeader(bc) }),
    timeoutMs: opts.timeoutMs ?? bc.profile.timeoutMs ?? 30_000,
    retry: opts.retry,
    debug: bc.debug,
    now: bc.now,
  });
}

export function freshdeskError(res: HttpResponse, what: Text): TicketError {
  if (res.status === 400) {
    // {"description":"Validation failed","errors":[{"field":"cf_site","message":"…","code":"invalid_value"}]}
    let errors: { field?: string; message?: string; code?: string }[] = [];
    try {
      errors = res.json<{ errors?: typeof errors }>()?.errors ?? [];
    } catch {
      errors = [];
    }
    if (errors.length) {
      const lines = errors.map((e) => `${e.field ? e.field.replace(/^cf_/, '') + ': ' : ''}${e.message ?? e.code ?? 'invalid'}`);
      return new ValidationError(msg('err.refusedBy', { what, backend: 'Freshdesk', details: lines.join('; ') }), {
        hint: msg('err.checkValues.hint'),
        data: { errors },
      });
    }
  }
  return errorForResponse(res, what, { auth: AUTH_HINT });
}

export function ok(res: HttpResponse, what: Text): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw freshdeskError(res, what);
}

export async function getJson<T>(http: HttpClient, path: string, query: Query | undefined, what: Text): Promise<T> {
  return ok(await http.request({ method: 'GET', path, query }), what).json<T>();
}

export async function sendJson<T>(http: HttpClient, method: 'POST' | 'PUT', path: string, json: unknown, what: Text): Promise<T> {
  return ok(await http.request({ method, path, json }), what).json<T>();
}

/** `<https://x.freshdesk.com/api/v2/tickets?page=2>; rel="next"` → the URL. */
export function nextLink(link: string | undefined): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1];
  }
  return null;
}

/** Walk pages by the Link header; `take` returns true to stop. At most `maxPages` pages. */
export async function paginate<T>(
  http: HttpClient,
  path: string,
  query: Query,
  what: Text,
  take: (items: T[]) => boolean,
  maxPages = 300,
): Promise<void> {
  let next: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const res = ok(await http.request({ method: 'GET', path: next ?? path, query: next ? undefined : query }), what);
    const body = res.json<T[] | { results?: T[] }>();
    const items = Array.isArray(body) ? body : (body?.results ?? []);
    if (take(items) || items.length === 0) return;
    next = nextLink(res.headers.link);
    if (!next) return;
  }
}
