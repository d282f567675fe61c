import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import { readAll } from '../../io/streams.js';
import { parseId } from '../shared/ids.js';
import { collect, loadAttachments, readBody } from '../shared/options.js';

export interface ReplyFlags {
  body?: string;
  bodyFile?: string;
  attach?: string[];
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
    .action(async (id: string, flags: ReplyFlags) => runReply(host.context(), parseId(id), flags));
}

/**
 * The text of a reply or comment: the flags, else piped standard input, else $EDITOR on a
 * terminal. Empty text is refused.
 */
export async function messageBody(ctx: Context, flags: { body?: string; bodyFile?: string }, what: string): Promise<string> {
  let body = await readBody(ctx, flags);
  if (body === undefined && !ctx.io.stdin.isTTY) body = await readAll(ctx.io.stdin);
  if (body === undefined && ctx.canPrompt) {
    const prompter = await ctx.prompter();
    body = await prompter.editor({ message: `Your ${what} (saved when you close the editor)` });
  }
  if (body === undefined || !body.trim()) {
    throw new UsageError(`The ${what} is empty.`, { hint: 'Pass --body TEXT, --body-file FILE, or pipe the text on standard input.' });
  }
  return body;
}

export async function runReply(ctx: Context, id: string, flags: ReplyFlags): Promise<void> {
  const body = await messageBody(ctx, flags, 'reply');
  const backend = await ctx.backend();
  const attachments = await loadAttachments(flags.attach, backend.capabilities.attachmentMaxBytes);
  const { replyOperation } = await import('../../operations/write.js');
  const { withSpinner } = await import('../../io/spinner.js');
  const { comment } = await withSpinner(ctx, 'Sending the reply…', () => replyOperation(ctx, backend, id, { body, attachments }));
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify({ id, comment }) + '\n');
  } else if (ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(`✓ Replied to ticket #${id}\n`);
  } else {
    ctx.io.stdout.write(`${id}\t${comment.id}\n`);
  }
}
