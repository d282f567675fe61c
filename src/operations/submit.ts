import type { Context } from '../context/index.js';
import type { Backend } from '../backends/backend.js';
import { BACKEND_NAMES } from '../backends/backend.js';
import type { Comment, CreateInput, ReplyInput, Ticket } from '../model.js';
import { QueuedError, RateLimitedError, TicketError, UnavailableError } from '../errors.js';
import { msg, type Msg } from '../i18n/msg.js';
import { english } from '../i18n/english.js';

export interface SubmitResult {
  ticket: Ticket;
  /** created: a new ticket; commented: the body went to the open ticket with the same dedupe key. */
  action: 'created' | 'commented';
}

export interface SubmitOptions {
  /** Save to the outbox when the backend cannot be reached (default true). `outbox send` passes false. */
  queue?: boolean;
  /** What produced it, shown by `ticket outbox list` (create, new, reply, close, ci-failure...). */
  origin?: string;
  /**
   * Skip the dedupe-key check: an earlier attempt of this very create may have gone through, and on
   * a backend with idempotent creates re-sending with the same key returns that ticket.
   */
  skipDedupe?: boolean;
  /** Show the emergency contact on stderr for an urgent ticket (default true; MCP has no one to tell). */
  announce?: boolean;
}

/** Errors after which the request can be kept for later: the backend could not be reached. */
function unreachable(e: unknown): e is UnavailableError | RateLimitedError {
  return e instanceof UnavailableError || e instanceof RateLimitedError;
}

/** May the backend have received the request that failed? Only an error proven "not sent" says no. */
export function mayHaveBeenSent(e: unknown): boolean {
  if (e instanceof RateLimitedError) return false;
  const sent = (e as TicketError).data?.sent;
  return sent !== false;
}

async function scrubber(ctx: Context): Promise<(s: string) => string> {
  const { redactor } = await import('../http/redact-secrets.js');
  let p: { token?: string; password?: string } = {};
  try {
    p = ctx.profile();
  } catch {
    /* no profile: nothing of ours to hide */
  }
  const r = redactor([p.token, p.password]);
  // Only the profile's own secrets: redactor() also masks Authorization lines, which is what we want.
  return (s: string) => r(s);
}

function profileName(ctx: Context): string | null {
  try {
    return ctx.profile().profileName;
  } catch {
    return null;
  }
}

function queuedError(ctx: Context, outboxId: string, what: 'ticket' | 'reply', urgent: boolean, cause: TicketError, maybeSent: boolean): QueuedError {
  const stripped = cause.message.replace(/\.$/, '');
  const build = (reason: string | Msg, contact: string | null): Msg => {
    const m = msg(what === 'ticket' ? 'cmd.queued.ticket' : 'cmd.queued.reply', { reason, id: outboxId });
    if (!urgent) return m;
    return contact ? msg('cmd.queued.urgentContact', { message: m, contact }) : msg('cmd.queued.urgent', { message: m });
  };
  let emergency: string | null = null;
  if (urgent) {
    try {
      emergency = ctx.profile().emergencyContact ?? null;
    } catch {
      emergency = null;
    }
  }
  // Said with the cause's own message; JSON keeps the English text without the cause's full stop.
  const err = new QueuedError(build(cause.msg ?? stripped, emergency), {
    hint: msg('cmd.queued.hint'),
    data: { outboxId, maybeSent, ...(emergency ? { emergencyContact: emergency } : {}) },
    cause,
  });
  err.message = english(build(stripped, emergency));
  return err;
}

/** The dedupe check and the create itself, with nothing around them. */
async function deliverCreate(backend: Backend, input: CreateInput, phase: { create: boolean }, skipDedupe = false): Promise<SubmitResult> {
  if (input.dedupeKey && !skipDedupe) {
    const existing = await backend.findByDedupeKey(input.dedupeKey);
    if (existing) {
      phase.create = true;
      await backend.reply(existing.id, { body: input.body, attachments: input.attachments, public: true });
      return { ticket: await backend.getTicket(existing.id), action: 'commented' };
    }
  }
  phase.create = true;
  const ticket = await backend.createTicket(input);
  // What was asked and what the backend stored: a dropped type, priority, field or tag is exit 6.
  // (CCs are checked on update; a create's answer does not always name them.)
  const { assertApplied, assertRequester } = await import('./verify.js');
  assertRequester(input.requester?.email, ticket, BACKEND_NAMES[backend.kind]);
  assertApplied(
    { type: input.type, priority: input.priority, fields: input.fields, tags: input.tags },
    ticket,
    { backendName: BACKEND_NAMES[backend.kind], extra: { action: 'created' }, why: `Ticket #${ticket.id} was created; see \`ticket show ${ticket.id}\` and fix it with \`ticket update\`.` },
  );
  return { ticket, action: 'created' };
}

/** Refuse, before sending, a type or CC the backend cannot store (exit 2). Skipped when it cannot be asked. */
async function checkCreatable(backend: Backend, input: CreateInput): Promise<void> {
  if (!input.type && !input.cc.length && !input.tags.length && !input.requester?.email) return;
  const { capabilitiesOf, checkWritable } = await import('./verify.js');
  let caps;
  try {
    caps = await capabilitiesOf(backend, 'create');
  } catch (e) {
    if (unreachable(e)) return; // offline: the create is queued and checked when it is sent
    throw e;
  }
  checkWritable(caps, BACKEND_NAMES[backend.kind], { type: input.type, cc: input.cc, tags: input.tags, category: input.category, requester: input.requester?.email ?? null }, backend.kind);
}

/**
 * The ticket created by an earlier attempt with this idempotency key, if the backend can tell.
 * null: not found (or the backend cannot look it up).
 */
