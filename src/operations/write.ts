// The writes on one ticket — update, close, reopen, reply — as operations: options in, a typed
// result out, shared by the CLI, the wizard, the outbox and the agent interface. Each refuses what
// the backend cannot represent before sending (exit 2) and reports the ticket as the backend now has
// it; when that differs from the request it throws NotAppliedError (exit 6).

import type { Backend } from '../backends/backend.js';
import { BACKEND_NAMES } from '../backends/backend.js';
import type { Context } from '../context/index.js';
import type { Comment, FieldValue, Status, Ticket, TicketChanges } from '../model.js';
import { ACTIVE_STATUSES } from '../model.js';
import { ConflictError, ExitCode, NotAppliedError, TicketError, UsageError, ValidationError } from '../errors.js';
import { assertApplied, capabilitiesOf, checkWritable, notApplied } from './verify.js';
import { msg, type Msg } from '../i18n/msg.js';

export type WriteAction = 'created' | 'commented' | 'updated' | 'unchanged' | 'closed' | 'reopened' | 'follow-up' | 'replied' | 'queued';

/** The result of a write on one ticket: what `--json` prints and what the agent tools return. */
export interface TicketWriteResult {
  ticket: Ticket;
  action: WriteAction;
  /** reopen: true when a linked follow-up was opened instead. */
  followUp?: boolean;
  followUpOf?: string;
}

export interface ReplyResult {
  id: string;
  comment: Comment;
}

const nameOf = (backend: Backend) => BACKEND_NAMES[backend.kind] ?? backend.kind;

/**
 * Run a write; when the backend refuses it for the ticket's state (a closed Zendesk ticket, a
 * refused transition), that is not-applied (exit 6) with the ticket as it is, not a failure.
 */
async function refusalIsNotApplied<T>(backend: Backend, id: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    const ticket = await backend.getTicket(id, { comments: false }).catch(() => undefined);
    throw new NotAppliedError(e.msg ?? e.message, ticket, { hint: e.hintMsg ?? e.hint, data: e.data });
  }
}

/**
 * `--field KEY=VALUE` pairs (or JSON values) checked against the ticket's category, as the create
 * form checks them: the key or label resolves to the field, the value to its normalized form.
 */
export async function resolveFieldChanges(
  backend: Backend,
  ticket: Ticket,
  raw: [string, FieldValue][],
  categoryCache?: Map<string, Promise<import('../model.js').Category>>,
): Promise<Record<string, FieldValue>> {
  if (!raw.length) return {};
  if (!ticket.category) throw new UsageError(msg('cmd.write.noCategory', { id: ticket.id }));
  const { checkValue, resolveField } = await import('../forms/validate.js');
  const { fieldTr } = await import('../forms/localize.js');
  let categoryP = categoryCache?.get(ticket.category);
  if (!categoryP) {
    categoryP = backend.getCategory(ticket.category);
    categoryCache?.set(ticket.category, categoryP);
  }
  const category = await categoryP;
  const values = { ...ticket.fields };
  const out: Record<string, FieldValue> = {};
  for (const [k, v] of raw) {
    const field = resolveField(category, k);
    const r = checkValue(field, v, values, fieldTr(category, field.key));
    if (!r.ok) throw new ValidationError(r.message, { hint: msg('cmd.write.seeCategory', { id: category.id }) });
    if (r.value !== undefined) out[field.key] = values[field.key] = r.value;
  }
  return out;
}

/** Refuse, before sending, a status the backend cannot set. */
export async function checkStatusWritable(backend: Backend, status: Status | undefined, backendStatus?: string): Promise<void> {
  if (status === undefined) return;
  checkWritable(await capabilitiesOf(backend), nameOf(backend), { status, ...(backendStatus !== undefined ? { backendStatus } : {}) });
}

export interface UpdateOptions {
  changes: TicketChanges;
  /** `--field` pairs, resolved against the ticket's category. */
  fieldPairs?: [string, FieldValue][];
}

