import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { CancelledError, NotFoundError, UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
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
  const t = host.t;
  program
    .command('reply')
    .alias('comment')
    .description(t('help.reply.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('-b, --body <text>', t('help.reply.body'))
    .option('-F, --body-file <file>', t('help.reply.bodyFile'))
    .option('-a, --attach <path>', t('help.create.attach'), collect)
    .option('--attach-clipboard', host.t('req.flag.clipboard'))
    .action(async (id: string, flags: ReplyFlags) => runReply(host.context(), parseId(id), flags));
}

/**
 * The text of a reply or comment: the flags, else piped standard input, else $EDITOR on a
 * terminal. Empty text is refused.
 */
export async function messageBody(ctx: Context, flags: { body?: string; bodyFile?: string }, opts: { ticketId?: string } = {}): Promise<string> {
  let body = await readBody(ctx, flags);
  if (body === undefined && !ctx.io.stdin.isTTY) body = await readAll(ctx.io.stdin);
  if (body === undefined && ctx.canPrompt) {
    const prompter = await ctx.prompter();
    if (opts.ticketId !== undefined) return editReply(ctx, prompter, opts.ticketId);
    body = await prompter.editor({ message: ctx.t('cmd.reply.editor') });
  }
  if (body === undefined || !body.trim()) {
    throw new UsageError(msg('cmd.reply.empty'), { hint: msg('cmd.body.empty.hint') });
  }
  return body;
}

/**
 * $EDITOR with the latest public message quoted below a marker line (stripped on save). An empty
 * result cancels: exit 130, nothing sent.
 */
async function editReply(ctx: Context, prompter: Prompter, id: string): Promise<string> {
  const { replyBuffer, stripBuffer } = await import('../shared/editor-buffer.js');
  let ticket = null;
  try {
    ticket = await (await ctx.backend()).getTicket(id, { comments: true });
  } catch (e) {
    // Unknown id: say so now, before anything is written. Offline: write without the quote.
    if (e instanceof NotFoundError) throw e;
  }
  const text = stripBuffer(await prompter.editor({ message: ctx.t('cmd.reply.editor'), default: replyBuffer(ticket, ctx.t) }));
  if (!text.trim()) throw new CancelledError(msg('cmd.reply.cancelled'));
  return text;
}

export async function runReply(ctx: Context, id: string, flags: ReplyFlags): Promise<void> {
  const { clipboardPath, dropClipboardFiles } = await import('../shared/contact-flags.js');
  if (flags.attachClipboard) flags = { ...flags, attach: [...(flags.attach ?? []), await clipboardPath(ctx)] };
  const body = await messageBody(ctx, flags, { ticketId: id });
  const backend = await ctx.backend();
  const attachments = await loadAttachments(flags.attach, backend.capabilities.attachmentMaxBytes);
  const { replyOperation } = await import('../../operations/write.js');
  const { withSpinner } = await import('../../io/spinner.js');
  const { comment } = await withSpinner(ctx, ctx.t('cmd.reply.sending'), () => replyOperation(ctx, backend, id, { body, attachments }));
  await dropClipboardFiles(ctx, flags.attach ?? []);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify({ id, comment }) + '\n');
  } else if (ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(ctx.t('cmd.reply.done', { id }) + '\n');
  } else {
    ctx.io.stdout.write(`${id}\t${comment.id}\n`);
  }
}