export async function findCreated(backend: Backend, key: string): Promise<Ticket | null> {
  if (!backend.findByIdempotencyKey) return null;
  return backend.findByIdempotencyKey(key);
}

/**
 * The one path by which a new ticket leaves the machine (create, new, outbox send, ci-failure):
 * dedupe key first, then the create with its idempotency key (generated here when missing, and the
 * same on every retry and in the outbox). When the backend cannot be reached, the ticket is saved to
 * the outbox and a QueuedError (exit 7) is thrown. An urgent ticket shows the emergency contact
 * whatever happens (a queued one names it in the error).
 */
export async function submitCreate(ctx: Context, backend: Backend, input: CreateInput, opts: SubmitOptions = {}): Promise<SubmitResult> {
  const { announceEmergency, announceFailure } = await import('./priority.js');
  const announce = opts.announce !== false;
  try {
    const r = await sendCreate(ctx, backend, input, opts);
    if (announce) announceEmergency(ctx, input.priority, 'filed');
    return r;
  } catch (e) {
    if (announce) announceFailure(ctx, input.priority, e, { anyError: true });
    throw e;
  }
}

async function sendCreate(ctx: Context, backend: Backend, input: CreateInput, opts: SubmitOptions): Promise<SubmitResult> {
  const { randomUUID } = await import('node:crypto');
  // `create` and `new`: the key is saved before the first send, so a re-run after a kill finds the
  // ticket (outbox send and ci-failure have their own keys and reconciliation).
  const pending = opts.queue !== false && (opts.origin ?? 'create') !== 'ci-failure' ? await claimKey(ctx, backend, input) : null;
  const keyed: CreateInput = { ...input, idempotencyKey: pending?.key ?? (input.idempotencyKey || randomUUID()) };
  const phase = { create: false };
  await checkCreatable(backend, keyed);
  try {
    if (pending?.rerun) {
      const found = await findCreated(backend, keyed.idempotencyKey!);
      if (found) {
        releaseKey(pending);
        return { ticket: found, action: 'created' };
      }
    }
    const r = await deliverCreate(backend, keyed, phase, opts.skipDedupe || pending?.rerun);
    releaseKey(pending);
    return r;
  } catch (e) {
    if (!unreachable(e) || !(phase.create && mayHaveBeenSent(e))) releaseKey(pending);
    if (opts.queue === false || !unreachable(e)) throw e;
    const maybeSent = phase.create && mayHaveBeenSent(e);
    if (maybeSent) {
      // The connection broke after the request left: it may have been created. Look before queuing.
      const found = await findCreated(backend, keyed.idempotencyKey!).catch(() => null);
      if (found) return { ticket: found, action: 'created' };
    }
    const scrub = await scrubber(ctx);
    const item = await enqueueFailed(ctx, backend, e, {
      kind: 'create',
      maybeSent,
      idempotencyKey: keyed.idempotencyKey!,
      create: { ...keyed, subject: scrub(keyed.subject), body: scrub(keyed.body) },
      origin: opts.origin ?? 'create',
    });
    releaseKey(pending);
    throw queuedError(ctx, item.id, 'ticket', keyed.priority === 'urgent', e, maybeSent);
  }
}

type OutboxItem = import('../outbox/store.js').OutboxItem;

/** Save what could not be sent to the outbox, as a first attempt that failed with `e`. */
async function enqueueFailed(
  ctx: Context,
  backend: Backend,
  e: TicketError,
  what: Pick<OutboxItem, 'kind' | 'maybeSent' | 'idempotencyKey' | 'create' | 'reply' | 'origin'>,
): Promise<OutboxItem> {
  const { enqueue, newOutboxId } = await import('../outbox/store.js');
  const now = ctx.now();
  return enqueue(ctx.paths.state, {
    id: newOutboxId(now),
    state: 'pending',
    createdAt: now.toISOString(),
    attempts: 1,
    profile: profileName(ctx),
    backend: backend.kind,
    ...what,
    lastError: { code: e.code, message: e.message },
  });
}

type Pending = import('../outbox/pending.js').PendingCreate;
let pendingMod: typeof import('../outbox/pending.js') | undefined;

async function claimKey(ctx: Context, backend: Backend, input: CreateInput): Promise<Pending | null> {
  pendingMod ??= await import('../outbox/pending.js');
  const fp = pendingMod.createFingerprint(profileName(ctx), backend.kind, input);
  try {
    return pendingMod.claimCreateKey(ctx.paths.state, fp, ctx.now());
  } catch {
    // A state dir that cannot be written only loses the re-run protection: the create goes on.
    return null;
  }
}

function releaseKey(p: Pending | null): void {
  if (p && pendingMod) pendingMod.releaseCreateKey(p);
}

/** The one path by which a reply leaves the machine (reply, close/reopen comments, outbox send, ci-failure). */
export async function submitReply(ctx: Context, backend: Backend, id: string, input: ReplyInput, opts: SubmitOptions = {}): Promise<Comment> {
  try {
    return await backend.reply(id, input);
  } catch (e) {
    if (opts.queue === false || !unreachable(e)) throw e;
    const maybeSent = mayHaveBeenSent(e);
    const scrub = await scrubber(ctx);
    const { randomUUID } = await import('node:crypto');
    const item = await enqueueFailed(ctx, backend, e, {
      kind: 'reply',
      maybeSent,
      idempotencyKey: randomUUID(),
      reply: { ticketId: id, input: { ...input, body: scrub(input.body) } },
      origin: opts.origin ?? 'reply',
    });
    throw queuedError(ctx, item.id, 'reply', false, e, maybeSent);
  }
}
