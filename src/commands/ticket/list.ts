import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import type { StatusDef, Ticket } from '../../model.js';
import { filterFrom, type FilterFlags } from '../shared/options.js';

export interface ListFlags extends FilterFlags {
  format?: string;
  stale?: string;
}

const FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;

/** The filter flags `list` and `bulk` share. */
export function addFilterFlags(cmd: Command): Command {
  return cmd
    .option('--status <status[,status]>', 'new, open, pending, on-hold, solved, closed')
    .option('--category <category>', 'only this category')
    .option('--requester <email>', 'filed by this person')
    .option('--mine', 'filed by me')
    .option('--since <when>', 'created since: 7d, 12h, 2w or a date (2026-11-01)')
    .option('--search <text>', 'text in the subject or body')
    .option('--sort <field>', 'created | updated (newest first)', 'created')
    .option('--query <q>', 'backend-native query passed through (TicketSQL for RT, Zendesk search syntax...)');
}

export function register(program: Command, host: CommandHost): void {
  addFilterFlags(program.command('list').alias('ls').description('tickets, newest first'))
    .option('-L, --limit <n>', 'at most n tickets (0 = all)', '30')
    .option('--format <format>', 'table | json | jsonl | csv (default: table on a terminal, tab-separated when piped)')
    .option('--stale <age>', host.t('vocab.help.stale'))
    .addHelpText(
      'after',
      `
Examples:
  ticket list --status open,pending --since 7d
  ticket list --mine --format csv > mine.csv
  ticket list --json --limit 0 | jq length`,
    )
    .action(async (flags: ListFlags) => runList(host.context(), flags));
}

export async function runList(ctx: Context, flags: ListFlags): Promise<void> {
  const format = flags.format ?? (ctx.globals.json ? 'json' : undefined);
  if (format !== undefined && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: unknown format "${format}".`, { hint: `Use one of: ${FORMATS.join(', ')}.` });
  }
  const filter = filterFrom({ ...flags, status: undefined }, ctx.now());
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
  let tickets = await withSpinner(ctx, 'Loading tickets…', () => (staleBefore !== undefined ? listStale(backend, asked, staleBefore) : backend.listTickets(asked)));
  const more = probe && tickets.length > filter.limit;
  if (more) tickets = tickets.slice(0, filter.limit);
  const { rememberTickets } = await import('../../completion/cache.js');
  rememberTickets(ctx, tickets);
  await printTickets(ctx, tickets, format, await vocab());
  if (more && ctx.interactiveErr) {
    const total = backend.countTickets && staleBefore === undefined ? await backend.countTickets(filter).catch(() => null) : null;
    const { translator } = await import('../../i18n/messages.js');
    const { paint } = await import('../../io/output.js');
    const t = translator(ctx.language());
    const msg = total !== null && total > tickets.length ? t('term.showing', { shown: tickets.length, total }) : t('term.showing.more', { shown: tickets.length });
    ctx.io.stderr.write(paint(ctx, 'stderr').dim(msg) + '\n');
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
      if (out.isTTY) {
        const { translator } = await import('../../i18n/messages.js');
        out.write(translator(ctx.language())('term.noTickets') + '\n');
      }
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
