// `ticket undo`: put back the `before` values the journal recorded, ticket by ticket, where the ticket
// still shows the `after` values (else that ticket is refused, naming it: nothing is overwritten
// blindly). The restoring writes go through the same journaled Backend, so an undo is journaled too.
// Comments are never deleted; a created ticket is not deleted either.

import type { Backend } from '../backends/backend.js';
import { STATUSES, type Ticket, type TicketChanges, type Status } from '../model.js';
import { ConflictError, ExitCode, NotFoundError, PartialError, TicketError, UsageError, type Text } from '../errors.js';
import { mismatches, sameValue, type JournalEntry, type Snapshot } from '../journal/store.js';
import { unapplied } from './verify.js';
import { english } from '../i18n/english.js';
import { msg, type Msg } from '../i18n/msg.js';

export interface UndoLine {
  id: string;
  ok: boolean;
  action?: 'restored' | 'unchanged' | 'would-restore';
  from?: Status | null;
  to?: Status | null;
  /** What undo cannot put back (comments, a created ticket, tags added). */
  kept?: string[];
  error?: { code: string; message: string; hint?: string | null };
}

/** The entries that `undo ID` or `undo --last` means: one entry, or every entry of a run. */
export function selectEntries(all: JournalEntry[], target: { id?: string; last?: boolean }, profile: string | null): JournalEntry[] {
  const mine = all.filter((e) => e.profile === profile);
  if (target.last) {
    const last = [...mine].reverse().find((e) => Object.keys(e.after).length || e.commentId);
    if (!last) throw new NotFoundError(msg('cmd.undo.nothing'), { hint: msg('cmd.undo.nothing.hint') });
    return mine.filter((e) => e.run === last.run);
  }
  const id = target.id!;
  const byEntry = all.find((e) => e.id === id);
  const picked = byEntry ? [byEntry] : all.filter((e) => e.run === id || e.bulkRun === id);
  if (!picked.length) throw new NotFoundError(msg('cmd.undo.unknown', { id }), { hint: msg('cmd.undo.unknown.hint') });
  const other = picked.find((e) => e.profile !== profile);
  if (other) {
    throw new UsageError(other.profile ? msg('cmd.undo.otherProfile', { id, profile: other.profile }) : msg('cmd.undo.noProfile', { id }), {
      hint: other.profile ? msg('cmd.undo.otherProfile.hint', { id, profile: other.profile }) : msg('cmd.undo.noProfile.hint'),
    });
  }
  return picked;
}

/** Per ticket: the first `before` and the last `after` of the entries, key by key. */
interface Collapsed {
  before: Snapshot;
  after: Snapshot;
  created: boolean;
  comments: number;
  unknown: boolean;
}

function collapse(entries: JournalEntry[]): Map<string, Collapsed> {
  const out = new Map<string, Collapsed>();
  for (const e of entries) {
    const cur = out.get(e.ticket) ?? { before: {}, after: {}, created: false, comments: 0, unknown: false };
    if (e.beforeUnknown) cur.unknown = true;
    if (e.write === 'createTicket' || (e.write === 'reopen' && e.followUpOf)) cur.created = true;
    if (e.commentId) cur.comments++;
    const b = cur.before as Record<string, unknown>;
    const a = cur.after as Record<string, unknown>;
    for (const [k, v] of Object.entries(e.before)) {
      if (k === 'fields') for (const [f, x] of Object.entries(v as object)) (cur.before.fields ??= {})[f] ??= x;
      else if (!(k in b)) b[k] = v;
    }
    for (const [k, v] of Object.entries(e.after)) {
      if (k === 'fields') Object.assign((cur.after.fields ??= {}), v);
      else a[k] = v;
    }
    out.set(e.ticket, cur);
  }
  return out;
}

function changesBack(t: Ticket, before: Snapshot, after: Snapshot, kept: Msg[]): TicketChanges {
  const c: TicketChanges = {};
  if (before.status !== undefined) c.status = before.status as Status;
  if (before.priority !== undefined) c.priority = before.priority as TicketChanges['priority'];
  if (before.subject !== undefined) c.subject = before.subject;
  if (before.fields) c.fields = Object.fromEntries(Object.entries(before.fields).map(([k, v]) => [k, v ?? '']));
  if (before.cc && after.cc) {
    const had = new Set(before.cc.map((x) => x.toLowerCase()));
    const has = new Set(after.cc.map((x) => x.toLowerCase()));
    const add = [...had].filter((x) => !has.has(x));
    const remove = [...has].filter((x) => !had.has(x));
    if (add.length) c.addCc = add;
    if (remove.length) c.removeCc = remove;
  }
  if (before.tags && after.tags && after.tags.some((x) => !before.tags!.includes(x))) kept.push(msg('cmd.undo.kept.tags'));
  if (before.type !== undefined && !sameValue(before.type, t.type)) kept.push(msg('cmd.undo.kept.type'));
  if (before.category !== undefined && !sameValue(before.category, t.category)) kept.push(msg('cmd.undo.kept.category'));
  return c;
}

export interface UndoResult {
  lines: UndoLine[];
  counts: { restored: number; unchanged: number; failed: number };
}

