import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { TicketChanges } from '../../model.js';
import { UsageError } from '../../errors.js';
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
  program
    .command('update')
    .alias('edit')
    .description('change status, priority, fields, CCs')
    .argument('<id>', 'ticket id')
    .option('--status <status>', 'new | open | pending | on-hold | solved | closed')
    .option('-p, --priority <priority>', 'low | normal | high | urgent')
    .option('-f, --field <key=value>', 'set a field of the category (repeatable)', collect)
    .option('--add-cc <email>', 'copy someone (repeatable)', collect)
    .option('--remove-cc <email>', 'stop copying someone (repeatable)', collect)
    .option('--tag <tag>', 'add a tag (repeatable)', collect)
    .option('-s, --subject <text>', 'new subject')
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
    throw new UsageError('Nothing to change.', {
      hint: 'Pass at least one of --status, --priority, --field, --add-cc, --remove-cc, --tag, --subject.',
    });
  }
  const backend = await ctx.backend();
  if (flags.subject !== undefined) changes.subject = checkSubject(flags.subject, backend.capabilities.subjectMaxLength);
  const { updateOperation } = await import('../../operations/write.js');
  const result = await updateOperation(backend, id, { changes, fieldPairs: pairs });
  printTicketResult(ctx, result, `Updated ticket #${id}.`);
}
