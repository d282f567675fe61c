import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import type { Ticket } from '../../model.js';
import { parseId } from '../shared/ids.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('browse')
    .description(t('help.browse.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('-n, --no-browser', t('help.browse.noBrowser'))
    .addHelpText('after', t('help.browse.after'))
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
    throw new UsageError(msg(ticket.url === null ? 'cmd.browse.local' : 'cmd.browse.noUrl', { id: ticket.id }), {
      hint: msg('cmd.browse.hint', { id: ticket.id }),
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
      ctx.io.stderr.write(ctx.t('cmd.browse.opening', { url }) + '\n');
      return;
    }
  }
  ctx.io.stdout.write(url + '\n');
}
