// `ticket doctor` and `ticket init`: reachability, authentication, the current user.
import type { HealthReport, Person } from '../../model.js';
import { AuthError, UnavailableError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { RtApi } from './api.js';
import { sayError, type BackendContext } from '../context.js';

export async function rtHealth(api: RtApi, bc: BackendContext): Promise<HealthReport> {
  const started = Date.now();
  try {
    const res = await api.call({ method: 'GET', path: 'rt' });
    const latencyMs = Date.now() - started;
    const ok = res.status >= 200 && res.status < 300;
    const version = ok ? (res.json<{ Version?: string }>()?.Version ?? null) : null;
    return {
      reachable: true,
      latencyMs,
      authenticated: ok ? true : res.status === 403 ? true : null,
      serverDate: res.headers.date ? new Date(res.headers.date).toISOString() : null,
      rateLimit: null,
      message: ok ? `RT ${version ?? ''}`.trim() : `HTTP ${res.status}: ${await api.serverMessage(res)}`,
    };
  } catch (e) {
    if (e instanceof AuthError) {
      return { reachable: true, latencyMs: Date.now() - started, authenticated: false, message: sayError(bc, e) };
    }
    if (e instanceof UnavailableError) return { reachable: false, latencyMs: null, authenticated: null, message: sayError(bc, e) };
    throw e;
  }
}

export async function rtWhoami(api: RtApi): Promise<Person> {
  const { user } = api;
  if (!user) {
    await api.json<unknown>({ method: 'GET', path: 'rt' }, msg('err.what.rt.checkToken'));
    return { name: null, email: api.bc.profile.email ?? null };
  }
  const u = await api.json<{ Name?: string; RealName?: string; EmailAddress?: string }>(
    { method: 'GET', path: `user/${encodeURIComponent(user)}` },
    msg('err.what.rt.readUser', { user }),
    () => new AuthError(msg('err.rt.noUser', { user }), { hint: api.authHint }),
  );
  return { name: u.RealName || u.Name || user, email: u.EmailAddress || null };
}
