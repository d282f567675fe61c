// `bulk`: change many tickets at once, as an operation shared by the CLI command and the MCP tool.
// Targets in, one line per ticket out (through onLine, as they are done); a ticket already in the
// target state is "unchanged" (its comment is not added again), so a rerun finishes an interrupted
// job without doing anything twice. Each line says what the backend now shows (exit 6 semantics
// per item: ok:false not-applied with the actual status).

import type { Backend, BulkItem } from '../backends/backend.js';
import type { Category, FieldValue, Priority, Status, Ticket, TicketChanges } from '../model.js';
import { BACKEND_NAMES } from '../backends/backend.js';
import { english } from '../i18n/english.js';
import { CancelledError, ExitCode, NotFoundError, TicketError, ValidationError } from '../errors.js';
import { mismatchesMsg, unapplied } from './verify.js';
import { msg } from '../i18n/msg.js';
import { checkStatusWritable, resolveFieldChanges } from './write.js';

export interface Change {
  status?: Status;
  /** A status of the backend's vocabulary (its name), with `status` its normalized status. */
  backendStatus?: string;
  priority?: Priority;
  fields?: Record<string, FieldValue>;
  comment?: string;
}

export interface Target {
  id: string;
  change: Change;
  current?: Ticket;
}

export interface BulkLine {
  id: string;
  ok: boolean;
  action?: 'updated' | 'unchanged' | 'would-update';
  from?: Status | null;
  to?: Status | null;
  /** not-applied: the status the ticket is in after the backend answered. */
  actual?: Status | null;
  priority?: Priority;
  error?: { code: string; message: string; hint?: string | null; mismatches?: unknown };
}

export const hasChange = (c: Change) => c.status !== undefined || c.priority !== undefined || c.fields !== undefined || c.comment !== undefined;

/**
 * Is the ticket already where the change would put it? (set-to-target semantics) The same
 * comparison that judges a write's result afterwards (verify.ts), so "unchanged" and "applied" agree.
 */
export function alreadyThere(t: Ticket, c: Change): boolean {
  if (unapplied(toChanges(c), t).length) return false;
  // A comment alone: already there when the ticket carries that comment.
  if (c.status === undefined && c.priority === undefined && c.fields === undefined && c.comment !== undefined) {
    return (t.comments ?? []).some((x) => x.body.trim() === c.comment!.trim());
  }
  return true;
}

/** Current state of the targets: one list request per chunk of ids, a GET for any the list missed. */
export async function loadCurrent(backend: Backend, targets: Target[], concurrency: number, needComments: boolean): Promise<Map<string, Ticket | TicketError>> {
  const out = new Map<string, Ticket | TicketError>();
  const missing = targets.filter((t) => !t.current || needComments).map((t) => t.id);
  for (const t of targets) if (t.current && !needComments) out.set(t.id, t.current);
  if (!needComments) {
    for (let i = 0; i < missing.length; i += 100) {
      const chunk = missing.slice(i, i + 100);
      try {
        const got = await backend.listTickets({ ids: chunk, limit: 0, sort: 'created' });
        for (const t of got) if (chunk.includes(t.id)) out.set(t.id, t);
      } catch (e) {
        // Unreachable or refused: one GET each would fail the same way, slowly.
        if (e instanceof TicketError && ['unavailable', 'rate_limited', 'auth', 'permission', 'config', 'cancelled'].includes(e.code)) throw e;
        /* otherwise fall back to one GET each */
      }
    }
  }
  const rest = missing.filter((id) => !out.has(id));
  await pool(rest, concurrency, async (id) => {
    try {
      out.set(id, await backend.getTicket(id, { comments: needComments }));
    } catch (e) {
      out.set(id, e instanceof TicketError ? e : new TicketError('internal', ExitCode.failure, String((e as Error)?.message ?? e)));
    }
  });
  return out;
}

/** Run `fn` over items with at most `n` in flight. */
export async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>, stop?: () => boolean): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length && !stop?.()) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

// The error behind a failed line, so a terminal can say it in the user's language (the line itself,
// printed as JSON, carries the English text).
const lineErrors = new WeakMap<BulkLine, TicketError>();

/** The error a failed line came from, when it came from one. */
export function lineError(l: BulkLine): TicketError | undefined {
  return lineErrors.get(l);
}

function withError(l: BulkLine, err: TicketError): BulkLine {
  lineErrors.set(l, err);
  return l;
}

export function errLine(id: string, e: unknown, from?: Status | null): BulkLine {
  const err = e instanceof TicketError ? e : new TicketError('internal', ExitCode.failure, String((e as Error)?.message ?? e));
  return withError({ id, ok: false, ...(from !== undefined ? { from } : {}), error: { code: err.code, message: err.message, hint: err.hint } }, err);
}

