// The Jira Service Management HTTP layer: base URL, authentication (Basic e-mail:API token on Cloud,
// Bearer for a personal access token on Data Center), JSON helpers, `start`/`limit`/`isLastPage`
// pagination and the error bodies of servicedeskapi and of the Jira platform API.
import { createHttpClient, errorForResponse, type HttpClient, type HttpResponse, type Query } from '../../http/client.js';
import type { RetryPolicy } from '../../http/retry.js';
import { AuthError, ConfigError, ValidationError, type TicketError, type Text } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { BackendContext } from '../context.js';
import { requireUrl } from '../context.js';
import type { JsmPage } from './types.js';

export const AUTH_HINT = msg('err.jsm.auth.hint');

/** `https://acme.atlassian.net`, `…/rest/servicedeskapi` and a trailing slash all mean the same. */
export function jsmOrigin(bc: BackendContext): string {
  return requireUrl(bc).replace(/\/rest\/servicedeskapi$/, '').replace(/\/servicedesk\/customer.*$/, '');
}

/** A personal access token (Data Center) goes as Bearer; otherwise Basic e-mail:API token. */
export function isPat(bc: BackendContext): boolean {
  return bc.profile.tokenType === 'pat';
}

export function jsmAuthHeader(bc: BackendContext): string {
  const { user, token, password } = bc.profile;
  if (token && isPat(bc)) return `Bearer ${token}`;
  const secret = token ?? password;
  if (user && secret) return 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64');
  if (secret) {
    throw new ConfigError(msg('err.jsm.tokenNoUser'), {
      hint: msg('err.jsm.tokenNoUser.hint'),
    });
  }
  throw new ConfigError(msg('err.noCredentials', { backend: 'Jira Service Management' }), { hint: AUTH_HINT });
}

export function jsmHttp(bc: BackendContext, opts: { retry?: Partial<RetryPolicy>; timeoutMs?: number } = {}): HttpClient {
  return createHttpClient({
    baseUrl: `${jsmOrigin(bc)}/rest/servicedeskapi`,
    dispatcher: bc.dispatcher,
    auth: () => ({ authorization: jsmAuthHeader(bc) }),
    timeoutMs: opts.timeoutMs ?? bc.profile.timeoutMs ?? 30_000,
    retry: opts.retry,
    debug: bc.debug,
    now: bc.now,
  });
}

/** The Jira platform API next to servicedeskapi (`/rest/api/3` on Cloud, `/rest/api/2` on Data Center). */
export function platformPath(bc: BackendContext, origin: string, rest: string): string {
  return `${origin}/rest/api/${isPat(bc) ? 2 : 3}/${rest}`;
}

interface JsmErrorBody {
  errorMessage?: string;
  i18nErrorMessage?: { i18nKey?: string; parameters?: unknown[] };
  errorMessages?: string[];
  errors?: Record<string, string>;
}

function body(res: HttpResponse): JsmErrorBody {
  try {
    const j = res.json<JsmErrorBody>();
    return j && typeof j === 'object' ? j : {};
  } catch {
    return {};
  }
}

/** The messages of `{errorMessage, i18nErrorMessage}` (servicedeskapi) or `{errorMessages, errors}` (platform). */
export function jsmMessages(res: HttpResponse): string[] {
  const b = body(res);
  const out: string[] = [];
  if (b.errorMessage) out.push(b.errorMessage);
  for (const m of b.errorMessages ?? []) if (m && !out.includes(m)) out.push(m);
  for (const [k, v] of Object.entries(b.errors ?? {})) out.push(`${k}: ${v}`);
  return out;
}

export function jsmError(res: HttpResponse, what: Text): TicketError {
  const msgs = jsmMessages(res);
  if (res.status === 401) {
    return new AuthError(msg('err.jsm.credentialsRefused', { what, details: msgs.length ? ` (${msgs.join('; ')})` : '' }), {
      hint: msg('err.jsm.expired.hint', { auth: AUTH_HINT }),
    });
  }
  if (res.status === 400 && msgs.length) {
    const b = body(res);
    return new ValidationError(msg('err.refusedBy', { what, backend: 'Jira Service Management', details: msgs.join('; ') }), {
      hint: msg('err.checkValues.hint'),
      data: { errors: b.errors ?? null, i18nKey: b.i18nErrorMessage?.i18nKey ?? null },
    });
  }
  return errorForResponse(res, what, { auth: AUTH_HINT });
}

export function ok(res: HttpResponse, what: Text): HttpResponse {
  if (res.status >= 200 && res.status < 300) return res;
  throw jsmError(res, what);
}

/** Experimental servicedeskapi resources (transitions, KB, temporary files) want this opt-in header. */
export const EXPERIMENTAL = { 'x-experimentalapi': 'opt-in' };

export async function getJson<T>(http: HttpClient, path: string, query: Query | undefined, what: Text, headers?: Record<string, string>): Promise<T> {
  return ok(await http.request({ method: 'GET', path, query, headers }), what).json<T>();
}

export async function sendJson<T>(
  http: HttpClient,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  json: unknown,
  what: Text,
  headers?: Record<string, string>,
): Promise<T> {
  return ok(await http.request({ method, path, json, headers }), what).json<T>();
}

/** Page size asked for; servicedeskapi caps it server-side (50 or 100 depending on the resource). */
export const PAGE_LIMIT = 100;

/**
 * Walk a servicedeskapi collection by `start`/`limit` until `isLastPage`. `take` returns true to
 * stop. The next `start` is this page's `start + size` (the server may return fewer than asked).
 */
export async function paginate<T>(
  http: HttpClient,
  path: string,
  query: Query,
  what: Text,
  take: (items: T[], page: JsmPage<T>) => boolean | Promise<boolean>,
  opts: { headers?: Record<string, string>; maxPages?: number } = {},
): Promise<void> {
  let start = 0;
  for (let n = 0; n < (opts.maxPages ?? 10_000); n++) {
    const page = await getJson<JsmPage<T>>(http, path, { ...query, start, limit: query.limit ?? PAGE_LIMIT }, what, opts.headers);
    const items = page.values ?? [];
    if (await take(items, page)) return;
    if (page.isLastPage !== false || items.length === 0) return;
    start = (page.start ?? start) + (page.size ?? items.length);
  }
}
