// Did RT do what was asked? RT answers a write with messages for people (PUT, correspond, bulk)
// or with the bare id (create); the ticket read back once is compared with the request, and RT's
// failure messages are kept, so a write never reports success for what RT did not do.
import type { FieldValue, Priority, Status, Ticket, TicketType } from '../../model.js';
import { NotAppliedError } from '../../errors.js';
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

const show = (v: unknown) => (v === null || v === undefined ? 'nothing' : Array.isArray(v) ? v.join(', ') || 'nothing' : String(v));

export function describe(ms: RtMismatch[], t: Ticket): string {
  return ms
    .map((m) => {
      if (m.what === 'removeCc') return `cc: asked to remove ${show(m.requested)}, still there`;
      if (m.what === 'cc') return `cc: asked to add ${show(m.requested)}, it has ${show(m.actual)}`;
      const actual = m.what === 'status' && t.backendStatus !== t.status ? `${show(m.actual)} (${t.backendStatus})` : show(m.actual);
      return `${m.what}: asked for ${show(m.requested)}, it is ${actual}`;
    })
    .join('; ');
}

/** Exit 6, carrying the ticket as RT now has it, what differs, and what RT said. */
export function notApplied(t: Ticket, ms: RtMismatch[], said: string[], what = 'the change'): NotAppliedError {
  const parts = [ms.length ? describe(ms, t) : '', said.length ? `RT said: ${said.join('; ')}` : ''].filter(Boolean);
  return new NotAppliedError(`RT did not apply ${what} to ticket #${t.id}: ${parts.join('; ')}.`, t, {
    hint: `See \`ticket show ${t.id}\`; \`ticket doctor --json\` lists what RT can set.`,
    data: { mismatches: ms, messages: said },
  });
}

/** Throw NotAppliedError unless `t` shows the request and RT reported no failure. */
export function assertRtApplied(req: Requested, t: Ticket, said: string[], what?: string): Ticket {
  const ms = mismatches(req, t);
  if (ms.length || said.length) throw notApplied(t, ms, said, what);
  return t;
}
