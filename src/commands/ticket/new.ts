import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { addCreateFlags, type CreateFlags } from './create-flags.js';
import { addClipboardFlag, addRequesterFlag } from '../shared/contact-flags.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const cmd = addCreateFlags(program.command('new').description(t('help.new.desc')).option('--resume [id]', t('help.new.resume')), t).option(
    '--justification <text>',
    t('prio.flag.justification'),
  );
  addClipboardFlag(addRequesterFlag(cmd, t), t)
    .addHelpText('after', t('help.new.after'))
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
  await runWizard(ctx, flags).catch(async (e: unknown) => {
    // The backend unreachable before the ticket could be queued: say whom to call for an urgent one.
    (await import('../../operations/priority.js')).announceFailure(ctx, flags.priority, e);
    throw e;
  });
}
