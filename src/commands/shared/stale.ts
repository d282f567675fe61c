import { UsageError, isTicketError } from '../../errors.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { parseSince } from './options.js';

/** The default of the profile setting `staleAfter`: BOCP asks customers to come back after two months. */
export const STALE_AFTER_DEFAULT = '60d';

/** `--stale 60d | 2w | 48h | 2026-11-01` → the cutoff (ISO): no word from support since then. */
export function parseStale(value: string, now: Date, flag = '--stale'): string {
  try {
    return parseSince(value, now);
  } catch (e) {
    if (!isTicketError(e)) throw e;
    throw new UsageError(msg('vocab.stale.bad', { flag, value }), { hint: msg('vocab.stale.hint') });
  }
}

/** The heading of the stale section: the threshold in days, hours or minutes, or its date. */
export function staleHeading(value: string): Msg {
  const m = /^\s*(\d+)\s*([mhdw])\s*$/.exec(value);
  if (!m) return msg('vocab.stale.since', { date: value.trim() });
  const n = Number(m[1]);
  if (m[2] === 'w') return msg('vocab.stale.days', { n: n * 7 });
  return msg(m[2] === 'd' ? 'vocab.stale.days' : m[2] === 'h' ? 'vocab.stale.hours' : 'vocab.stale.minutes', { n });
}