export async function undoOperation(
  backend: Backend,
  entries: JournalEntry[],
  opts: { dryRun?: boolean; onLine?: (l: UndoLine) => void; concurrency?: number } = {},
): Promise<UndoResult> {
  const lines: UndoLine[] = [];
  const counts = { restored: 0, unchanged: 0, failed: 0 };
  // A refusal said from the catalogue: the line carries the English text, the Msg is kept for undoOutcome.
  const refuse = (l: UndoLine, message: Msg, hint?: Msg) => {
    l.error = { code: l.error?.code ?? 'conflict', message: english(message), ...(hint ? { hint: english(hint) } : {}) };
    lineSaid.set(l, { message, hint });
    emit(l);
  };
  // A backend's error: its text on the line, its catalogue message kept to be said.
  const failed = (l: UndoLine, e: unknown) => {
    const err = e instanceof TicketError ? e : new TicketError('internal', ExitCode.failure, String(e));
    l.error = { code: err.code, message: err.message, hint: err.hint };
    lineSaid.set(l, { message: err.msg ?? err.message, hint: err.hintMsg ?? err.hint });
    emit(l);
  };
  const emit = (l: UndoLine) => {
    lines.push(l);
    if (!l.ok) counts.failed++;
    else if (l.action === 'unchanged') counts.unchanged++;
    else counts.restored++;
    opts.onLine?.(l);
  };
  const { pool } = await import('./bulk.js');
  await pool([...collapse(entries)], opts.concurrency ?? 8, async ([id, { before, after, created, comments, unknown }]) => {
    const kept: Msg[] = [];
    if (comments) kept.push(msg('cmd.undo.kept.comments', { count: comments }));
    // What undo leaves as it is: English on the line (JSON), the messages kept to be said.
    const keeping = (l: UndoLine, always = false): UndoLine => {
      if (kept.length || always) l.kept = kept.map(english);
      keptSaid.set(l, kept);
      return l;
    };
    if (unknown) {
      refuse(keeping({ id, ok: false }, true), msg('cmd.undo.unknownBefore', { id }), msg('cmd.undo.seeShow', { id }));
      return;
    }
    if (created) {
      refuse(keeping({ id, ok: false }, true), msg('cmd.undo.created', { id }), msg('cmd.undo.created.hint', { id }));
      return;
    }
    let t: Ticket;
    try {
      t = await backend.getTicket(id, { comments: false });
    } catch (e) {
      failed({ id, ok: false }, e);
      return;
    }
    const back = changesBack(t, before, after, kept);
    if (!Object.keys(back).length || mismatches(t, before).length === 0) {
      emit(keeping({ id, ok: true, action: 'unchanged', from: t.status, to: t.status }));
      return;
    }
    const moved = mismatches(t, after);
    if (moved.length) {
      const what = moved
        .map((k): Msg => msg('cmd.undo.movedOne', { key: k, now: show(k, t), then: show(k, after as unknown as Ticket) }))
        .reduce((a, b) => msg('cmd.verify.and', { a, b }));
      refuse({ id, ok: false, from: t.status }, msg('cmd.undo.moved', { id, what }), msg('cmd.undo.moved.hint', { id }));
      return;
    }
    if (opts.dryRun) {
      emit(keeping({ id, ok: true, action: 'would-restore', from: t.status, to: (back.status ?? t.status) as Status }));
      return;
    }
    try {
      const now = await backend.updateTicket(id, back);
      const ms = unapplied(back, now);
      if (ms.length) {
        refuse({ id, ok: false, from: t.status, to: now.status, error: { code: 'not-applied', message: '' } }, msg('cmd.undo.notRestored', { id, what: ms.map((m) => m.what).join(', ') }));
      } else emit(keeping({ id, ok: true, action: 'restored', from: t.status, to: now.status }));
    } catch (e) {
      failed({ id, ok: false, from: t.status }, e);
    }
  });
  return { lines, counts };
}

function show(key: string, t: Ticket): string | Msg {
  const v = key.startsWith('fields.') ? t.fields?.[key.slice(7)] : (t as unknown as Record<string, unknown>)[key];
  // A status in the user's words (English: the status itself).
  if (key === 'status' && (STATUSES as readonly unknown[]).includes(v)) return msg(`cmd.state.${v as Status}`);
  return v === undefined || v === null ? msg('cmd.undo.empty') : Array.isArray(v) ? v.join(',') || msg('cmd.undo.empty') : String(v);
}

// The catalogue messages behind a line (the line keeps the English text for JSON).
const lineSaid = new WeakMap<UndoLine, { message: Text; hint?: Text | null }>();
const keptSaid = new WeakMap<UndoLine, Msg[]>();

const sayText = (x: Text, t: (m: Msg) => string): string => (typeof x === 'string' ? x : t(x));

/** Why a line failed, in the user's language (the English text when it came from elsewhere). */
export function sayUndoLine(l: UndoLine, t: (m: Msg) => string): { message: string; hint: string | null } {
  const m = lineSaid.get(l);
  if (!m) return { message: l.error?.message ?? '', hint: l.error?.hint ?? null };
  return { message: sayText(m.message, t), hint: m.hint ? sayText(m.hint, t) : null };
}

/** What undo left as it was on a line, in the user's language. */
export function sayUndoKept(l: UndoLine, t: (m: Msg) => string): string[] {
  return keptSaid.get(l)?.map((m) => t(m)) ?? l.kept ?? [];
}

/** The exit of an undo: 0, or the one ticket's refusal, or 8 when some of several failed. */
export function undoOutcome(r: UndoResult): void {
  if (!r.counts.failed) return;
  if (r.lines.length === 1) {
    const e = r.lines[0]!.error!;
    const said = lineSaid.get(r.lines[0]!);
    throw new ConflictError(said?.message ?? e.message, { hint: said?.hint ?? e.hint ?? null, data: { id: r.lines[0]!.id, code: e.code } });
  }
  throw new PartialError(msg('cmd.undo.failed', { failed: r.counts.failed, total: r.lines.length }), {
    hint: msg('cmd.undo.failed.hint'),
    data: { ...r.counts, total: r.lines.length },
  });
}
