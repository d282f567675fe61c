// ticket doctor: GET /rest/servicedeskapi/info (no login needed) for reachability, latency, the
// JSM version, the server clock and rate-limit headroom (X-RateLimit-Limit / -Remaining), then one
// authenticated call (the service desks) for the credentials.
import type { HealthReport } from '../../model.js';
import { serverMessage, type HttpResponse } from '../../http/client.js';
import { sayError, type BackendContext } from '../context.js';
import { rateLimitFrom, serverDate } from '../shared/health.js';
import { jsmAuthHeader, jsmHttp } from './api.js';
import type { JsmInfo } from './types.js';

export async function jsmHealth(bc: BackendContext): Promise<HealthReport> {
  let hasCreds = true;
  try {
    jsmAuthHeader(bc);
  } catch {
    hasCreds = false;
  }
  const http = jsmHttp(bc, { retry: { maxAttempts: 1 }, timeoutMs: Math.min(bc.profile.timeoutMs ?? 10_000, 10_000) });
  const started = Date.now();
  let info: HttpResponse;
  let auth: HttpResponse | null = null;
  try {
    info = await http.request({ method: 'GET', path: 'info', noAuth: true });
    if (hasCreds && info.status < 500) auth = await http.request({ method: 'GET', path: 'servicedesk', query: { limit: 1 } });
  } catch (e) {
    return { reachable: false, latencyMs: null, authenticated: null, rateLimit: null, message: sayError(bc, e) };
  } finally {
    await http.close();
  }
  const latencyMs = Date.now() - started;
  const headers = auth?.headers ?? info.headers;
  const base = { reachable: true, latencyMs, serverDate: serverDate(info), rateLimit: rateLimitFrom(headers, ['x-ratelimit-limit'], ['x-ratelimit-remaining']) };
  if (info.status < 200 || info.status >= 300) {
    return { ...base, authenticated: null, message: `Jira Service Management answered HTTP ${info.status} on /info: ${serverMessage(info)}.` };
  }
  let version: string | null = null;
  try {
    version = info.json<JsmInfo>()?.version ?? null;
  } catch {
    return { ...base, authenticated: null, message: 'The URL does not look like a Jira Service Management site (the answer is not JSON).' };
  }
  const v = version ? `JSM ${version}` : 'JSM';
  if (!auth) return { ...base, authenticated: null, message: `${v}; no credentials in the profile.` };
  if (auth.status === 401 || auth.status === 403) {
    return { ...base, authenticated: false, message: `${v}; the credentials were refused: ${serverMessage(auth)}.` };
  }
  if (auth.status < 200 || auth.status >= 300) return { ...base, authenticated: null, message: `${v}; HTTP ${auth.status}: ${serverMessage(auth)}.` };
  return { ...base, authenticated: true, user: { name: null, email: bc.profile.user ?? null }, message: `${v}; signed in${bc.profile.user ? ` as ${bc.profile.user}` : ''}.` };
}
