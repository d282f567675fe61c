import type { Command } from 'commander';
import { documentDefault } from '../help-text.js';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { StatusDef, Ticket } from '../../model.js';
import type { FilterFlags } from '../shared/options.js';
import { addFilterFlags, filterFromFlags } from '../shared/filter-flags.js';

export interface ListFlags extends FilterFlags {
  format?: string;
  stale?: string;
}

const FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const cmd = addFilterFlags(program.command('list').alias('ls').description(t('help.list.desc')), 'list', t);
  documentDefault(documentDefault(cmd, '--sort', 'created'), '--limit', '30')
    .option('--format <format>', t('help.list.format'))
    .option('--stale <age>', t('vocab.help.stale'))
    .addHelpText('after', t('help.list.after'))
    .action(async (flags: ListFlags) => runList(host.context(), flags));
}

export async function runList(ctx: Context, flags: ListFlags): Promise<void> {
  const format = flags.format ?? (ctx.globals.json ? 'json' : undefined);
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(msg('cmd.list.format', { value: format }), { hint: msg('cmd.opt.useOneOf', { list: FORMATS.join(', ') }) });
  }
  const filter = filterFromFlags({ ...flags, status: undefined }, 'list', ctx.now());
  const { resolveStatusFilter, vocabularyOf } = await import('../shared/status-input.js');
  const vocab = vocabularyOf(() => ctx.backend());
  if (flags.status) Object.assign(filter, await resolveStatusFilter(flags.status, '--status', vocab));
  const { parseStale } = await import('../shared/stale.js');
  const staleBefore = flags.stale !== undefined ? parseStale(flags.stale, ctx.now()) : undefined;
  const backend = await ctx.backend();
  const { withSpinner } = await import('../../io/spinner.js');
  // For a person at a terminal, one ticket more than the limit says whether there are more to show.
  const table = (format === undefined || format === 'table') && ctx.io.stdout.isTTY === true;
  const probe = table && filter.limit > 0;
  const asked = probe ? { ...filter, limit: filter.limit + 1 } : filter;
  const { listStale } = await import('../../operations/stale.js');
  let tickets = await withSpinner(ctx, ctx.t('cmd.list.loading'), () => (staleBefore !== undefined ? listStale(backend, asked, staleBefore) : backend.listTickets(asked)));
  const more = probe && tickets.length > filter.limit;
  if (more) tickets = tickets.slice(0, filter.limit);
  const { rememberTickets } = await import('../../completion/cache.js');
  rememberTickets(ctx, tickets);
  await printTickets(ctx, tickets, format, await vocab());
  if (more && ctx.interactiveErr) {
    const total = backend.countTickets && staleBefore === undefined ? await backend.countTickets(filter).catch(() => null) : null;
    const { paint } = await import('../../io/output.js');
    const said = total !== null && total > tickets.length ? ctx.t('term.showing', { shown: tickets.length, total }) : ctx.t('term.showing.more', { shown: tickets.length });
    ctx.io.stderr.write(paint(ctx, 'stderr').dim(said) + '\n');
  }
}

export async function printTickets(ctx: Context, tickets: Ticket[], format: string | undefined, vocab?: readonly StatusDef[] | null): Promise<void> {
  const out = ctx.io.stdout;
  const { ticketJson } = await import('../../io/output.js');
  const sel = (t: unknown) => ticketJson(ctx, t as Ticket);
  switch (format) {
    case 'json':
      await writeChunked(out, tickets, '[', ',', ']\n', sel);
      return;
    case 'jsonl':
      await writeChunked(out, tickets, '', '\n', tickets.length ? '\n' : '', sel);
      return;
    case 'csv': {
      const { renderTicketCsv } = await import('../../io/views.js');
      out.write(renderTicketCsv(tickets) + '\n');
      return;
    }
  }
  const views = await import('../../io/views.js');
  if (format === 'table' || out.isTTY) {
    if (!tickets.length) {
      if (out.isTTY) out.write(ctx.t('term.noTickets') + '\n');
      return;
    }
    const { writePaged } = await import('../../io/pager.js');
    await writePaged(ctx, (await views.renderTicketTable(ctx, tickets, vocab)) + '\n');
  } else if (tickets.length) {
    out.write(views.renderTicketPlain(tickets) + '\n');
  }
}

/**
 * Large lists are serialised a thousand tickets at a time, waiting for the stream to drain: one
 * JSON string of 100,000 tickets (and its UTF-8 copy) would double the peak memory.
 */
async function writeChunked(
  out: NodeJS.WritableStream,
  items: unknown[],
  open: string,
  sep: string,
  close: string,
  sel: (t: unknown) => unknown = (t) => t,
): Promise<void> {
  const CHUNK = 1000;
  let pending = open;
  for (let i = 0; i < items.length; i += CHUNK) {
    const part = items.slice(i, i + CHUNK).map((t) => JSON.stringify(sel(t))).join(sep);
    pending += (i > 0 ? sep : '') + part;
    if (!out.write(pending)) await new Promise<void>((r) => out.once('drain', () => r()));
    pending = '';
  }
  out.write(pending + close);
}
