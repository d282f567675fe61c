import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';
import { parseStatus } from '../shared/options.js';
import { UsageError } from '../../errors.js';
import { printTicketResult } from '../shared/render.js';

export interface CloseFlags {
  comment?: string;
  status?: string;
}

export function register(program: Command, host: CommandHost): void {
  program
    .command('close')
    .alias('solve')
    .description('mark a ticket solved (or closed), with an optional closing comment')
    .argument('<id>', 'ticket id')
    .option('-m, --comment <text>', 'a closing comment, added as a public reply')
    .option('--status <status>', 'solved | closed', 'solved')
    .action(async (id: string, flags: CloseFlags) => runClose(host.context(), parseId(id), flags));
}

export async function runClose(ctx: Context, id: string, flags: CloseFlags): Promise<void> {
  const status = parseStatus(flags.status ?? 'solved');
  if (status !== 'solved' && status !== 'closed') {
    throw new UsageError(`close: --status must be solved or closed (got ${status}).`, { hint: 'Use `ticket update --status` for other statuses.' });
  }
  const backend = await ctx.backend();
  const { closeOperation } = await import('../../operations/write.js');
  const result = await closeOperation(ctx, backend, id, { status, comment: flags.comment ?? null });
  printTicketResult(ctx, result, result.action === 'unchanged' ? `Ticket #${id} was already ${result.ticket.status}.` : `Ticket #${id} is ${result.ticket.status}.`);
}
