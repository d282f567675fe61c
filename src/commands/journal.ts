import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import { UsageError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { STATUSES, type Status } from '../model.js';

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  program
    .command('journal')
    .description(t('adm.help.journal'))
    .option('--since <when>', t('adm.help.journal.since'))
    .option('-L, --limit <n>', t('adm.help.journal.limit'), '50')
    .option('--all-profiles', t('adm.help.journal.allProfiles'))
    .action(async (flags: JournalFlags) => runJournal(host.context(), flags));
  program
    .command('undo')
    .description(t('adm.help.undo'))
    .argument('[id]', t('adm.help.undo.id'))
    .option('--last', t('adm.help.undo.last'))
    .option('--dry-run', t('adm.help.undo.dryRun'))
    .addHelpText('after', '\n' + t('adm.help.undo.after'))
    .action(async (id: string | undefined, flags: { last?: boolean; dryRun?: boolean }) => runUndo(host.context(), id, flags));
}

const UNDO_ACTIONS = { restored: 'adm.undo.action.restored', unchanged: 'adm.undo.action.unchanged', 'would-restore': 'adm.undo.action.wouldRestore' } as const;

interface JournalFlags {
  since?: string;
  limit?: string;
  allProfiles?: boolean;
}

function profileName(ctx: Context): string | null {
  return ctx.profile().profileName;
}

export async function runJournal(ctx: Context, flags: JournalFlags): Promise<void> {
  const { readEntries } = await import('../journal/store.js');
  const { parseSince, parseLimit } = await import('./shared/options.js');
  const since = flags.since ? parseSince(flags.since, ctx.now()) : null;
  const limit = parseLimit(flags.limit ?? '50');
  const me = profileName(ctx);
  let entries = readEntries(ctx.paths.state).filter((e) => (flags.allProfiles ? true : e.profile === me) && (!since || e.at >= since));
  if (limit > 0) entries = entries.slice(-limit);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(entries) + '\n');
    return;
  }
  const { neutralizeLine } = await import('../io/sanitize.js');
  const show = (s: object) =>
    Object.entries(s)
      .map(([k, v]) => (k === 'fields' ? Object.entries(v as object).map(([f, x]) => `${f}=${JSON.stringify(x)}`).join(' ') : `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`))
      .join(' ');
  for (const e of entries) {
    const change = Object.keys(e.after).length ? `${show(e.before) || '∅'} → ${show(e.after)}` : '';
    const extra = [
      e.commentId ? ctx.t('adm.journal.comment', { id: e.commentId }) : '',
      e.bulkRun ? ctx.t('adm.journal.bulk', { id: e.bulkRun }) : '',
      e.undoOf ? ctx.t('adm.journal.undoOf', { id: e.undoOf }) : '',
    ]
      .filter(Boolean)
      .join(', ');
    ctx.io.stdout.write(neutralizeLine(`${e.id}\t${e.at}\t${e.via}\t${e.op}\t#${e.ticket}\t${change}${extra ? `\t(${extra})` : ''}`) + '\n');
  }
}

export async function runUndo(ctx: Context, id: string | undefined, flags: { last?: boolean; dryRun?: boolean }): Promise<void> {
  if (!id && !flags.last) throw new UsageError(msg('adm.undo.noId'), { hint: msg('adm.undo.noId.hint') });
  if (id && flags.last) throw new UsageError(msg('adm.undo.both'));
  const { readEntries } = await import('../journal/store.js');
  const { selectEntries, undoOperation, undoOutcome, sayUndoLine, sayUndoKept } = await import('../operations/undo.js');
  const entries = selectEntries(readEntries(ctx.paths.state), { id, last: flags.last }, profileName(ctx));
  const { currentInvocation } = await import('../backends/invocation.js');
  const inv = currentInvocation();
  if (inv) inv.undoOf = id ?? entries[0]!.run;
  const backend = await ctx.backend();
  const { writeJsonLine, writeOut } = await import('../io/output.js');
  const textOut = !ctx.globals.json && ctx.io.stdout.isTTY === true;
  const state = (s: Status | null | undefined) => (s && (STATUSES as readonly string[]).includes(s) ? ctx.t(`cmd.state.${s}`) : (s ?? '?'));
  const r = await undoOperation(backend, entries, {
    dryRun: flags.dryRun,
    onLine: (l) => {
      if (!textOut) return writeJsonLine(ctx, l);
      // Said in the user's language; the JSON lines keep the English text.
      const kept = sayUndoKept(l, ctx.t);
      if (l.ok) writeOut(ctx, `#${l.id}  ${l.action ? ctx.t(UNDO_ACTIONS[l.action]) : ''}  ${state(l.from)} → ${state(l.to)}${kept.length ? `  ${ctx.t('adm.undo.kept', { list: kept.join(ctx.t('adm.undo.kept.sep')) })}` : ''}`);
      else writeOut(ctx, `#${l.id}  ${ctx.t('adm.undo.refused', { reason: sayUndoLine(l, ctx.t).message })}`);
    },
  });
  const counts = { restored: r.counts.restored, unchanged: r.counts.unchanged, failed: r.counts.failed };
  ctx.io.stderr.write(ctx.t(flags.dryRun ? 'adm.undo.summary.dry' : 'adm.undo.summary', counts) + '\n');
  undoOutcome(r);
}
