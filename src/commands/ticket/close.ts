import type { Command } from 'commander';
import { documentDefault } from '../help-text.js';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';
import { parseStatus } from '../shared/options.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { printTicketResult } from '../shared/render.js';

export interface CloseFlags {
  comment?: string;
  status?: string;
}

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const cmd = program
    .command('close')
    .alias('solve')
    .description(t('help.close.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('-m, --comment <text>', t('help.close.comment'))
    .option('--status <status>', t('help.close.status'));
  documentDefault(cmd, '--status', 'solved').action(async (id: string, flags: CloseFlags) => runClose(host.context(), parseId(id), flags));
}

export async function runClose(ctx: Context, id: string, flags: CloseFlags): Promise<void> {
  const status = parseStatus(flags.status ?? 'solved');
  if (status !== 'solved' && status !== 'closed') {
    throw new UsageError(msg('cmd.close.badStatus', { status }), { hint: msg('cmd.close.badStatus.hint') });
  }
  const backend = await ctx.backend();
  const { closeOperation } = await import('../../operations/write.js');
  const result = await closeOperation(ctx, backend, id, { status, comment: flags.comment ?? null });
  const now = ctx.t(`cmd.state.${result.ticket.status}`);
  printTicketResult(ctx, result, ctx.t(result.action === 'unchanged' ? 'cmd.close.already' : 'cmd.close.done', { id, status: now }));
}
