// `ticket outbox send`: deliver every waiting item exactly once, even with two senders at once (a
// cross-process lock) or a sender killed at any instant (state `sending` is written before the
// request; such an item is reconciled — lookup by idempotency key, idempotent create, or the reply
// found on the ticket — before anything is re-sent).

import { join } from 'node:path';
import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import { AuthError, ConfigError, ExitCode, NotAppliedError, PermissionError, RateLimitedError, TicketError, UnavailableError } from '../errors.js';
import { english } from '../i18n/english.js';
import { msg, type Msg } from '../i18n/msg.js';
import type { Translate } from '../i18n/messages.js';
import { list, load, remove, save, type OutboxItem } from './store.js';

export interface SendLine {
  id: string;
  kind: OutboxItem['kind'];
  ok: boolean;
  action?: 'created' | 'commented' | 'replied';
  ticket?: string;
  /** Delivered by an earlier, interrupted attempt: found, not re-sent. */
  reconciled?: boolean;
  error?: { code: string; message: string; hint?: string | null };
}

export interface SendOptions {
  ids?: string[];
  /** Re-send items whose outcome is unknown on a backend that can neither dedupe nor look up. */
  force?: boolean;
  profileName: string | null;
  onLine: (line: SendLine) => void;
  /** Test hook: called after the item is marked `sending`, before the request. */
  beforeDeliver?: (item: OutboxItem) => void | Promise<void>;
}

export interface SendSummary {
  sent: number;
  failed: number;
  skipped: number;
  remaining: number;
  /** Set when the run stopped early because the backend is unreachable or refuses our credentials. */
  stoppedBy: TicketError | null;
}

const norm = (s: string) => s.replace(/\r\n/g, '\n').trim();

// The line carries the English text (JSON, the outbox file); what it came from is kept here, so a
// terminal can say it in the user's language.
const lineSaid = new WeakMap<SendLine, (t: Translate) => { message: string; hint: string | null }>();

function said<L extends SendLine>(l: L, say: (t: Translate) => { message: string; hint: string | null }): L {
  lineSaid.set(l, say);
  return l;
}

/** Why a line failed, in the language of `t` (the line's English text when nothing else is known). */
export function saySendLine(l: SendLine, t: Translate): { message: string; hint: string | null } {
  return lineSaid.get(l)?.(t) ?? { message: l.error?.message ?? '', hint: l.error?.hint ?? null };
}

export function lockStaleMs(env: Record<string, string | undefined>): number {
  const n = Number(env.TICKET_LOCK_STALE_MS);
  return Number.isFinite(n) && n >= 2000 ? n : 30_000;
}

async function deliver(ctx: Context, backend: Backend, item: OutboxItem, opts: SendOptions): Promise<SendLine> {
  const { submitCreate, submitReply, findCreated } = await import('../operations/submit.js');
  const uncertain = item.state === 'sending' || item.maybeSent;
  if (item.kind === 'create') {
    const input = item.create!;
    if (uncertain) {
      const found = await findCreated(backend, item.idempotencyKey);
      if (found) return { id: item.id, kind: item.kind, ok: true, action: 'created', ticket: found.id, reconciled: true };
      if (!backend.findByIdempotencyKey && !backend.capabilities.idempotentCreate && !opts.force) {
        const message: Msg = msg('err.outbox.unknownOutcome', { id: item.id });
        const hint: Msg = msg('err.outbox.unknownOutcome.hint', { id: item.id });
        return said(
          // The per-item result is data (JSON, the outbox file): English, from the catalogue.
          { id: item.id, kind: item.kind, ok: false, error: { code: 'unknown_outcome', message: english(message), hint: english(hint) } },
          (t) => ({ message: t(message), hint: t(hint) }),
        );
      }
    }
    const marked = save(ctx.paths.state, { ...item, state: 'sending', attempts: item.attempts + 1 }, ctx.now());
    await opts.beforeDeliver?.(marked);
    const r = await submitCreate(ctx, backend, { ...input, idempotencyKey: item.idempotencyKey }, {
      queue: false,
      skipDedupe: uncertain && backend.capabilities.idempotentCreate,
    });
    return { id: item.id, kind: item.kind, ok: true, action: r.action, ticket: r.ticket.id };
  }
  const { ticketId, input } = item.reply!;
  if (uncertain) {
    const t = await backend.getTicket(ticketId, { comments: true });
    if ((t.comments ?? []).some((c) => norm(c.body) === norm(input.body))) {
      return { id: item.id, kind: item.kind, ok: true, action: 'replied', ticket: ticketId, reconciled: true };
    }
  }
  const marked = save(ctx.paths.state, { ...item, state: 'sending', attempts: item.attempts + 1 }, ctx.now());
  await opts.beforeDeliver?.(marked);
  await submitReply(ctx, backend, ticketId, input, { queue: false });
  return { id: item.id, kind: item.kind, ok: true, action: 'replied', ticket: ticketId };
}

