// What the health probes of the HTTP backends read from an answer: rate-limit headroom and the clock.
import type { HealthReport } from '../../model.js';
import type { HttpResponse } from '../../http/client.js';

function num(v: string | undefined): number | null {
  if (v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

export function rateLimitFrom(h: Record<string, string>, limitKeys: string[], remainingKeys: string[]): HealthReport['rateLimit'] {
  const limit = num(limitKeys.map((k) => h[k]).find((v) => v !== undefined));
  const remaining = num(remainingKeys.map((k) => h[k]).find((v) => v !== undefined));
  return limit === null && remaining === null ? null : { limit, remaining };
}

export function serverDate(res: HttpResponse): string | null {
  const d = res.headers.date ? new Date(res.headers.date) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}
