import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { addCreateFlags, type CreateFlags } from './create-flags.js';
import { addClipboardFlag, addRequesterFlag } from '../shared/contact-flags.js';

export function register(program: Command, host: CommandHost): void {
  const cmd = addCreateFlags(
    program
      .command('new')
      .description('guided filing: diagnostics, knowledge base, then the category form (drafts survive Ctrl-C)')
      .option('--resume [id]', 'continue a saved draft (the latest one without an id; see `ticket drafts list`)'),
  );
  addClipboardFlag(addRequesterFlag(cmd, host.t), host.t)
    .addHelpText(
      'after',
      `
Steps: category · diagnostics · subject and knowledge base · the category's fields and the description ·
       priority · type, attachments, CC, contact · one request = one ticket · review and submit.
Any flag of \`ticket create\` answers its question in advance (--category, --subject, --field, --priority,
--no-kb, --no-diagnostics...). Every answer is saved to a draft; Ctrl-C exits with 130 and tells how to resume.

Examples:
  ticket new
  ticket new --category DMS --field site=Lyon --no-diagnostics
  ticket new --resume`,
    )
    .action(async (flags: CreateFlags) => {
      const ctx = host.context();
      const { readBody } = await import('../shared/options.js');
      const body = await readBody(ctx, flags);
      const { clipboardPath, parseRequester } = await import('../shared/contact-flags.js');
      parseRequester(flags.requester);
      if (flags.attachClipboard) flags = { ...flags, attach: [...(flags.attach ?? []), await clipboardPath(ctx)], attachClipboard: false };
      // The profile's defaultCategory is only the preselected answer here (create takes it as given).
      return runNew(ctx, { ...flags, body, bodyFile: undefined });
    });
}

/**
 * The guided flow (also what `ticket create` runs on a terminal when inputs are missing). Prints
 * like `create` does; a deflection (an article or an announced incident answered it) exits 0 with no
 * ticket; Ctrl-C exits 130 with the draft kept.
 */
export async function runNew(ctx: Context, flags: CreateFlags): Promise<void> {
  const { runWizard } = await import('../../wizard/flow.js');
  await runWizard(ctx, flags);
}
