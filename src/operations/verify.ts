// Writes say what really happened: before sending, a request is checked against what
// the backend can do; after it, the resulting ticket is compared with what was asked.

import type { Backend, WriteCapabilities } from '../backends/backend.js';
import type { FieldValue, Status, Ticket, TicketChanges, TicketType } from '../model.js';
import { STATUSES, TICKET_TYPES } from '../model.js';
import { NotAppliedError, ValidationError } from '../errors.js';
import { fold } from '../util/text.js';

/** One thing asked for that the resulting ticket does not show. */
export interface Mismatch {
  what: string;
  requested: unknown;
  actual: unknown;
}

/** For backends (and test fakes) that declare nothing: everything in the model is settable. */
export const PERMISSIVE_CAPABILITIES: WriteCapabilities = {
  statuses: STATUSES.map((s) => ({ status: s, backendStatus: s })),
  types: [...TICKET_TYPES],
  cc: true,
  internalNotes: true,
  reopenWindowDays: null,
  solve: 'always',
};

export async function capabilitiesOf(backend: Backend, scope: 'create' | 'all' = 'all'): Promise<WriteCapabilities> {
  return backend.writeCapabilities ? backend.writeCapabilities({ scope }) : PERMISSIVE_CAPABILITIES;
}

/** Refuse, before sending, a status or type the backend cannot represent (exit 2). */
export function checkWritable(
  caps: WriteCapabilities,
  backendName: string,
  req: { status?: Status; type?: TicketType | null; cc?: readonly string[] | null; tags?: readonly string[] | null; category?: string },
): void {
  if (req.status !== undefined && !caps.statuses.some((s) => s.status === req.status)) {
    const can = caps.statuses.map((s) => (s.backendStatus === s.status ? s.status : `${s.status} (${s.backendStatus})`)).join(', ');
    throw new ValidationError(`${backendName} has no status "${req.status}" that a write can set.`, {
      hint: `Statuses it can set: ${can}.`,
      data: { status: req.status, statuses: caps.statuses.map((s) => s.status) },
    });
  }
  const types = (req.category !== undefined && caps.typesByCategory?.[req.category]) || caps.types;
  if (req.type && !types.includes(req.type)) {
    throw new ValidationError(
      types.length ? `${backendName} has no ticket type "${req.type}"${req.category ? ` in ${req.category}` : ''}.` : `${backendName} stores no ticket type${req.category ? ` in ${req.category}` : ' here'}.`,
      {
        hint: types.length ? `Types it can store: ${types.join(', ')}.` : 'Leave out --type.',
        data: { type: req.type, types },
      },
    );
  }
  if (req.tags?.length && caps.tags === false) {
    throw new ValidationError(`${backendName} tickets have no tags.`, { hint: 'Leave out --tag (a custom field may serve: --field).' });
  }
  if (req.cc?.length && !caps.cc) {
    throw new ValidationError(`${backendName} does not take CC recipients here.`, { hint: 'Leave out --cc.' });
  }
}

function sameField(a: FieldValue | undefined, b: FieldValue): boolean {
  if (a === undefined || a === null) return b === '' || (Array.isArray(b) && !b.length) || b === false;
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = (Array.isArray(a) ? a : [a]).map((v) => fold(String(v))).sort();
    const y = (Array.isArray(b) ? b : [b]).map((v) => fold(String(v))).sort();
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (typeof b === 'boolean' || typeof a === 'boolean') return truthyValue(a) === truthyValue(b);
  if (typeof b === 'number' || typeof a === 'number') return Number(a) === Number(b);
  return fold(String(a).trim()) === fold(String(b).trim());
}

function truthyValue(v: FieldValue): boolean {
  return v === true || (typeof v === 'string' && ['1', 'true', 'yes', 'on'].includes(v.toLowerCase())) || v === 1;
}

const lower = (xs: readonly string[]) => new Set(xs.map((x) => x.toLowerCase()));

/** What the changes asked for that `after` does not show. */
export function unapplied(changes: TicketChanges & { type?: TicketType | null }, after: Ticket): Mismatch[] {
  const out: Mismatch[] = [];
  if (changes.status !== undefined && after.status !== changes.status) {
    out.push({ what: 'status', requested: changes.status, actual: after.status });
  }
  if (changes.priority !== undefined && after.priority !== changes.priority) {
    out.push({ what: 'priority', requested: changes.priority, actual: after.priority });
  }
  if (changes.type && after.type !== changes.type) out.push({ what: 'type', requested: changes.type, actual: after.type });
  if (changes.subject !== undefined && after.subject.trim() !== changes.subject.trim()) {
    out.push({ what: 'subject', requested: changes.subject, actual: after.subject });
  }
  for (const [k, v] of Object.entries(changes.fields ?? {})) {
    if (!sameField(after.fields[k], v)) out.push({ what: `fields.${k}`, requested: v, actual: after.fields[k] ?? null });
  }
  const cc = lower(after.cc);
  const missing = (changes.addCc ?? []).filter((e) => !cc.has(e.toLowerCase()));
  if (missing.length) out.push({ what: 'cc', requested: missing, actual: after.cc });
  const kept = (changes.removeCc ?? []).filter((e) => cc.has(e.toLowerCase()));
  if (kept.length) out.push({ what: 'removeCc', requested: kept, actual: after.cc });
  const tags = lower(after.tags);
  const noTag = (changes.tags ?? []).filter((t) => !tags.has(t.toLowerCase()));
  if (noTag.length) out.push({ what: 'tags', requested: noTag, actual: after.tags });
  return out;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  return Array.isArray(v) ? v.join(', ') || 'nothing' : String(v);
}

/** "status: asked for closed, it is solved (resolved)" */
export function describeMismatches(ms: Mismatch[], after: Ticket): string {
  return ms
    .map((m) => {
      const actual = m.what === 'status' && after.backendStatus && after.backendStatus !== after.status ? `${show(m.actual)} (${after.backendStatus})` : show(m.actual);
      if (m.what === 'removeCc') return `cc: asked to remove ${show(m.requested)}, still there`;
      if (m.what === 'cc' || m.what === 'tags') return `${m.what}: asked to add ${show(m.requested)}, it has ${show(m.actual)}`;
      return `${m.what}: asked for ${show(m.requested)}, it is ${actual}`;
    })
    .join('; ');
}

/**
 * Throw NotAppliedError (exit 6) when `after` does not show what was asked; the error carries the
 * ticket as it now is and each mismatch.
 */
export function assertApplied(
  changes: TicketChanges & { type?: TicketType | null },
  after: Ticket,
  opts: { backendName: string; extra?: Record<string, unknown>; why?: string | null } = { backendName: 'The backend' },
): void {
  const ms = unapplied(changes, after);
  if (!ms.length) return;
  throw notApplied(ms, after, opts);
}

export function notApplied(
  ms: Mismatch[],
  after: Ticket,
  opts: { backendName: string; extra?: Record<string, unknown>; why?: string | null },
): NotAppliedError {
  return new NotAppliedError(
    `${opts.backendName} did not apply the change to ticket #${after.id}: ${describeMismatches(ms, after)}.`,
    { ...after, ...(opts.extra ?? {}) },
    {
      hint: opts.why ?? `See \`ticket show ${after.id}\`; \`ticket doctor --json\` lists what this backend can set.`,
      data: { mismatches: ms },
    },
  );
}
