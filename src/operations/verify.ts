// Writes say what really happened: before sending, a request is checked against what
// the backend can do; after it, the resulting ticket is compared with what was asked.

import type { Backend, WriteCapabilities } from '../backends/backend.js';
import type { FieldValue, Status, Ticket, TicketChanges, TicketType } from '../model.js';
import { STATUSES, TICKET_TYPES } from '../model.js';
import { NotAppliedError, ValidationError, type Text } from '../errors.js';
import { english } from '../i18n/english.js';
import { fold } from '../util/text.js';
import { msg, type Msg } from '../i18n/msg.js';

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
  onBehalf: true,
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
  req: { status?: Status; backendStatus?: string; type?: TicketType | null; cc?: readonly string[] | null; tags?: readonly string[] | null; category?: string; requester?: string | null },
  kind?: string,
): void {
  if (req.requester && !caps.onBehalf) {
    throw new ValidationError(msg('req.onBehalf.refused', { backend: backendName }), {
      hint: msg(kind === 'zendesk' ? 'req.onBehalf.hint.zendesk' : 'req.onBehalf.hint'),
      data: { requester: req.requester },
    });
  }
  if (req.status !== undefined && !caps.statuses.some((s) => s.status === req.status)) {
    const can = caps.statuses.map((s) => (s.backendStatus === s.status ? s.status : `${s.status} (${s.backendStatus})`)).join(', ');
    throw new ValidationError(msg('cmd.verify.noStatus', { backend: backendName, status: req.status }), {
      hint: msg('cmd.verify.noStatus.hint', { list: can }),
      data: { status: req.status, statuses: caps.statuses.map((s) => s.status) },
    });
  }
  if (req.backendStatus !== undefined && !caps.statuses.some((s) => fold(s.backendStatus) === fold(req.backendStatus!) && (req.status === undefined || s.status === req.status))) {
    throw new ValidationError(msg('vocab.notWritable', { backend: backendName, name: req.backendStatus }), {
      hint: msg('vocab.notWritable.hint', { statuses: caps.statuses.map((s) => `${s.backendStatus} (${s.status})`).join(', ') }),
      data: { backendStatus: req.backendStatus, statuses: caps.statuses },
    });
  }
  const types = (req.category !== undefined && caps.typesByCategory?.[req.category]) || caps.types;
  if (req.type && !types.includes(req.type)) {
    throw new ValidationError(
      types.length
        ? req.category
          ? msg('cmd.verify.noTypeIn', { backend: backendName, type: req.type, category: req.category })
          : msg('cmd.verify.noType', { backend: backendName, type: req.type })
        : req.category
          ? msg('cmd.verify.noTypesIn', { backend: backendName, category: req.category })
          : msg('cmd.verify.noTypes', { backend: backendName }),
      {
        hint: types.length ? msg('cmd.verify.types.hint', { list: types.join(', ') }) : msg('cmd.verify.noTypes.hint'),
        data: { type: req.type, types },
      },
    );
  }
  if (req.tags?.length && caps.tags === false) {
    throw new ValidationError(msg('cmd.verify.noTags', { backend: backendName }), { hint: msg('cmd.verify.noTags.hint') });
  }
  if (req.cc?.length && !caps.cc) {
    throw new ValidationError(msg('cmd.verify.noCc', { backend: backendName }), { hint: msg('cmd.verify.noCc.hint') });
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
  if (changes.backendStatus !== undefined && fold(after.backendStatus ?? '') !== fold(changes.backendStatus)) {
    out.push({ what: 'backendStatus', requested: changes.backendStatus, actual: after.backendStatus });
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

function show(v: unknown, what?: string): string | Msg {
  if (v === null || v === undefined) return msg('cmd.verify.nothing');
  if (what === 'status' && typeof v === 'string' && (STATUSES as readonly string[]).includes(v)) return msg(`cmd.state.${v as Status}`);
  return Array.isArray(v) ? v.join(', ') || msg('cmd.verify.nothing') : String(v);
}

/** "status: asked for closed, it is solved (resolved)" */
export function mismatchesMsg(ms: Mismatch[], after: Ticket): Msg {
  const parts = ms.map((m): Msg => {
    const actual =
      m.what === 'status' && after.backendStatus && after.backendStatus !== after.status
        ? msg('cmd.verify.withBackend', { value: show(m.actual, m.what), backend: after.backendStatus })
        : show(m.actual, m.what);
    if (m.what === 'removeCc') return msg('cmd.verify.stillThere', { what: 'cc', requested: show(m.requested) });
    if (m.what === 'cc' || m.what === 'tags') return msg('cmd.verify.notAdded', { what: m.what, requested: show(m.requested), actual: show(m.actual) });
    return msg('cmd.verify.askedFor', { what: m.what, requested: show(m.requested, m.what), actual });
  });
  return parts.reduce((a, b) => msg('cmd.verify.and', { a, b }));
}

export function describeMismatches(ms: Mismatch[], after: Ticket): string {
  return english(mismatchesMsg(ms, after));
}

/**
 * Throw NotAppliedError (exit 6) when `after` does not show what was asked; the error carries the
 * ticket as it now is and each mismatch.
 */
export function assertApplied(
  changes: TicketChanges & { type?: TicketType | null },
  after: Ticket,
  opts: { backendName: string; extra?: Record<string, unknown>; why?: Text | null } = { backendName: 'The backend' },
): void {
  const ms = unapplied(changes, after);
  if (!ms.length) return;
  throw notApplied(ms, after, opts);
}

/** `--requester` asked for someone the created ticket does not name: exit 6 with the ticket as it is. */
export function assertRequester(requested: string | null | undefined, after: Ticket, backendName: string): void {
  const actual = after.requester.email;
  if (!requested || !actual || actual.toLowerCase() === requested.toLowerCase()) return;
  throw new NotAppliedError(msg('req.onBehalf.notApplied', { backend: backendName, id: after.id, actual, requested }), { ...after, action: 'created' }, {
    hint: msg('req.onBehalf.notApplied.hint', { id: after.id }),
    data: { mismatches: [{ what: 'requester', requested, actual }] },
  });
}

export function notApplied(
  ms: Mismatch[],
  after: Ticket,
  opts: { backendName: string; extra?: Record<string, unknown>; why?: Text | null },
): NotAppliedError {
  return new NotAppliedError(
    msg('cmd.verify.notApplied', { backend: opts.backendName, id: after.id, what: mismatchesMsg(ms, after) }),
    { ...after, ...(opts.extra ?? {}) },
    {
      hint: opts.why ?? msg('cmd.verify.notApplied.hint', { id: after.id }),
      data: { mismatches: ms },
    },
  );
}
