// The Zendesk HTTP layer: base URL, authentication, JSON helpers and Zendesk-specific error mapping.
import { createHttpClient, ensureOk, errorForResponse, serverMessage, type HttpClient, type HttpResponse, type Query } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import { ConfigError, ConflictError, TicketError, ValidationError, type Text } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { BackendContext } from '../context.js';
import { requireUrl } from '../context.js';

export type ZendeskMode = 'agent' | 'end-user';

const AUTH_HINT = msg('err.zd.auth.hint');

/** `https://acme.zendesk.com`, `https://acme.zendesk.com/api/v2` and a trailing slash all mean the same. */
export function zendeskOrigin(bc: BackendContext): string {
  return requireUrl(bc).replace(/\/api\/v2$/, '');
}

/**
 * Authorization for a profile: API token (`email/token:TOKEN`, Basic), OAuth bearer (a token with no
 * user), or the legacy password (Basic `email:password`).
 */
export function zendeskAuthHeader(bc: BackendContext): string {
  const { user, token, password } = bc.profile;
  if (token && user) return 'Basic ' + Buffer.from(`${user}/token:${token}`).toString('base64');
  if (token) return `Bearer ${token}`;
  if (user && password) return 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  throw new ConfigError(msg('err.noCredentials', { backend: 'Zendesk' }), { hint: AUTH_HINT });
}

export function zendeskHttp(bc: BackendContext, opts: { retry?: Partial<RetryPolicy>; timeoutMs?: number } = {}): HttpClient {
  const origin = zendeskOrigin(bc);
  return createHttpClient({
    baseUrl: `${origin}/api/v2`,
    dispatcher: bc.dispatcher,
    auth: () => ({ authorization: zendeskAuthHeader(bc) }),
    timeoutMs: opts.timeoutMs ?? bc.profile.timeoutMs ?? 30_000,
    retry: opts.retry,
    debug: bc.debug,
    now: bc.now,
  });
}

/** "Status: closed prevents ticket update": a closed ticket only accepts tags, subject and priority. */
export function isClosedRefusal(res: HttpResponse): boolean {
  return res.status === 422 && /closed prevents ticket update/i.test(res.text());
}

/** 422 on a create that carried upload tokens, about those tokens (expired after 60 minutes, or unknown). */
export function isUploadRefusal(res: HttpResponse): boolean {
  return res.status === 422 && /upload|token|attachment/i.test(serverMessage(res));
}

export function zendeskError(res: HttpResponse, what: Text): TicketError {
  if (isClosedRefusal(res)) {
    return new ConflictError(msg('err.zd.closed', { what }), {
      hint: msg('err.zd.closed.hint'),
      data: { closed: true },
    });
  }
  if (res.status === 406 && /CommentRequired/i.test(res.text())) {
    return new ValidationError(msg('err.zd.needsComment', { what }), { hint: msg('err.zd.needsComment.hint') });
  }
  if (res.status === 422) {
    // {"error":"RecordInvalid","description":"Record validation errors","details":{"base":[{"description":"…"}]}}
    let details: Record<string, { description?: string }[]> = {};
    try {
      details = res.json<{ details?: typeof details }>()?.details ?? {};
    } catch {
      details = {};
    }
    const lines = Object.values(details)
      .flat()
      .map((d) => d?.description)
      .filter((d): d is string => Boolean(d));
    if (lines.length) {
      return new ValidationError(msg('err.refusedBy', { what, backend: 'Zendesk', details: lines.join('; ') }), {
        hint: msg('err.checkValues.hint'),
        data: { details },
      });
    }
  }
  return errorForResponse(res, what, { auth: AUTH_HINT });
}

export function ok(res: HttpResponse, what: Text): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw zendeskError(res, what);
}

export async function getJson<T>(http: HttpClient, path: string, query: Query | undefined, what: Text): Promise<T> {
  const res = await http.request({ method: 'GET', path, query });
  return ok(res, what).json<T>();
}

export async function sendJson<T>(
  http: HttpClient,
  method: 'POST' | 'PUT',
  path: string,
  json: unknown,
  what: Text,
  extra: { headers?: Record<string, string>; idempotent?: boolean; query?: Query } = {},
): Promise<T> {
  const res = await http.request({ method, path, json, ...extra });
  return ok(res, what).json<T>();
}

/**
 * Walk a paginated collection: cursor pagination (`meta.has_more` + `links.next`) or offset
 * pagination (`next_page`). Stops when `enough` says so.
 */
export async function paginate<T>(
  http: HttpClient,
  first: { path: string; query?: Query },
  key: string,
  what: Text,
  enough: (items: T[], page: Record<string, unknown>) => boolean | Promise<boolean>,
): Promise<void> {
  let path: string = first.path;
  let query: Query | undefined = first.query;
  for (let pages = 0; pages < 1000; pages++) {
    const page = await getJson<Record<string, unknown>>(http, path, query, what);
    const items = (page[key] as T[] | undefined) ?? [];
    if (await enough(items, page)) return;
    const meta = page.meta as { has_more?: boolean } | undefined;
    const links = page.links as { next?: string | null } | undefined;
    let next: string | null = null;
    if (meta && links) next = meta.has_more ? (links.next ?? null) : null;
    else next = (page.next_page as string | null | undefined) ?? null;
    if (!next) return;
    path = next;
    query = undefined;
  }
}

export { ensureOk };
