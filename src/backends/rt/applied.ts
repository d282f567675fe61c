// Did RT do what was asked? RT answers a write with messages for people (PUT, correspond, bulk)
// or with the bare id (create); the ticket read back once is compared with the request, and RT's
// failure messages are kept, so a write never reports success for what RT did not do.
import type { FieldValue, Priority, Status, Ticket, TicketType } from '../../model.js';
import { NotAppliedError } from '../../errors.js';
import { english } from '../../i18n/english.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import { statusToRt } from './mapping.js';

/** What a write asked of RT, in our model (fields as sent, keyed by the CF name). */
export interface Requested {
  status?: Status;
  priority?: Priority;
  subject?: string;
  type?: TicketType | null;
  fields?: Record<string, FieldValue>;
  addCc?: string[];
  removeCc?: string[];
}

/** One thing asked for that the ticket does not show (the shape of operations/verify's Mismatch). */
export interface RtMismatch {
  what: string;
  requested: unknown;
  actual: unknown;
}

const empty = (v: FieldValue | undefined) => v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
const norm = (v: FieldValue) => (Array.isArray(v) ? v : [v]).map((x) => fold(String(x).trim())).sort();

function sameValue(actual: FieldValue | undefined, asked: FieldValue): boolean {
  if (empty(asked)) return empty(actual);
  if (empty(actual)) return false;
  const a = norm(actual!);
  const b = norm(typeof asked === 'boolean' ? (asked ? '1' : '0') : asked);
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export function mismatches(req: Requested, t: Ticket): RtMismatch[] {
  const out: RtMismatch[] = [];
  if (req.status !== undefined && t.backendStatus.toLowerCase() !== statusToRt(req.status)) {
    out.push({ what: 'status', requested: req.status, actual: t.status });
  }
  if (req.priority !== undefined && t.priority !== req.priority) out.push({ what: 'priority', requested: req.priority, actual: t.priority });
  if (req.subject !== undefined && t.subject.trim() !== req.subject.trim()) out.push({ what: 'subject', requested: req.subject, actual: t.subject });
  if (req.type && t.type !== req.type) out.push({ what: 'type', requested: req.type, actual: t.type });
  for (const [k, v] of Object.entries(req.fields ?? {})) {
    if (!sameValue(t.fields[k], v)) out.push({ what: `fields.${k}`, requested: v, actual: t.fields[k] ?? null });
  }
  const cc = new Set(t.cc.map((x) => x.toLowerCase()));
  const missing = (req.addCc ?? []).filter((e) => !cc.has(e.toLowerCase()));
  if (missing.length) out.push({ what: 'cc', requested: missing, actual: t.cc });
  const kept = (req.removeCc ?? []).filter((e) => cc.has(e.toLowerCase()));
  if (kept.length) out.push({ what: 'removeCc', requested: kept, actual: t.cc });
  return out;
}

const show = (v: unknown): string | Msg => (v === null || v === undefined ? msg('err.rt.nothing') : Array.isArray(v) ? v.join(', ') || msg('err.rt.nothing') : String(v));

/** Messages joined with "; " (said in the user's language). */
export function joined(parts: (string | Msg)[]): string | Msg {
  return parts.length ? parts.reduce((a, b) => msg('err.list.semicolon', { a, b })) : '';
}

export function describeMsg(ms: RtMismatch[], t: Ticket): string | Msg {
  return joined(
    ms.map((m) => {
      if (m.what === 'removeCc') return msg('err.rt.mismatch.removeCc', { requested: show(m.requested) });
      if (m.what === 'cc') return msg('err.rt.mismatch.addCc', { requested: show(m.requested), actual: show(m.actual) });
      const actual = m.what === 'status' && t.backendStatus !== t.status ? msg('err.list.paren', { a: show(m.actual), b: t.backendStatus }) : show(m.actual);
      return msg('err.rt.mismatch', { what: m.what, requested: show(m.requested), actual });
    }),
  );
}

/** The mismatches in English (JSON results). */
export function describe(ms: RtMismatch[], t: Ticket): string {
  const d = describeMsg(ms, t);
  return typeof d === 'string' ? d : english(d);
}

/** Exit 6, carrying the ticket as RT now has it, what differs, and what RT said. */
export function notApplied(t: Ticket, ms: RtMismatch[], said: string[], what: Msg = msg('err.rt.notApplied.change')): NotAppliedError {
  const parts = [ms.length ? describeMsg(ms, t) : '', said.length ? msg('err.rt.said', { messages: said.join('; ') }) : ''].filter(Boolean);
  return new NotAppliedError(msg('err.rt.notApplied', { what, id: t.id, parts: joined(parts) }), t, {
    hint: msg('err.rt.notApplied.hint', { id: t.id }),
    data: { mismatches: ms, messages: said },
  });
}

/** Throw NotAppliedError unless `t` shows the request and RT reported no failure. */
export function assertRtApplied(req: Requested, t: Ticket, said: string[], what?: Msg): Ticket {
  const ms = mismatches(req, t);
  if (ms.length || said.length) throw notApplied(t, ms, said, what);
  return t;
}
