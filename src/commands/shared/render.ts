// The renderer of a write's typed result: the Ticket JSON (with action) under --json, a line on a
// terminal, `id<TAB>status` when piped.
import type { Context } from '../../context/index.js';
import type { TicketWriteResult } from '../../operations/write.js';
import { ticketJson } from '../../io/output.js';

/** The result of a write on one ticket: Ticket JSON (+ action) with --json, a line otherwise. */
export function printTicketResult(ctx: Context, result: TicketWriteResult, message: string): void {
  const { ticket, action, ...extra } = result;
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(ticketJson(ctx, { ...ticket, action, ...extra })) + '\n');
  } else if (ctx.io.stdout.isTTY) {
    ctx.io.stdout.write(ctx.t('cmd.done', { message }) + '\n');
  } else {
    ctx.io.stdout.write(`${ticket.id}\t${ticket.status}\n`);
  }
}
