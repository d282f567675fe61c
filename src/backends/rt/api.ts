// RT REST 2.0 requests: authentication (token, or the web session cookie of session.ts with a Basic
// fallback), JSON and paginated reads, message bodies with attachments, and the mapping of RT's
// answers to typed errors.
//
// Speed: a Basic-auth password costs RT ~200 ms per request, a session cookie ~15 ms, so a password
// profile logs in once through the web login and reuses the cookie (session.ts).

import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AttachmentInput } from '../../model.js';
import type { HttpRequest, HttpResponse } from '../../http/client.js';
import { requireUrl, type BackendContext } from '../context.js';
import { AuthError, ConfigError, NotFoundError, TicketError, type Text } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { createNodeHttpClient, proxyConfigured, type RtHttp } from './transport.js';
import { dropSession, passwordCheck, pickSessionCookie, readSession, sessionFile, writeSession } from './session.js';
import type { RtCollection } from './types.js';

export interface RtApi {
  bc: BackendContext;
  /** RT's web root, without /REST/2.0. */
  root: string;
  user: string | null;
  token: string | null;
  authHint: Text;
  /** The headers that carry the profile's credentials now (token, Basic or the session cookie). */
  auth(): Record<string, string>;
  /** The --debug trace sink, credentials masked. */
  debug?: (line: string) => void;
  timeoutMs: number;
  /** One authenticated request (login and one renewal when the session is refused). */
  call(req: HttpRequest): Promise<HttpResponse>;
  /** `call`, then a 2xx answer's JSON; 404 → `notFound()` when given; other statuses → typed errors. */
  json<T>(req: HttpRequest, what: Text, notFound?: () => TicketError): Promise<T>;
  /** Every item of a collection (following next_page), at most `limit` (0 = all). */
  collect<T>(path: string, query: Record<string, string | number | string[]>, limit: number, what: Text): Promise<T[]>;
  errorForResponse(res: HttpResponse, what: Text): Promise<TicketError>;
  serverMessage(res: HttpResponse): Promise<string>;
  close(): Promise<void>;
}

export function createRtApi(bc: BackendContext): RtApi {
  const root = requireUrl(bc).replace(/\/REST\/2\.0\/?$/, '');
  const p = bc.profile;
  const token = p.token || null;
  const user = p.user || null;
  const password = p.password || null;
  if (!token && !(user && password)) {
    throw new ConfigError(msg('err.rt.needsCredentials'), {
      hint: msg('err.rt.needsCredentials.hint'),
    });
  }
  let mode: 'token' | 'cookie' | 'basic' = token ? 'token' : 'cookie';
  const sessFile = !token ? sessionFile(bc.paths.state, root, user!) : null;
  let cookie: string | null = null;
  /** The cookie came from a login in this process and has not been confirmed by a request yet. */
  let fresh = false;

  const clientOptions = {
    baseUrl: `${root}/REST/2.0`,
    // RT answers its login form and a refused session with 302: the adapter reads those itself.
    unfollowedRedirect: 'return' as const,
    // The session cookie is a credential too: never in a --debug trace.
    debug: bc.debug
      ? (line: string) =>
          bc.debug!(line.replace(/(RT_SID_[^=\s]+=)[^;\s,]+/g, '$1********').replace(/^(\s*authorization: \S+ ).*$/i, '$1********'))
      : undefined,
    now: bc.now,
    timeoutMs: p.timeoutMs ?? 30_000,
    auth: (): Record<string, string> => {
      if (mode === 'token') return { authorization: `token ${token}` };
      if (mode === 'basic') return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
      return cookie ? { cookie } : {};
    },
  };
  // node:http when nothing needs undici (see transport.ts): ~140 ms less per command.
  const httpP: Promise<RtHttp> =
    !bc.dispatcher && !proxyConfigured(bc.env)
      ? Promise.resolve(createNodeHttpClient(clientOptions))
      : import('../../http/client.js').then((m) => m.createHttpClient({ ...clientOptions, dispatcher: bc.dispatcher }));
  const send = async (req: HttpRequest) => (await httpP).request(req);
  const authHint = msg('err.rt.auth.hint');
  // The shared error mapping; loaded on error paths only (it pulls undici in).
  const errorForResponse = async (res: HttpResponse, what: Text) =>
    (await import('../../http/client.js')).errorForResponse(res, what, { auth: authHint });
  const serverMessage = async (res: HttpResponse) => (await import('../../http/client.js')).serverMessage(res);

  function authError(): AuthError {
    return new AuthError(
      token ? msg('err.rt.tokenRefused', { root }) : msg('err.rt.credentialsRefused', { root, user: String(user) }),
      { hint: authHint },
    );
  }

  async function login(): Promise<void> {
    const res = await send({
      method: 'POST',
      path: `${root}/NoAuth/Login.html`,
      noAuth: true,
      idempotent: true,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ user: user!, pass: password! }).toString(),
    });
    if (res.status >= 500) throw await errorForResponse(res, msg('err.what.rt.login'));
    const c = pickSessionCookie(res.headers['set-cookie']);
    if (!c) {
      // No web login here (external auth, API-only proxy): Basic auth on every request.
      mode = 'basic';
      cookie = null;
      return;
    }
    cookie = c;
    fresh = true;
  }

  /**
   * REST 2.0 answers an unknown or anonymous session cookie with a redirect to the web UI (302 to /,
   * followed for GETs to the login page) rather than 401.
   */
  function sessionRefused(res: HttpResponse): boolean {
    if (res.status === 401) return true;
    if (res.status >= 300 && res.status < 400) return true;
    return !/\/REST\/2\.0\//.test(res.url) && (res.headers['content-type'] ?? '').startsWith('text/html');
  }

  // One login at a time: parallel requests (show, field schemas) share it.
  let loginP: Promise<void> | null = null;
  function loginOnce(): Promise<void> {
    loginP ??= login().finally(() => {
      loginP = null;
    });
    return loginP;
  }

  async function call(req: HttpRequest): Promise<HttpResponse> {
    if (mode === 'cookie' && !cookie) {
      if (loginP) await loginP;
      else {
        cookie = readSession(sessFile!, password!)?.cookie ?? null;
        if (!cookie) await loginOnce();
      }
    }
    const used = cookie;
    let res = await send(req);
    if (mode === 'cookie' && sessionRefused(res)) {
      if (cookie !== used && cookie) {
        // Another request of this process renewed the session meanwhile.
        res = await send(req);
      } else if (!fresh) {
        bc.debug?.('RT session expired or unknown to the server: logging in again');
        dropSession(sessFile!);
        cookie = null;
        await loginOnce();
        res = await send(req);
      }
    }
    if (res.status === 401 || (mode === 'cookie' && sessionRefused(res))) {
      // A stored session the server refused is dropped; one this process just failed to open (a
      // wrong password) leaves the stored session of the right password alone.
      if (mode === 'cookie' && !fresh) dropSession(sessFile!);
      throw authError();
    }
    if (mode === 'cookie' && fresh && cookie && res.status < 500) {
      writeSession(sessFile!, { cookie, createdAt: bc.now().toISOString(), check: passwordCheck(password!) });
      fresh = false;
    }
    return res;
  }

  async function json<T>(req: HttpRequest, what: Text, notFound?: () => TicketError): Promise<T> {
    const res = await call(req);
    if (res.status === 404 && notFound) throw notFound();
    if (res.status < 200 || res.status >= 300) throw await errorForResponse(res, what);
    return res.json<T>();
  }

  async function collect<T>(path: string, query: Record<string, string | number | string[]>, limit: number, what: Text): Promise<T[]> {
    const out: T[] = [];
    const perPage = limit > 0 ? Math.min(100, limit) : 100;
    let next: string | null = null;
    const page = 1;
    for (let guard = 0; guard < 10_000; guard++) {
      const body: RtCollection<T> = next
        ? await json<RtCollection<T>>({ method: 'GET', path: next }, what)
        : await json<RtCollection<T>>({ method: 'GET', path, query: { ...query, per_page: perPage, page } }, what);
      out.push(...(body.items ?? []));
      if (limit > 0 && out.length >= limit) return out.slice(0, limit);
      if (!body.next_page) break;
      next = body.next_page;
    }
    return out;
  }

  return {
    bc,
    root,
    user,
    token,
    authHint,
    auth: clientOptions.auth,
    debug: clientOptions.debug,
    timeoutMs: clientOptions.timeoutMs,
    call,
    json,
    collect,
    errorForResponse,
    serverMessage,
    async close() {
      await (await httpP).close();
    },
  };
}

