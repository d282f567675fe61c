import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import { NotFoundError, PartialError, UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { helpBlock } from '../help-text.js';

const EXAMPLES = ['ticket outbox list', 'ticket outbox send --json', 'ticket outbox drop ob-20261123T100000Z-1a2b3c'];
const STATES: Partial<Record<string, 'adm.outbox.state.sending' | 'adm.outbox.state.dead'>> = { sending: 'adm.outbox.state.sending', dead: 'adm.outbox.state.dead' };
const SENT_ACTIONS = { created: 'adm.outbox.action.created', commented: 'adm.outbox.action.commented', replied: 'adm.outbox.action.replied' } as const;

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const outbox = program
    .command('outbox')
    .description(t('adm.help.outbox'))
    .addHelpText('after', `\n${t('adm.help.outbox.after')}\n` + helpBlock(t('adm.help.examples'), EXAMPLES));

  outbox
    .command('list')
    .description(t('adm.help.outbox.list'))
    .action(async (flags: { json?: boolean }) => runList(host.context(), Boolean(flags.json)));

  outbox
    .command('send')
    .description(t('adm.help.outbox.send'))
    .argument('[ids...]', t('adm.help.outbox.send.ids'))
    .option('--force', t('adm.help.outbox.send.force'))
    .action(async (ids: string[], flags: { json?: boolean; force?: boolean }) => runSend(host.context(), ids, flags));

  outbox
    .command('drop')
    .description(t('adm.help.outbox.drop'))
    .argument('[ids...]', t('adm.help.outbox.drop.ids'))
    .option('--all', t('adm.help.outbox.drop.all'))
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
  for (const u of unreadable) warn(ctx, ctx.t('adm.outbox.unreadable', { file: u }));
  if (json || ctx.globals.json) return writeJson(ctx, items.map(summaryOf));
  if (!items.length) return writeOut(ctx, ctx.t('adm.outbox.empty'));
  for (const i of items) {
    const what =
      i.kind === 'create' ? ctx.t('adm.outbox.item.create', { subject: sanitize(i.create?.subject ?? '') }) : ctx.t('adm.outbox.item.reply', { id: i.reply?.ticketId ?? '' });
    const flags = [i.state !== 'pending' ? (STATES[i.state] ? ctx.t(STATES[i.state]!) : i.state) : null, i.maybeSent ? ctx.t('adm.outbox.maybeSent') : null].filter(Boolean);
    writeOut(ctx, `${i.id}  ${i.createdAt}  ${what}${flags.length ? `  (${flags.join(', ')})` : ''}`);
  }
}

async function runSend(ctx: Context, ids: string[], flags: { json?: boolean; force?: boolean }): Promise<void> {
  const json = Boolean(flags.json || ctx.globals.json);
  const { list } = await import('../../outbox/store.js');
  const { writeJsonLine, writeOut, warn } = await import('../../io/output.js');
  // Ids that name nothing are a mistake to report, not an empty success.
  const known = new Set(list(ctx.paths.state).items.map((i) => i.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) {
    const none = unknown.length === 1 ? msg('adm.outbox.unknown.one', { id: unknown[0]! }) : msg('adm.outbox.unknown', { ids: unknown.map((id) => `"${id}"`).join(', ') });
    throw new NotFoundError(none, {
      hint: msg('adm.outbox.unknown.hint'),
      data: { ids: unknown },
    });
  }
  if (!list(ctx.paths.state).items.some((i) => i.state !== 'sent')) {
    if (json) return;
    return writeOut(ctx, ctx.t('adm.outbox.empty'));
  }
  const backend = await ctx.backend();
  const { sendOutbox, saySendLine } = await import('../../outbox/send.js');
  const summary = await sendOutbox(ctx, backend, {
    ids: ids.length ? ids : undefined,
    force: flags.force,
    profileName: ctx.profile().profileName,
    onLine: (l) => {
      if (json) return writeJsonLine(ctx, l);
      if (l.ok) writeOut(ctx, ctx.t(l.reconciled ? 'adm.outbox.sent.reconciled' : 'adm.outbox.sent', { id: l.id, action: l.action ? ctx.t(SENT_ACTIONS[l.action]) : '', ticket: l.ticket ?? '' }));
      else {
        // In the user's language (the JSON line keeps the English text).
        const { message, hint } = saySendLine(l, ctx.t);
        warn(ctx, ctx.t('adm.outbox.lineFailed', { id: l.id, message: hint ? `${message} ${hint}` : message }));
      }
    },
  });
  const counts = { sent: summary.sent, failed: summary.failed, remaining: summary.remaining, skipped: summary.skipped };
  ctx.io.stderr.write(ctx.t(summary.skipped ? 'adm.outbox.summary.skipped' : 'adm.outbox.summary', counts) + '\n');
  if (summary.stoppedBy) throw summary.stoppedBy;
  if (summary.failed) {
    throw new PartialError(msg('adm.outbox.failed', { count: summary.failed }), {
      hint: msg('adm.outbox.failed.hint'),
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
  if (!flags.all && !ids.length) throw new UsageError(msg('adm.outbox.drop.none'), { hint: msg('adm.outbox.ids.hint') });
  const targets = flags.all ? items.map((i) => i.id) : ids;
  for (const id of targets) {
    if (!items.some((i) => i.id === id)) throw new NotFoundError(msg('adm.outbox.unknown', { ids: id }), { hint: msg('adm.outbox.ids.hint') });
  }
  for (const id of targets) {
    remove(ctx.paths.state, id);
    if (json) writeJsonLine(ctx, { id, ok: true, action: 'dropped' });
    else writeOut(ctx, ctx.t('adm.outbox.dropped', { id }));
  }
}
