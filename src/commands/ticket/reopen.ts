import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import type { Context } from '../../cli/context.js';
import { parseId } from '../shared/ids.js';
import { printTicketResult } from './update.js';

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
  const { ticket, followUp } = await backend.reopen(id, { comment: flags.comment ?? null });
  if (followUp) {
    printTicketResult(
      ctx,
      ticket,
      'follow-up',
      `Ticket #${id} can no longer be reactivated; opened follow-up #${ticket.id}, linked to it.`,
      { followUp: true, followUpOf: id },
    );
  } else {
    printTicketResult(ctx, ticket, 'reopened', `Reopened ticket #${id}.`, { followUp: false });
  }
}
