import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { parseId } from '../shared/ids.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('show')
    .alias('view')
    .description(t('help.show.desc'))
    .argument('<id>', t('help.arg.id'))
    .option('--no-comments', t('help.show.noComments'))
    .option('--raw', t('help.show.raw'))
    .option('-w, --web', t('help.show.web'))
    .action(async (id: string, flags: ShowFlags) => runShow(host.context(), parseId(id), flags));
}

export interface ShowFlags {
  comments?: boolean;
  raw?: boolean;
  web?: boolean;
}

export async function runShow(ctx: Context, id: string, flags: ShowFlags): Promise<void> {
  if (flags.web) {
    const { runBrowse } = await import('./browse.js');
    return runBrowse(ctx, id);
  }
  const backend = await ctx.backend();
  const { withSpinner } = await import('../../io/spinner.js');
  const ticket = await withSpinner(ctx, ctx.t('cmd.show.loading', { id }), () => backend.getTicket(id, { comments: flags.comments !== false }));
  if (ctx.globals.json) {
    const { ticketJson } = await import('../../io/output.js');
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, ticket)) + '\n');
    const { rememberTickets } = await import('../../completion/cache.js');
    rememberTickets(ctx, [ticket]);
    return;
  }
  const { rememberTickets } = await import('../../completion/cache.js');
  rememberTickets(ctx, [ticket]);
  const views = await import('../../io/views.js');
  if (!ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(views.renderTicketDetailPlain(ticket) + '\n');
    return;
  }
  const { bodyRenderer } = await import('../../io/body.js');
  const { writePaged } = await import('../../io/pager.js');
  const vocab = backend.statusVocabulary ? await backend.statusVocabulary() : null;
  await writePaged(ctx, views.renderTicketDetail(ctx, ticket, await bodyRenderer(ctx, { raw: flags.raw }), vocab) + '\n');
}
