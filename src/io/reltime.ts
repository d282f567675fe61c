import type { Translate } from '../i18n/messages.js';

/** "3h ago", localized; `now` is injected so output is deterministic under test (like gh's Now). */
export function relativeTime(iso: string, now: Date, t: Translate): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const s = Math.round((now.getTime() - at) / 1000);
  if (s < -60) return t('term.time.future');
  if (s < 60) return t('term.time.now');
  const m = Math.floor(s / 60);
  if (m < 60) return t('term.time.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 24) return t('term.time.hours', { n: h });
  const d = Math.floor(h / 24);
  if (d < 30) return t('term.time.days', { n: d });
  const mo = Math.floor(d / 30.44);
  if (mo < 12) return t('term.time.months', { n: mo });
  return t('term.time.years', { n: Math.floor(d / 365.25) });
}