export function toChanges(c: Change): TicketChanges {
  const out: TicketChanges = {};
  if (c.status) out.status = c.status;
  if (c.backendStatus !== undefined) out.backendStatus = c.backendStatus;
  if (c.priority) out.priority = c.priority;
  if (c.fields) out.fields = c.fields;
  return out;
}

/** Apply one target's change; the ticket as the backend now has it. */
async function applyOne(backend: Backend, t: Target, cur: Ticket): Promise<Ticket> {
  const changes = toChanges(t.change);
  const keys = Object.keys(changes);
  const onlyStatus = keys.every((k) => k === 'status');
  if (t.change.comment !== undefined && onlyStatus) {
    // One request: the comment carries the status (RT correspond with Status, Zendesk comment + status).
    const status = changes.status && changes.status !== cur.status ? { status: changes.status } : {};
    await backend.reply(t.id, { body: t.change.comment, attachments: [], public: true, ...status });
    return 'status' in status ? backend.getTicket(t.id, { comments: false }) : cur;
  }
  const after = keys.length ? await backend.updateTicket(t.id, changes) : cur;
  if (t.change.comment !== undefined) await backend.reply(t.id, { body: t.change.comment, attachments: [], public: true });
  return after;
}

/** ok when the ticket now shows the change; otherwise not-applied with what it is instead. */
function verdict(t: Target, cur: Ticket, after: Ticket, backend: Backend): BulkLine {
  const ms = unapplied(toChanges(t.change), after);
  if (!ms.length) return { id: t.id, ok: true, action: 'updated', from: cur.status, to: after.status };
  const said = msg('cmd.bulk.notApplied', { backend: BACKEND_NAMES[backend.kind] ?? backend.kind, what: mismatchesMsg(ms, after) });
  const line: BulkLine = {
    id: t.id,
    ok: false,
    from: cur.status,
    to: t.change.status ?? cur.status,
    actual: after.status,
    error: {
      code: 'not-applied',
      message: english(said),
      mismatches: ms,
    },
  };
  return withError(line, new TicketError('not-applied', ExitCode.notApplied, said));
}

/**
 * Before anything is sent: every status must be one the backend can set, and every `--field` is
 * resolved against the ticket's category exactly as `update --field` does (exit 2 otherwise).
 */
async function checkTargets(backend: Backend, targets: Target[], current: Map<string, Ticket | TicketError>): Promise<void> {
  const asked = new Map<string, Change>();
  for (const t of targets) if (t.change.status !== undefined) asked.set(`${t.change.status}\n${t.change.backendStatus ?? ''}`, t.change);
  for (const c of asked.values()) await checkStatusWritable(backend, c.status, c.backendStatus);
  const categories = new Map<string, Promise<Category>>();
  for (const t of targets) {
    const cur = current.get(t.id);
    if (!t.change.fields || !cur || cur instanceof TicketError) continue;
    try {
      t.change.fields = await resolveFieldChanges(backend, cur, Object.entries(t.change.fields), categories);
    } catch (e) {
      if (e instanceof TicketError && targets.length > 1) {
        throw new ValidationError(msg('cmd.bulk.ticketError', { id: t.id, message: e.msg ?? e.message }), {
          hint: e.hintMsg ? msg('cmd.bulk.nothingChanged.after', { hint: e.hintMsg }) : e.hint ? `${e.hint} Nothing was changed.` : msg('cmd.bulk.nothingChanged'),
          data: { id: t.id },
        });
      }
      throw e;
    }
  }
}


export interface BulkRunOptions {
  dryRun?: boolean;
  /** Parallel requests when the backend has no bulk endpoint. */
  concurrency: number;
  /** Each ticket's line, as soon as it is known. */
  onLine(l: BulkLine): void;
  /** Asked once before the first write with the number of tickets to change; false cancels (nothing changed). */
  confirm?(n: number): Promise<boolean>;
  /** True once the run should stop (SIGINT): the tickets not yet started are left as they are. */
  stopped?(): boolean;
  progress?(total: number): { tick(): void; clear(): void };
}

export interface BulkRunResult {
  counts: { updated: number; unchanged: number; failed: number };
  /** Tickets that needed a change (0 in a dry run). */
  todo: number;
  processed: number;
}

