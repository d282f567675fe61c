import * as http from 'node:http';
import * as https from 'node:https';
import type { IncomingMessage } from 'node:http';
import { AuthError, NotFoundError, PermissionError, UnavailableError, type Text } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { VERSION } from '../version.js';

// A streaming GET for downloads (src/http/client.ts buffers whole bodies, which a 200 MB attachment
// must never be). Redirects are followed; credentials go to `authOrigin` only, never to the
// storage host a redirect points at (Zendesk and Freshdesk hand out signed CDN/S3 links).

export interface StreamGetOptions {
  /** Headers that authenticate, sent only to this origin. */
  auth?: () => Record<string, string>;
  authOrigin?: string;
  headers?: Record<string, string>;
  /** Idle timeout (no byte for this long), in milliseconds. */
  timeoutMs?: number;
  debug?: (line: string) => void;
  /** What a 404 means, for the error message. */
  what: Text;
}

export async function streamGet(url: string, o: StreamGetOptions): Promise<IncomingMessage> {
  let target = new URL(url);
  for (let hop = 0; hop < 6; hop++) {
    const res = await once(target, o);
    const status = res.statusCode ?? 0;
    if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
      res.resume();
      target = new URL(res.headers.location, target);
      continue;
    }
    if (status >= 200 && status < 300) return res;
    res.resume();
    const what = o.what;
    if (status === 401) throw new AuthError(msg('err.http.stream.auth', { what }), { hint: msg('err.checkProfile.hint') });
    if (status === 403) throw new PermissionError(msg('err.http.stream.forbidden', { what }));
    if (status === 404) throw new NotFoundError(msg('err.http.stream.notFound', { what }));
    throw new UnavailableError(msg('err.http.stream.status', { what, status }), { retryable: status >= 500 });
  }
  throw new UnavailableError(msg('err.http.stream.redirects', { what: o.what }));
}

function once(url: URL, o: StreamGetOptions): Promise<IncomingMessage> {
  const headers: Record<string, string> = { 'user-agent': `ticket/${VERSION}`, ...(o.headers ?? {}) };
  if (o.auth && o.authOrigin && url.origin === o.authOrigin) Object.assign(headers, o.auth());
  o.debug?.(`→ GET ${url.toString()} (streamed)`);
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method: 'GET', headers }, (res) => {
      o.debug?.(`← ${res.statusCode} GET ${url.pathname}`);
      resolve(res);
    });
    req.setTimeout(o.timeoutMs ?? 60_000, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        new UnavailableError(msg('err.http.unreachable', { origin: url.origin, code: e.code ?? e.message }), {
          hint: msg('err.http.stream.unreachable.hint'),
          retryable: true,
          cause: e,
        }),
      ),
    );
    req.end();
  });
}

/** The length the server announced, or null. */
export function contentLength(res: IncomingMessage): number | null {
  const n = Number(res.headers['content-length']);
  return Number.isFinite(n) && n >= 0 && res.headers['content-encoding'] === undefined ? n : null;
}
