import type { Command } from 'commander';
import type { Context } from '../../context/index.js';
import type { Translate } from '../../i18n/messages.js';
import type { Person } from '../../model.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { isEmail } from '../../util/text.js';

// The flags of who files and what is pasted: `--requester EMAIL` (create, new) files on behalf of
// someone where the backend lets this account do it; `--attach-clipboard` (create, new, reply)
// attaches the copied screenshot.

export interface ContactFlags {
  requester?: string;
  attachClipboard?: boolean;
}

export function addRequesterFlag(cmd: Command, t: Translate): Command {
  return cmd.option('--requester <email>', t('req.flag.requester'));
}

export function addClipboardFlag(cmd: Command, t: Translate): Command {
  return cmd.option('--attach-clipboard', t('req.flag.clipboard'));
}

/** --requester EMAIL → the person to file for; undefined → the signed-in user (null). */
export function parseRequester(value: string | undefined): Person | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (!isEmail(v)) throw new UsageError(msg('req.requester.invalid', { value }), { hint: msg('req.requester.invalid.hint') });
  return { name: null, email: v.toLowerCase() };
}

/** --attach-clipboard: the clipboard's image saved under the state dir; its path. */
export async function clipboardPath(ctx: Context): Promise<string> {
  const { captureClipboard } = await import('../../io/clipboard.js');
  return captureClipboard({ env: ctx.env, stateDir: ctx.paths.state, now: ctx.now(), run: ctx.deps.runProgram });
}

/** After a send: the clipboard copies among these attachments are removed. */
export async function dropClipboardFiles(ctx: Context, paths: readonly string[]): Promise<void> {
  const { removeClipboardFiles } = await import('../../io/clipboard.js');
  removeClipboardFiles(paths, ctx.paths.state);
}