/** Plan (current state, checks before sending) and apply the targets' changes. */
export async function bulkOperation(backend: Backend, targets: Target[], opts: BulkRunOptions): Promise<BulkRunResult> {
  const concurrency = opts.concurrency;
  // 2. Current state, to plan and to skip what is already done.
  const commentOnly = targets.some((t) => t.change.comment !== undefined && t.change.status === undefined && t.change.priority === undefined && !t.change.fields);
  const current = await loadCurrent(backend, targets, concurrency, commentOnly);
  await checkTargets(backend, targets, current);
  const counts = { updated: 0, unchanged: 0, failed: 0 };
  const todo: { t: Target; cur: Ticket }[] = [];
  for (const t of targets) {
    const cur = current.get(t.id);
    if (!cur || cur instanceof TicketError) {
      opts.onLine(errLine(t.id, cur ?? new NotFoundError(msg('cmd.bulk.notFound', { id: t.id }))));
      counts.failed++;
      continue;
    }
    if (alreadyThere(cur, t.change)) {
      opts.onLine({ id: t.id, ok: true, action: 'unchanged', from: cur.status, to: cur.status });
      counts.unchanged++;
      continue;
    }
    if (opts.dryRun) {
      opts.onLine({ id: t.id, ok: true, action: 'would-update', from: cur.status, to: t.change.status ?? cur.status, ...(t.change.priority ? { priority: t.change.priority } : {}) });
      continue;
    }
    todo.push({ t, cur });
  }
  if (opts.dryRun) return { counts, todo: 0, processed: 0 };
  if (todo.length && opts.confirm && !(await opts.confirm(todo.length))) throw new CancelledError(msg('cmd.bulk.cancelled'));

  // 3. Apply.
  const stopped = () => opts.stopped?.() ?? false;
  // Circuit breaker: when the backend keeps failing as unreachable, stop instead of retrying every
  // remaining ticket; they are reported as not attempted and a rerun finishes the job.
  let unreachableInARow = 0;
  let broken: TicketError | null = null;
  const BREAK_AFTER = Math.max(8, concurrency * 2);
  const track = (e: unknown) => {
    if (e instanceof TicketError && (e.code === 'unavailable' || e.code === 'rate_limited')) {
      if (++unreachableInARow >= BREAK_AFTER) broken ??= e;
    } else unreachableInARow = 0;
  };
  const progress = opts.progress?.(todo.length) ?? { tick() {}, clear() {} };
  let processed = 0;
  const done = (l: BulkLine) => {
    processed++;
    progress.clear();
    opts.onLine(l);
    if (l.ok) counts.updated++;
    else counts.failed++;
    progress.tick();
  };
  try {
    if (backend.bulkUpdate && backend.capabilities.bulk !== 'emulated') {
      const size = Math.max(1, backend.capabilities.maxBulk);
      for (let i = 0; i < todo.length && !stopped(); i += size) {
        const chunk = todo.slice(i, i + size);
        const items: BulkItem[] = chunk.map(({ t }) => ({ id: t.id, changes: toChanges(t.change), comment: t.change.comment ?? null }));
        try {
          const results = await backend.bulkUpdate(items);
          const byId = new Map(results.map((r) => [r.id, r]));
          for (const { t, cur } of chunk) {
            const r = byId.get(t.id);
            if (!r?.ok) {
              const said = r?.error?.message ?? msg('cmd.bulk.noResult');
              done(withError({ id: t.id, ok: false, from: cur.status, error: { code: r?.error?.code ?? 'internal', message: typeof said === 'string' ? said : english(said) } }, new TicketError('internal', ExitCode.failure, said)));
            }
          }
          // What the backend did: from its answer where it carries the ticket, else one read-back.
          const okIds = chunk.filter(({ t }) => byId.get(t.id)?.ok).map(({ t }) => t.id);
          const after = new Map<string, Ticket>();
          for (const id of okIds) {
            const own = byId.get(id)?.ticket;
            if (own) after.set(id, own);
          }
          const unread = okIds.filter((id) => !after.has(id));
          let readError: unknown = null;
          if (unread.length) {
            try {
              for (const x of await backend.listTickets({ ids: unread, limit: 0, sort: 'created' })) after.set(x.id, x);
            } catch (e) {
              readError = e;
            }
          }
          for (const { t, cur } of chunk) {
            if (!okIds.includes(t.id)) continue;
            const a = after.get(t.id);
            if (a) done(verdict(t, cur, a, backend));
            else done(errLine(t.id, readError ?? new NotFoundError(msg('cmd.bulk.noReadBack', { id: t.id })), cur.status));
          }
        } catch (e) {
          for (const { t, cur } of chunk) done(errLine(t.id, e, cur.status));
        }
      }
    } else {
      await pool(
        todo,
        concurrency,
        async ({ t, cur }) => {
          if (broken) {
            done(errLine(t.id, new TicketError('unavailable', ExitCode.unavailable, msg('cmd.bulk.notAttempted', { message: broken.msg ?? broken.message }), { hint: msg('cmd.bulk.notAttempted.hint') }), cur.status));
            return;
          }
          try {
            const after = await applyOne(backend, t, cur);
            unreachableInARow = 0;
            done(verdict(t, cur, after, backend));
          } catch (e) {
            track(e);
            done(errLine(t.id, e, cur.status));
          }
        },
        stopped,
      );
    }
  } finally {
    progress.clear();
  }
  return { counts, todo: todo.length, processed };
}
