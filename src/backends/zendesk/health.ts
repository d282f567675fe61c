// ticket doctor: GET /api/v2/users/me, once, with a short timeout — reachability, latency,
// authentication, rate-limit headroom (X-Rate-Limit / X-Rate-Limit-Remaining) and the server clock.
import type { HealthReport } from '../../model.js';
import { serverMessage, type HttpResponse } from '../../http/client.js';
import { sayError, type BackendContext } from '../context.js';
import { zendeskAuthHeader, zendeskHttp } from './api.js';
import type { ZdUser } from './mapping.js';
import { rateLimitFrom, serverDate } from '../shared/health.js';

export async function zendeskHealth(bc: BackendContext): Promise<HealthReport> {
  let hasCreds = true;
  try {
    zendeskAuthHeader(bc);
  } catch {
    hasCreds = false;
  }
  const http = zendeskHttp(bc, { retry: { maxAttempts: 1 }, timeoutMs: Math.min(bc.profile.timeoutMs ?? 10_000, 10_000) });
  const started = Date.now();
  let res: HttpResponse;
  try {
    res = await http.request({ method: 'GET', path: 'users/me', noAuth: !hasCreds });
  } catch (e) {
    return { reachable: false, latencyMs: null, authenticated: null, rateLimit: null, message: sayError(bc, e) };
  } finally {
    await http.close();
  }
  const latencyMs = Date.now() - started;
  const rateLimit = rateLimitFrom(res.headers, ['x-rate-limit', 'ratelimit-limit'], ['x-rate-limit-remaining', 'ratelimit-remaining']);
  const base = { reachable: true, latencyMs, serverDate: serverDate(res), rateLimit };
  if (res.status === 401 || res.status === 403) {
    return { ...base, authenticated: false, message: `Zendesk refused the credentials: ${serverMessage(res)}.` };
  }
  if (res.status < 200 || res.status >= 300) {
    return { ...base, authenticated: null, message: `Zendesk answered HTTP ${res.status}: ${serverMessage(res)}.` };
  }
  let user: ZdUser | null = null;
  try {
    user = res.json<{ user: ZdUser }>().user;
  } catch {
    return { ...base, authenticated: null, message: 'The URL does not look like a Zendesk API (the answer is not JSON).' };
  }
  // Zendesk answers an unauthenticated /users/me with an anonymous user (id null).
  const authenticated = Boolean(user && user.id !== null && user.id !== undefined);
  return {
    ...base,
    authenticated,
    user: authenticated ? { name: user!.name ?? null, email: user!.email ?? null } : null,
    message: authenticated ? `Signed in as ${user!.email ?? user!.name} (${user!.role ?? 'user'}).` : hasCreds ? 'Zendesk treats these credentials as anonymous.' : 'No credentials in the profile.',
  };
}