export const ticketNotFound = (id: string) => () =>
  new NotFoundError(msg('err.notFoundIn', { id, backend: 'RT' }), { hint: msg('err.checkIdList.hint') });

/** "#12" / " 12" → "12"; anything else is no RT ticket. */
export function checkId(id: string): string {
  const s = String(id).trim().replace(/^#/, '');
  if (!/^\d+$/.test(s)) throw new NotFoundError(msg('err.rt.badId', { id }), { hint: msg('err.checkIdList.hint') });
  return s;
}

/**
 * JSON, or multipart/form-data when there are files (no base64 overhead): a `JSON` form field and
 * one `Attachments` part per file. Encoded here, so both HTTP clients send the same bytes.
 */
export async function messageBody(
  payload: Record<string, unknown>,
  attachments: AttachmentInput[],
): Promise<Pick<HttpRequest, 'json' | 'body' | 'headers'>> {
  if (!attachments.length) return { json: payload };
  const boundary = `----ticket-${randomBytes(12).toString('hex')}`;
  const esc = (v: string) => v.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const chunks: Buffer[] = [
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="JSON"\r\n\r\n${JSON.stringify(payload)}\r\n`, 'utf8'),
  ];
  for (const a of attachments) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="Attachments"; filename="${esc(a.name)}"\r\n` +
          `Content-Type: ${a.contentType || 'application/octet-stream'}\r\n\r\n`,
        'utf8',
      ),
      await readFile(a.path),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

// ---- RT's answers to writes: arrays of messages meant for people ----------------------------

export const BULK_FAILURE =
  /does not exist|not found|permission denied|isn't a valid|is not a valid|invalid|could not|couldn't|can't|cannot|must match|failed|error|not allowed/i;
export const BULK_ALREADY = /already the current value|already (?:set|a )|change status from '([^']+)' to '\1'/i;

/** The messages of a write's answer that report a failure. */
export function failureMessages(body: unknown): string[] {
  if (!Array.isArray(body)) return [];
  return body
    .map((m) => (Array.isArray(m) ? m.slice(1).join(' ') : String(m)))
    .filter((m) => BULK_FAILURE.test(m) && !BULK_ALREADY.test(m));
}
