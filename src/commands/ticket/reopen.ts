import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';
import { printTicketResult } from '../shared/render.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('reopen')
    .description('reactivate a solved/closed ticket; after the backend window, open a linked follow-up instead')
    .argument('<id>', 'ticket id')
    .option('-m, --comment <text>', 'why it is back')
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
      ? `Ticket #${id} can no longer be reactivated; opened follow-up #${result.ticket.id}, linked to it.`
      : `Reopened ticket #${id}: it is ${result.ticket.status}.`,
  );
}
