// ticket doctor: GET /api/v2/agents/me, once — reachability, latency, authentication, rate-limit
// headroom (X-RateLimit-Total / X-RateLimit-Remaining) and the server clock.
import type { HealthReport } from '../../model.js';
import { serverMessage, type HttpResponse } from '../../http/client.js';
import { sayError, type BackendContext } from '../context.js';
import { rateLimitFrom, serverDate } from '../shared/health.js';
import { freshdeskAuthHeader, freshdeskHttp } from './api.js';

export async function freshdeskHealth(bc: BackendContext): Promise<HealthReport> {
  let hasCreds = true;
  try {
    freshdeskAuthHeader(bc);
  } catch {
    hasCreds = false;
  }
  const http = freshdeskHttp(bc, { retry: { maxAttempts: 1 }, timeoutMs: Math.min(bc.profile.timeoutMs ?? 10_000, 10_000) });
  const started = Date.now();
  let res: HttpResponse;
  try {
    res = await http.request({ method: 'GET', path: 'agents/me', noAuth: !hasCreds });
  } catch (e) {
    return { reachable: false, latencyMs: null, authenticated: null, rateLimit: null, message: sayError(bc, e) };
  } finally {
    await http.close();
  }
  const base = {
    reachable: true,
    latencyMs: Date.now() - started,
    serverDate: serverDate(res),
    rateLimit: rateLimitFrom(res.headers, ['x-ratelimit-total'], ['x-ratelimit-remaining']),
  };
  if (res.status === 401 || res.status === 403) {
    return { ...base, authenticated: false, message: hasCreds ? `Freshdesk refused the API key: ${serverMessage(res)}.` : 'No API key in the profile.' };
  }
  if (res.status < 200 || res.status >= 300) return { ...base, authenticated: null, message: `Freshdesk answered HTTP ${res.status}: ${serverMessage(res)}.` };
  try {
    const me = res.json<{ contact?: { name?: string; email?: string } }>();
    const user = { name: me.contact?.name ?? null, email: me.contact?.email ?? null };
    return { ...base, authenticated: true, user, message: `Signed in as ${user.email ?? user.name ?? 'an agent'}.` };
  } catch {
    return { ...base, authenticated: null, message: 'The URL does not look like a Freshdesk API (the answer is not JSON).' };
  }
}
