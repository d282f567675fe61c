import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { TicketChanges } from '../../model.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { printTicketResult } from '../shared/render.js';
import { parseId } from '../shared/ids.js';
import { checkSubject, collect, parseCc, parseFieldPairs, parsePriority } from '../shared/options.js';

export interface UpdateFlags {
  status?: string;
  priority?: string;
  field?: string[];
  addCc?: string[];
  removeCc?: string[];
  tag?: string[];
  subject?: string;
}

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('update')
    .alias('edit')
    .description(t('help.update.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('--status <status>', t('help.update.status'))
    .option('-p, --priority <priority>', t('help.update.priority'))
    .option('-f, --field <key=value>', t('help.update.field'), collect)
    .option('--add-cc <email>', t('help.create.cc'), collect)
    .option('--remove-cc <email>', t('help.update.removeCc'), collect)
    .option('--tag <tag>', t('help.create.tag'), collect)
    .option('-s, --subject <text>', t('help.update.subject'))
    .action(async (id: string, flags: UpdateFlags) => runUpdate(host.context(), parseId(id), flags));
}

export async function runUpdate(ctx: Context, id: string, flags: UpdateFlags): Promise<void> {
  const changes: TicketChanges = {};
  if (flags.status) {
    const { resolveStatus, vocabularyOf } = await import('../shared/status-input.js');
    Object.assign(changes, await resolveStatus(flags.status, '--status', vocabularyOf(() => ctx.backend())));
  }
  if (flags.priority) changes.priority = parsePriority(flags.priority);
  if (flags.addCc) changes.addCc = parseCc(flags.addCc);
  if (flags.removeCc) changes.removeCc = parseCc(flags.removeCc);
  if (flags.tag) changes.tags = flags.tag;
  const pairs = parseFieldPairs(flags.field);
  if (!Object.keys(changes).length && !pairs.length && flags.subject === undefined) {
    throw new UsageError(msg('cmd.update.nothing'), { hint: msg('cmd.update.nothing.hint') });
  }
  const backend = await ctx.backend();
  if (flags.subject !== undefined) changes.subject = checkSubject(flags.subject, backend.capabilities.subjectMaxLength);
  const { updateOperation } = await import('../../operations/write.js');
  const result = await updateOperation(backend, id, { changes, fieldPairs: pairs });
  printTicketResult(ctx, result, ctx.t('cmd.update.done', { id }));
}
