import type { Context } from '../../../cli/context.js';
import type { Backend } from '../../../backends/backend.js';
import type { Comment, CreateInput, ReplyInput, Ticket } from '../../../model.js';

export interface SubmitResult {
  ticket: Ticket;
  /** created: a new ticket; commented: the body went to the open ticket with the same dedupe key. */
  action: 'created' | 'commented';
}

/**
 * The one path by which a new ticket leaves the machine (create, new, outbox send): dedupe key
 * first, then the create with its idempotency key.
 */
export async function submitCreate(ctx: Context, backend: Backend, input: CreateInput): Promise<SubmitResult> {
  void ctx;
  if (input.dedupeKey) {
    const existing = await backend.findByDedupeKey(input.dedupeKey);
    if (existing) {
      await backend.reply(existing.id, { body: input.body, attachments: input.attachments, public: true });
      return { ticket: await backend.getTicket(existing.id), action: 'commented' };
    }
  }
  const ticket = await backend.createTicket(input);
  return { ticket, action: 'created' };
}

/** The one path by which a reply leaves the machine (reply, close/reopen comments, outbox send). */
export async function submitReply(ctx: Context, backend: Backend, id: string, input: ReplyInput): Promise<Comment> {
  void ctx;
  return backend.reply(id, input);
}
