import type { Context } from '../context/index.js';
import type { Ticket } from '../model.js';
import { ticketJson } from './output.js';

/** What a create returned: the ticket, and whether it was new or the open one with the same dedupe key. */
export interface CreatedResult {
  ticket: Ticket;
  action: 'created' | 'commented';
}

/**
 * The result of `create`, `new` and the wizard: id (and URL) on stdout; a friendly line on a
 * terminal; the Ticket JSON with --json.
 */
export function printCreated(ctx: Context, result: CreatedResult): void {
  const t = result.ticket;
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, { ...t, action: result.action })) + '\n');
    return;
  }
  if (ctx.io.stdout.isTTY) {
    const said = ctx.t(result.action === 'created' ? 'cmd.created' : 'cmd.created.commented', { id: t.id });
    ctx.io.stdout.write(`${said}${t.url ? `  ${t.url}` : ''}\n`);
  } else {
    ctx.io.stdout.write(`${t.id}${t.url ? `\t${t.url}` : ''}\n`);
  }
}
