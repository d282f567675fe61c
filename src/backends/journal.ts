// Every write through a Backend is recorded (journal/store.ts), whoever makes it: CLI commands,
// MCP tools, the outbox, ci-failure, undo. The state before a write is read first (one read), the
// state after is the backend's answer (or one read-back where a write returns no ticket).

import type { Backend, BulkItem, BulkItemResult, ReopenResult } from './backend.js';
import type { Comment, CreateInput, ReplyInput, Ticket, TicketChanges } from '../model.js';
import { appendEntry, diff, type JournalEntry } from '../journal/store.js';
import { currentInvocation, newRunId } from './invocation.js';
import { english } from '../i18n/english.js';
import { msg } from '../i18n/msg.js';
import type { Translate } from '../i18n/messages.js';

export interface JournalOptions {
  stateDir: string;
  profile: string | null;
  now: () => Date;
  /** The user's language, for the warning when the journal cannot be written (English without it). */
  t?: Translate;
}

let seq = 0;

export function withJournal(backend: Backend, opts: JournalOptions): Backend {
  const fallbackRun = newRunId(opts.now());
  const record = (write: string, ticket: string, change: { before: JournalEntry['before']; after: JournalEntry['after'] }, extra: Partial<JournalEntry> = {}) => {
    const inv = currentInvocation();
    const now = opts.now();
    const run = inv?.run ?? fallbackRun;
    const entry: JournalEntry = {
      id: `${now.getTime().toString(36)}-${process.pid.toString(36)}-${(seq++).toString(36)}`,
      at: now.toISOString(),
      profile: opts.profile,
      pid: process.pid,
      via: inv?.via ?? 'cli',
      op: inv?.op ?? write,
      run,
      ticket,
      before: change.before,
      after: change.after,
      ...extra,
      ...(inv?.op === 'bulk' ? { bulkRun: run } : {}),
      ...(inv?.undoOf ? { undoOf: inv.undoOf } : {}),
      write,
    };
    try {
      appendEntry(opts.stateDir, entry);
    } catch (e) {
      // The write happened; say so on stderr rather than report it as failed.
      const say = opts.t ?? english;
      process.stderr.write(say(msg('err.journal.write', { message: (e as Error).message })) + '\n');
    }
  };
  // The state before a write: what this invocation last read or wrote of the ticket, else one read.
  // A failed read does not stop the write (which then fails or succeeds on its own); the entry says
  // that the state before is not known, and undo refuses it.
  const seen = () => {
    const inv = currentInvocation();
    if (!inv) return null;
    return (inv.seen ??= new Map());
  };
  const remember = (t: Ticket) => {
    seen()?.set(t.id, t);
    return t;
  };
  const read = async (id: string): Promise<Ticket | null> => {
    const known = seen()?.get(id);
    if (known) return known;
    try {
      return remember(await backend.getTicket(id, { comments: false }));
    } catch {
      return null;
    }
  };
  const change = (before: Ticket | null, after: Ticket) => (before ? diff(before, after) : { ...diff(null, after), before: {} });
  const unknown = (before: Ticket | null): Partial<JournalEntry> => (before ? {} : { beforeUnknown: true });

  const wrapped: Partial<Backend> = {
    async getTicket(id: string, o?: { comments?: boolean }): Promise<Ticket> {
      return remember(await backend.getTicket(id, o));
    },
    async listTickets(filter) {
      const list = await backend.listTickets(filter);
      // Only a read by ids (bulk's targets) is worth keeping.
      if (filter.ids) for (const t of list) remember(t);
      return list;
    },
    async createTicket(input: CreateInput): Promise<Ticket> {
      const t = await backend.createTicket(input);
      record('createTicket', t.id, diff(null, t), input.followUpOf ? { followUpOf: input.followUpOf } : {});
      return remember(t);
    },
    async updateTicket(id: string, changes: TicketChanges): Promise<Ticket> {
      const before = await read(id);
      const after = await backend.updateTicket(id, changes);
      record('updateTicket', id, change(before, after), unknown(before));
      return remember(after);
    },
    async reply(id: string, input: ReplyInput): Promise<Comment> {
      const before = input.status !== undefined ? await read(id) : null;
      const c = await backend.reply(id, input);
      if (input.status === undefined) record('reply', id, { before: {}, after: {} }, { commentId: c.id });
      else {
        // The reply carried a status: one read-back for what it is now.
        const after = await backend.getTicket(id, { comments: false }).catch(() => null);
        if (after) remember(after);
        record('reply', id, before && after ? diff(before, after) : { before: {}, after: after ? diff(null, after).after : {} }, { commentId: c.id, ...unknown(before && after) });
      }
      return c;
    },
    async reopen(id: string, o: { comment?: string | null }): Promise<ReopenResult> {
      const before = await read(id);
      const r = await backend.reopen(id, o);
      if (r.followUp) record('reopen', r.ticket.id, diff(null, r.ticket), { followUpOf: id });
      else record('reopen', id, change(before, r.ticket), unknown(before));
      remember(r.ticket);
      return r;
    },
  };
  if (backend.bulkUpdate) {
    wrapped.bulkUpdate = async (items: BulkItem[]): Promise<BulkItemResult[]> => {
      const ids = items.map((i) => i.id);
      const list = (xs: string[]) => backend.listTickets({ ids: xs, limit: 0, sort: 'created' }).catch(() => [] as Ticket[]);
      const before = new Map<string, Ticket>();
      for (const id of ids) {
        const known = seen()?.get(id);
        if (known) before.set(id, known);
      }
      const missing = ids.filter((id) => !before.has(id));
      for (const t of missing.length ? await list(missing) : []) before.set(t.id, t);
      const results = await backend.bulkUpdate!(items);
      const okIds = results.filter((r) => r.ok).map((r) => r.id);
      // The backend's own answer where it carries the ticket, else one read-back.
      const after = new Map<string, Ticket>();
      for (const r of results) if (r.ok && r.ticket) after.set(r.id, r.ticket);
      const unread = okIds.filter((id) => !after.has(id));
      for (const t of unread.length ? await list(unread) : []) after.set(t.id, t);
      for (const id of okIds) {
        const a = after.get(id);
        const b = before.get(id) ?? null;
        if (a) {
          remember(a);
          record('bulkUpdate', id, change(b, a), unknown(b));
        } else record('bulkUpdate', id, { before: {}, after: {} }, { beforeUnknown: true });
      }
      return results;
    };
  }
  return new Proxy(backend, {
    get(target, prop) {
      if (typeof prop === 'string' && prop in wrapped) return (wrapped as Record<string, unknown>)[prop];
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}
