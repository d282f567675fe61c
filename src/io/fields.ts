// --fields a,b,c (a global flag, docs/agents.md; MCP `fields`): only those keys of each ticket, in that
// order. Applied here for every printer of tickets (list, show, writes, bulk lines) and the MCP tools.

import { UsageError } from '../errors.js';
import { TICKET_KEYS } from '../schema/json.js';
import { msg } from '../i18n/msg.js';

/** Keys of a ticket, and of what write results and bulk lines add to it. */
export const FIELD_NAMES: readonly string[] = [...TICKET_KEYS, 'action', 'followUp', 'ok', 'from', 'to', 'actual', 'error'];

export function parseFields(value: string | readonly string[], flag = '--fields'): string[] {
  const items = (typeof value === 'string' ? value.split(',') : value).map((s) => s.trim()).filter(Boolean);
  const hint = msg('cmd.fields.valid', { list: FIELD_NAMES.join(', ') });
  if (!items.length) throw new UsageError(msg('cmd.fields.none', { flag }), { hint });
  const unknown = items.filter((f) => !FIELD_NAMES.includes(f));
  if (unknown.length) {
    throw new UsageError(msg(unknown.length > 1 ? 'cmd.fields.unknownMany' : 'cmd.fields.unknown', { flag, list: unknown.map((f) => `"${f}"`).join(', ') }), {
      hint,
      data: { unknown, valid: FIELD_NAMES },
    });
  }
  return [...new Set(items)];
}

/**
 * Only the selected keys, in the order asked. A key the object does not have is left out (a list
 * has no comments); a bulk line keeps its error so a failure is never hidden.
 */
export function pickFields<T extends object>(value: T, fields: readonly string[] | undefined | null): Partial<T> | T {
  if (!fields?.length || !value || typeof value !== 'object') return value;
  const rec = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (f in rec && rec[f] !== undefined) out[f] = rec[f];
  if ('ok' in rec && rec.ok === false && rec.error !== undefined) out.error = rec.error;
  return out as Partial<T>;
}
