import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { PartialError, UsageError } from '../../errors.js';

export function register(program: Command, host: CommandHost): void {
  const outbox = program
    .command('outbox')
    .description('tickets and replies waiting to be sent (saved when the backend was unreachable)')
    .addHelpText(
      'after',
      `
A create or reply that cannot reach the backend is saved here (exit code 7) with its idempotency key.
\`ticket outbox send\` delivers each item exactly once, even when two senders run at once or one is killed.

Examples:
  ticket outbox list
  ticket outbox send --json
  ticket outbox drop ob-20261123T100000Z-1a2b3c`,
    );

  outbox
    .command('list')
    .description('what is waiting, oldest first')
    .action(async (flags: { json?: boolean }) => runList(host.context(), Boolean(flags.json)));

  outbox
    .command('send')
    .description('deliver what is waiting (with the current profile)')
    .argument('[ids...]', 'only these items (also retries items the backend refused)')
    .option('--force', 're-send items whose outcome is unknown on a backend that cannot look them up')
    .action(async (ids: string[], flags: { json?: boolean; force?: boolean }) => runSend(host.context(), ids, flags));

  outbox
    .command('drop')
    .description('remove items without sending them')
    .argument('[ids...]', 'items to remove')
    .option('--all', 'remove every item')
    .action(async (ids: string[], flags: { all?: boolean; json?: boolean }) => runDrop(host.context(), ids, flags));
}

function summaryOf(i: import('../../outbox/store.js').OutboxItem) {
  return {
    id: i.id,
    kind: i.kind,
    state: i.state,
    origin: i.origin,
    profile: i.profile,
    backend: i.backend,
    createdAt: i.createdAt,
    attempts: i.attempts,
    maybeSent: i.maybeSent,
    ticket: i.reply?.ticketId ?? null,
    subject: i.create?.subject ?? null,
    priority: i.create?.priority ?? null,
    lastError: i.lastError ?? null,
  };
}

async function runList(ctx: Context, json: boolean): Promise<void> {
  const { list } = await import('../../outbox/store.js');
  const { writeJson, writeOut, warn } = await import('../../io/output.js');
  const { neutralizeLine: sanitize } = await import('../../io/sanitize.js');
  const listed = list(ctx.paths.state);
  const items = listed.items.filter((i) => i.state !== 'sent');
  const unreadable = listed.unreadable;
  for (const u of unreadable) warn(ctx, `cannot read ${u}; it was left in place.`);
  if (json || ctx.globals.json) return writeJson(ctx, items.map(summaryOf));
  if (!items.length) return writeOut(ctx, 'The outbox is empty.');
  for (const i of items) {
    const what = i.kind === 'create' ? `create "${sanitize(i.create?.subject ?? '')}"` : `reply to #${i.reply?.ticketId}`;
    const flags = [i.state !== 'pending' ? i.state : null, i.maybeSent ? 'may have been received' : null].filter(Boolean);
    writeOut(ctx, `${i.id}  ${i.createdAt}  ${what}${flags.length ? `  (${flags.join(', ')})` : ''}`);
  }
}

async function runSend(ctx: Context, ids: string[], flags: { json?: boolean; force?: boolean }): Promise<void> {
  const json = Boolean(flags.json || ctx.globals.json);
  const { list } = await import('../../outbox/store.js');
  const { writeJsonLine, writeOut, warn } = await import('../../io/output.js');
  if (!list(ctx.paths.state).items.some((i) => i.state !== 'sent')) {
    if (json) return;
    return writeOut(ctx, 'The outbox is empty.');
  }
  const backend = await ctx.backend();
  const { sendOutbox } = await import('../../outbox/send.js');
  const summary = await sendOutbox(ctx, backend, {
    ids: ids.length ? ids : undefined,
    force: flags.force,
    profileName: ctx.profile().profileName,
    onLine: (l) => {
      if (json) return writeJsonLine(ctx, l);
      if (l.ok) writeOut(ctx, `${l.id}: ${l.action} #${l.ticket}${l.reconciled ? ' (already delivered by an earlier attempt)' : ''}`);
      else warn(ctx, `${l.id}: ${l.error?.message}${l.error?.hint ? ` ${l.error.hint}` : ''}`);
    },
  });
  ctx.io.stderr.write(
    `outbox: ${summary.sent} sent, ${summary.failed} failed, ${summary.remaining} waiting` +
      (summary.skipped ? `, ${summary.skipped} for other profiles or refused earlier (use their ids)` : '') +
      '\n',
  );
  if (summary.stoppedBy) throw summary.stoppedBy;
  if (summary.failed) {
    throw new PartialError(`${summary.failed} item(s) could not be sent.`, {
      hint: 'See the lines above; `ticket outbox list` shows what is left.',
      data: { sent: summary.sent, failed: summary.failed },
    });
  }
}

async function runDrop(ctx: Context, ids: string[], flags: { all?: boolean; json?: boolean }): Promise<void> {
  const { list, remove } = await import('../../outbox/store.js');
  const { writeJsonLine, writeOut } = await import('../../io/output.js');
  const { NotFoundError } = await import('../../errors.js');
  const json = Boolean(flags.json || ctx.globals.json);
  const items = list(ctx.paths.state).items;
  if (!flags.all && !ids.length) throw new UsageError('Name the items to drop, or pass --all.', { hint: '`ticket outbox list` shows their ids.' });
  const targets = flags.all ? items.map((i) => i.id) : ids;
  for (const id of targets) {
    if (!items.some((i) => i.id === id)) throw new NotFoundError(`No outbox item ${id}.`, { hint: '`ticket outbox list` shows their ids.' });
  }
  for (const id of targets) {
    remove(ctx.paths.state, id);
    if (json) writeJsonLine(ctx, { id, ok: true, action: 'dropped' });
    else writeOut(ctx, `dropped ${id}`);
  }
}
