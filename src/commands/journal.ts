import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import { UsageError } from '../errors.js';

export function register(program: Command, host: CommandHost): void {
  program
    .command('journal')
    .description('every write, recorded (CLI and MCP): who, when, ticket, before → after')
    .option('--since <when>', 'only since: 1h, 7d, 2026-11-01')
    .option('-L, --limit <n>', 'the last n entries (0 = all)', '50')
    .option('--all-profiles', 'entries of every profile, not only this one')
    .action(async (flags: JournalFlags) => runJournal(host.context(), flags));
  program
    .command('undo')
    .description('restore the values before a change or a bulk run, where the tickets did not change since (comments are not deleted)')
    .argument('[id]', 'a journal entry id, or a run id (bulkRun) for the whole run')
    .option('--last', 'the last change made through this profile')
    .option('--dry-run', 'say what would be restored; change nothing')
    .addHelpText(
      'after',
      `
A ticket that changed again since (its values differ from the journal's "after") is refused, named,
and left as it is; a partial undo of several tickets exits 8. Comments added by the change stay, and a
ticket it created is not deleted. The undo is journaled too (undo --last again puts the change back).`,
    )
    .action(async (id: string | undefined, flags: { last?: boolean; dryRun?: boolean }) => runUndo(host.context(), id, flags));
}

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
    const extra = [e.commentId ? `comment ${e.commentId}` : '', e.bulkRun ? `bulk ${e.bulkRun}` : '', e.undoOf ? `undo of ${e.undoOf}` : ''].filter(Boolean).join(', ');
    ctx.io.stdout.write(neutralizeLine(`${e.id}\t${e.at}\t${e.via}\t${e.op}\t#${e.ticket}\t${change}${extra ? `\t(${extra})` : ''}`) + '\n');
  }
}

export async function runUndo(ctx: Context, id: string | undefined, flags: { last?: boolean; dryRun?: boolean }): Promise<void> {
  if (!id && !flags.last) throw new UsageError('Give a journal id, or --last.', { hint: 'See `ticket journal` for the ids.' });
  if (id && flags.last) throw new UsageError('Give either a journal id or --last, not both.');
  const { readEntries } = await import('../journal/store.js');
  const { selectEntries, undoOperation, undoOutcome } = await import('../operations/undo.js');
  const entries = selectEntries(readEntries(ctx.paths.state), { id, last: flags.last }, profileName(ctx));
  const { currentInvocation } = await import('../backends/invocation.js');
  const inv = currentInvocation();
  if (inv) inv.undoOf = id ?? entries[0]!.run;
  const backend = await ctx.backend();
  const { writeJsonLine, writeOut } = await import('../io/output.js');
  const textOut = !ctx.globals.json && ctx.io.stdout.isTTY === true;
  const r = await undoOperation(backend, entries, {
    dryRun: flags.dryRun,
    onLine: (l) => {
      if (!textOut) return writeJsonLine(ctx, l);
      if (l.ok) writeOut(ctx, `#${l.id}  ${l.action}  ${l.from ?? '?'} → ${l.to ?? '?'}${l.kept?.length ? `  (kept: ${l.kept.join('; ')})` : ''}`);
      else writeOut(ctx, `#${l.id}  not restored: ${l.error?.message}`);
    },
  });
  ctx.io.stderr.write(
    `undo${flags.dryRun ? ' (dry run)' : ''}: ${r.counts.restored} ${flags.dryRun ? 'would be restored' : 'restored'}, ${r.counts.unchanged} unchanged, ${r.counts.failed} refused or failed. Comments are not deleted by undo.\n`,
  );
  undoOutcome(r);
}