export async function updateOperation(backend: Backend, id: string, opts: UpdateOptions): Promise<TicketWriteResult> {
  const changes: TicketChanges = { ...opts.changes };
  await checkStatusWritable(backend, changes.status, changes.backendStatus);
  if (opts.fieldPairs?.length) {
    const current = await backend.getTicket(id, { comments: false });
    changes.fields = { ...changes.fields, ...(await resolveFieldChanges(backend, current, opts.fieldPairs)) };
  }
  const ticket = await refusalIsNotApplied(backend, id, () => backend.updateTicket(id, changes));
  assertApplied(changes, ticket, { backendName: nameOf(backend) });
  return { ticket, action: 'updated' };
}

export interface CloseOptions {
  status: 'solved' | 'closed';
  comment?: string | null;
}

/**
 * Solve or close, with an optional closing comment. With a comment, one request carries both where
 * the backend takes them together (a Zendesk request solved with its comment, RT correspond with a
 * status); the ticket is then read back once to see what happened.
 */
export async function closeOperation(ctx: Context, backend: Backend, id: string, opts: CloseOptions): Promise<TicketWriteResult> {
  await checkStatusWritable(backend, opts.status);
  const comment = opts.comment?.trim() ? opts.comment : null;
  const before = await backend.getTicket(id, { comments: false });
  if (before.status === opts.status && !comment) return { ticket: before, action: 'unchanged' };
  let ticket: Ticket;
  if (comment) {
    const { submitReply } = await import('./submit.js');
    await refusalIsNotApplied(backend, id, () => submitReply(ctx, backend, id, { body: comment, attachments: [], public: true, status: opts.status }, { origin: 'close' }));
    ticket = await backend.getTicket(id, { comments: false });
  } else {
    ticket = await refusalIsNotApplied(backend, id, () => backend.updateTicket(id, { status: opts.status }));
  }
  const action: WriteAction = before.status === opts.status ? 'unchanged' : 'closed';
  assertApplied({ status: opts.status }, ticket, {
    backendName: nameOf(backend),
    why: solveRefusedHint(backend, ticket),
  });
  return { ticket, action };
}

function solveRefusedHint(backend: Backend, t: Ticket): Msg | null {
  if (backend.kind === 'zendesk' && t.status !== 'solved' && t.status !== 'closed') return msg('cmd.write.zendeskSolve');
  return null;
}

export async function reopenOperation(backend: Backend, id: string, opts: { comment?: string | null }): Promise<TicketWriteResult> {
  const { ticket, followUp } = await refusalIsNotApplied(backend, id, () => backend.reopen(id, { comment: opts.comment ?? null }));
  if (followUp) {
    if (ticket.id === id) throw notApplied([{ what: 'follow-up', requested: 'a new ticket', actual: id }], ticket, { backendName: nameOf(backend) });
    return { ticket, action: 'follow-up', followUp: true, followUpOf: id };
  }
  if (!ACTIVE_STATUSES.includes(ticket.status)) {
    throw notApplied([{ what: 'status', requested: 'open', actual: ticket.status }], ticket, { backendName: nameOf(backend) });
  }
  return { ticket, action: 'reopened', followUp: false };
}

export async function replyOperation(
  ctx: Context,
  backend: Backend,
  id: string,
  input: { body: string; attachments: import('../model.js').AttachmentInput[] },
): Promise<ReplyResult> {
  const { submitReply } = await import('./submit.js');
  const comment = await submitReply(ctx, backend, id, { body: input.body, attachments: input.attachments, public: true });
  if (!comment || !comment.id) {
    throw new TicketError('not-applied', ExitCode.notApplied, msg('cmd.write.noReply', { backend: nameOf(backend), id }), {
      hint: msg('cmd.write.noReply.hint', { id }),
    });
  }
  return { id, comment };
}