export async function sendOutbox(ctx: Context, backend: Backend, opts: SendOptions): Promise<SendSummary> {
  const { withLock } = await import('../store/lock.js');
  const summary: SendSummary = { sent: 0, failed: 0, skipped: 0, remaining: 0, stoppedBy: null };
  await withLock(
    join(ctx.paths.state, 'outbox.send.lock'),
    async () => {
      const { items } = list(ctx.paths.state);
      const wanted = opts.ids ? items.filter((i) => opts.ids!.includes(i.id)) : items;
      for (const listed of wanted) {
        // Re-read under the lock: another sender may have delivered it before we got the lock.
        const item = load(ctx.paths.state, listed.id);
        if (!item) continue;
        if (item.profile !== opts.profileName || item.backend !== backend.kind) {
          summary.skipped++;
          continue;
        }
        if (item.state === 'sent') {
          // Delivered by a sender that died before cleaning up.
          remove(ctx.paths.state, item.id);
          continue;
        }
        if (item.state === 'dead' && !opts.ids) {
          summary.skipped++;
          continue;
        }
        if (summary.stoppedBy) {
          summary.remaining++;
          continue;
        }
        try {
          const line = await deliver(ctx, backend, item, opts);
          if (line.ok) {
            const latest = load(ctx.paths.state, item.id) ?? item;
            save(ctx.paths.state, { ...latest, state: 'sent', result: { ticket: line.ticket ?? '', action: line.action ?? '' } }, ctx.now());
            remove(ctx.paths.state, item.id);
            summary.sent++;
          } else {
            summary.failed++;
            summary.remaining++;
          }
          opts.onLine(line);
        } catch (e) {
          const err = e instanceof TicketError ? e : new TicketError('internal', ExitCode.failure, (e as Error).message ?? String(e));
          const current = load(ctx.paths.state, item.id) ?? item;
          const line: SendLine = said({ id: item.id, kind: item.kind, ok: false, error: { code: err.code, message: err.message, hint: err.hint } }, (t) => err.say(t));
          if (err instanceof UnavailableError || err instanceof RateLimitedError) {
            // Back to pending; if the request may have left, the next send reconciles first.
            const maybeSent = current.maybeSent || (current.state === 'sending' && (err.data?.sent ?? true) !== false && !(err instanceof RateLimitedError));
            save(ctx.paths.state, { ...current, state: 'pending', maybeSent, lastError: { code: err.code, message: err.message } }, ctx.now());
            summary.stoppedBy = err;
            summary.remaining++;
          } else if (err instanceof AuthError || err instanceof PermissionError || err instanceof ConfigError) {
            save(ctx.paths.state, { ...current, state: 'pending', maybeSent: current.maybeSent || current.state === 'sending', lastError: { code: err.code, message: err.message } }, ctx.now());
            summary.stoppedBy = err;
            summary.remaining++;
          } else if (err instanceof NotAppliedError) {
            // Delivered, but not as asked (a dropped field, a status kept): the ticket exists, so the
            // item must not be sent again. The line says what the backend did instead.
            const t = err.ticket as { id?: string } | undefined;
            save(ctx.paths.state, { ...current, state: 'sent', result: { ticket: t?.id ?? '', action: 'not-applied' } }, ctx.now());
            remove(ctx.paths.state, item.id);
            line.ticket = t?.id;
            summary.failed++;
          } else if (err.code === 'internal') {
            // A bug or an unexpected answer: keep it `sending`, so the next run reconciles before re-sending.
            summary.failed++;
            summary.remaining++;
          } else {
            // The backend refused it for good (validation, not found, conflict): keep it for the user.
            save(ctx.paths.state, { ...current, state: 'dead', lastError: { code: err.code, message: err.message } }, ctx.now());
            summary.failed++;
            summary.remaining++;
          }
          opts.onLine(line);
        }
      }
    },
    { staleMs: lockStaleMs(ctx.env), waitMs: 120_000 },
  );
  return summary;
}
