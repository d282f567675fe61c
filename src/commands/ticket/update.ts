import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import type { Context } from '../../cli/context.js';
import type { Ticket, TicketChanges } from '../../model.js';
import { UsageError } from '../../errors.js';
import { parseId } from '../shared/ids.js';
import { ticketJson } from '../../io/output.js';
import { checkSubject, collect, parseCc, parseFieldPairs, parsePriority, parseStatus } from '../shared/options.js';

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
  if (flags.status) changes.status = parseStatus(flags.status);
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
  if (pairs.length) {
    const current = await backend.getTicket(id, { comments: false });
    if (!current.category) throw new UsageError(`Ticket #${id} has no category, so it has no fields to set.`);
    const { checkValue, resolveField } = await import('../../forms/validate.js');
    const { ValidationError } = await import('../../errors.js');
    const category = await backend.getCategory(current.category);
    const values = { ...current.fields };
    changes.fields = {};
    for (const [k, raw] of pairs) {
      const field = resolveField(category, k);
      const r = checkValue(field, raw, values);
      if (!r.ok) throw new ValidationError(r.message, { hint: `See \`ticket categories ${category.id}\`.` });
      if (r.value !== undefined) changes.fields[field.key] = values[field.key] = r.value;
    }
  }
  const ticket = await backend.updateTicket(id, changes);
  printTicketResult(ctx, ticket, 'updated', `Updated ticket #${id}.`);
}

/** The result of a write on one ticket: Ticket JSON (+ action) with --json, a line otherwise. */
export function printTicketResult(
  ctx: Context,
  ticket: Ticket,
  action: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, { ...ticket, action, ...extra })) + '\n');
  } else if (ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(`✓ ${message}\n`);
  } else {
    ctx.io.stdout.write(`${ticket.id}\t${ticket.status}\n`);
  }
}
