import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('show')
    .alias('view')
    .description('one ticket with its conversation')
    .argument('<id>', 'ticket id')
    .option('--no-comments', 'without the conversation')
    .action(async (id: string, flags: { comments?: boolean }) => runShow(host.context(), parseId(id), flags));
}

export async function runShow(ctx: Context, id: string, flags: { comments?: boolean }): Promise<void> {
  const backend = await ctx.backend();
  const { withSpinner } = await import('../../io/spinner.js');
  const ticket = await withSpinner(ctx, `Loading ticket #${id}…`, () => backend.getTicket(id, { comments: flags.comments !== false }));
  if (ctx.globals.json) {
    const { ticketJson } = await import('../../io/output.js');
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, ticket)) + '\n');
    return;
  }
  const views = await import('../../io/views.js');
  ctx.io.stdout.write((ctx.io.stdout.isTTY ? views.renderTicketDetail(ctx, ticket) : views.renderTicketDetailPlain(ticket)) + '\n');
}
