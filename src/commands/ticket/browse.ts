import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import type { Ticket } from '../../model.js';
import { parseId } from '../shared/ids.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('browse')
    .description('open the ticket in the browser (prints the URL off a terminal)')
    .argument('<id>', 'ticket id')
    .option('-n, --no-browser', 'print the URL instead of opening it')
    .addHelpText(
      'after',
      `
Opens the ticket's web page with $BROWSER, open (macOS), start (Windows) or xdg-open. Off a
terminal, with --json, or when no opener is available, the URL is printed instead. Tickets of the
local backend have no web page: exit 2.`,
    )
    .action(async (id: string, flags: { browser?: boolean }) => runBrowse(host.context(), parseId(id), flags));
}

export async function runBrowse(ctx: Context, id: string, flags: { browser?: boolean } = {}, known?: Ticket): Promise<void> {
  const ticket = known ?? (await (await ctx.backend()).getTicket(id, { comments: false }));
  await openTicketUrl(ctx, ticket, flags);
}

/** Open (or print) a ticket's URL; a ticket without one (local backend) is exit 2. */
export async function openTicketUrl(ctx: Context, ticket: Ticket, flags: { browser?: boolean } = {}): Promise<void> {
  const url = ticket.url;
  if (!url || !/^https?:\/\//i.test(url)) {
    throw new UsageError(`Ticket #${ticket.id} has no web page: the ${ticket.url === null ? 'local backend keeps tickets on this machine' : 'backend gave no web URL'}.`, {
      hint: `Read it in the terminal with \`ticket show ${ticket.id}\`.`,
    });
  }
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify({ id: ticket.id, url }) + '\n');
    return;
  }
  const onTerminal = ctx.io.stdout.isTTY === true && ctx.interactiveErr;
  if (onTerminal && flags.browser !== false) {
    const open = ctx.deps.openUrl ?? (async (u: string) => (await import('../../io/browser.js')).openInBrowser(u, ctx.env));
    if (await open(url)) {
      ctx.io.stderr.write(`Opening ${url} in your browser.\n`);
      return;
    }
  }
  ctx.io.stdout.write(url + '\n');
}
