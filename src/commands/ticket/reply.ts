import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { CancelledError, NotFoundError, UsageError } from '../../errors.js';
import type { Prompter } from '../../prompts/prompter.js';
import { readAll } from '../../io/streams.js';
import { parseId } from '../shared/ids.js';
import { collect, loadAttachments, readBody } from '../shared/options.js';

export interface ReplyFlags {
  body?: string;
  bodyFile?: string;
  attach?: string[];
  attachClipboard?: boolean;
}

export function register(program: Command, host: CommandHost): void {
  program
    .command('reply')
    .alias('comment')
    .description('add a public reply (body from --body, --body-file, standard input or $EDITOR)')
    .argument('<id>', 'ticket id')
    .option('-b, --body <text>', 'the reply')
    .option('-F, --body-file <file>', 'read the reply from a file (- = standard input)')
    .option('-a, --attach <path>', 'attach a file (repeatable)', collect)
    .option('--attach-clipboard', host.t('req.flag.clipboard'))
    .action(async (id: string, flags: ReplyFlags) => runReply(host.context(), parseId(id), flags));
}

/**
 * The text of a reply or comment: the flags, else piped standard input, else $EDITOR on a
 * terminal. Empty text is refused.
 */
export async function messageBody(ctx: Context, flags: { body?: string; bodyFile?: string }, what: string, opts: { ticketId?: string } = {}): Promise<string> {
  let body = await readBody(ctx, flags);
  if (body === undefined && !ctx.io.stdin.isTTY) body = await readAll(ctx.io.stdin);
  if (body === undefined && ctx.canPrompt) {
    const prompter = await ctx.prompter();
    if (opts.ticketId !== undefined) return editReply(ctx, prompter, opts.ticketId, what);
    body = await prompter.editor({ message: `Your ${what} (saved when you close the editor)` });
  }
  if (body === undefined || !body.trim()) {
    throw new UsageError(`The ${what} is empty.`, { hint: 'Pass --body TEXT, --body-file FILE, or pipe the text on standard input.' });
  }
  return body;
}

/**
 * $EDITOR with the latest public message quoted below a marker line (stripped on save). An empty
 * result cancels: exit 130, nothing sent.
 */
async function editReply(ctx: Context, prompter: Prompter, id: string, what: string): Promise<string> {
  const { replyBuffer, stripBuffer } = await import('../shared/editor-buffer.js');
  let ticket = null;
  try {
    ticket = await (await ctx.backend()).getTicket(id, { comments: true });
  } catch (e) {
    // Unknown id: say so now, before anything is written. Offline: write without the quote.
    if (e instanceof NotFoundError) throw e;
  }
  const text = stripBuffer(await prompter.editor({ message: `Your ${what} (saved when you close the editor)`, default: replyBuffer(ticket) }));
  if (!text.trim()) throw new CancelledError(`The ${what} is empty: cancelled, nothing was sent.`);
  return text;
}

export async function runReply(ctx: Context, id: string, flags: ReplyFlags): Promise<void> {
  const { clipboardPath, dropClipboardFiles } = await import('../shared/contact-flags.js');
  if (flags.attachClipboard) flags = { ...flags, attach: [...(flags.attach ?? []), await clipboardPath(ctx)] };
  const body = await messageBody(ctx, flags, 'reply', { ticketId: id });
  const backend = await ctx.backend();
  const attachments = await loadAttachments(flags.attach, backend.capabilities.attachmentMaxBytes);
  const { replyOperation } = await import('../../operations/write.js');
  const { withSpinner } = await import('../../io/spinner.js');
  const { comment } = await withSpinner(ctx, 'Sending the reply…', () => replyOperation(ctx, backend, id, { body, attachments }));
  await dropClipboardFiles(ctx, flags.attach ?? []);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify({ id, comment }) + '\n');
  } else if (ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(`✓ Replied to ticket #${id}\n`);
  } else {
    ctx.io.stdout.write(`${id}\t${comment.id}\n`);
  }
}
