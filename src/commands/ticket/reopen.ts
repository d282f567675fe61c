import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';
import { printTicketResult } from '../shared/render.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('reopen')
    .description(t('help.reopen.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('-m, --comment <text>', t('help.reopen.comment'))
    .action(async (id: string, flags: { comment?: string }) => runReopen(host.context(), parseId(id), flags));
}

export async function runReopen(ctx: Context, id: string, flags: { comment?: string }): Promise<void> {
  const backend = await ctx.backend();
  const { reopenOperation } = await import('../../operations/write.js');
  const result = await reopenOperation(backend, id, { comment: flags.comment ?? null });
  printTicketResult(
    ctx,
    result,
    result.followUp
      ? ctx.t('cmd.reopen.followUp', { id, followUp: result.ticket.id })
      : ctx.t('cmd.reopen.done', { id, status: ctx.t(`cmd.state.${result.ticket.status}`) }),
  );
}
