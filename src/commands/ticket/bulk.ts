import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { FieldValue, Status, Ticket } from '../../model.js';
import { STATUSES } from '../../model.js';
import { CancelledError, PartialError, UsageError } from '../../errors.js';
import { bulkOperation, hasChange, lineError, type BulkLine, type Change, type Target } from '../../operations/bulk.js';
import { collect } from '../shared/options.js';
import { addFilterFlags, filterFromFlags, hasFilter } from '../shared/filter-flags.js';
import { msg } from '../../i18n/msg.js';
import type { Vocabulary } from '../shared/status-input.js';

export type { BulkLine } from '../../operations/bulk.js';
export { alreadyThere } from '../../operations/bulk.js';

export interface BulkFlags {
  ids?: string;
  whereStatus?: string;
  category?: string;
  requester?: string;
  mine?: boolean;
  since?: string;
  search?: string;
  query?: string;
  limit?: string;
  status?: string;
  priority?: string;
  comment?: string;
  field?: string[];
  dryRun?: boolean;
  yes?: boolean;
  max?: string;
  concurrency?: string;
}

export function register(program: Command, host: CommandHost): void {
  const t = host.t;
  const cmd = program.command('bulk').description(t('help.bulk.desc')).option('--ids <ids>', t('help.bulk.ids'));
  addFilterFlags(cmd, 'bulk', t)
    .option('--status <status>', t('help.bulk.status'))
    .option('--set-status <status>', t('help.bulk.setStatus'))
    .option('-p, --priority <priority>', t('help.bulk.priority'))
    .option('--comment <text>', t('help.bulk.comment'))
    .option('-f, --field <key=value>', t('help.bulk.field'), collect)
    .option('--dry-run', t('help.bulk.dryRun'))
    .option('-y, --yes', t('help.bulk.yes'))
    .option('--max <n>', t('help.bulk.max'))
    .option('--concurrency <n>', t('help.bulk.concurrency'))
    .addHelpText('after', t('help.bulk.after'))
    .action(async (flags: BulkFlags & { setStatus?: string }) => {
      if (flags.setStatus && flags.status && flags.setStatus !== flags.status) throw new UsageError(msg('cmd.bulk.statusTwice'));
      return runBulk(host.context(), { ...flags, status: flags.status ?? flags.setStatus });
    });
}

function posInt(v: string | undefined, flag: string, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(msg('cmd.opt.minInt', { flag, min, value: v }));
  return n;
}

/** A change from the flags (`line` undefined) or from stdin line `line`; errors name the flag or the line's key. */
async function parseChange(raw: { status?: unknown; priority?: unknown; comment?: unknown; fields?: unknown; field?: string[] }, vocab: Vocabulary, line?: number): Promise<Change> {
  const where = (field: string) => (line === undefined ? `--${field}` : msg('cmd.bulk.lineField', { n: line, field }));
  const { parsePriority, parseFieldPairs } = await import('../shared/options.js');
  const { resolveStatus } = await import('../shared/status-input.js');
  const c: Change = {};
  if (raw.status !== undefined && raw.status !== null) Object.assign(c, await resolveStatus(String(raw.status), where('status'), vocab));
  if (raw.priority !== undefined && raw.priority !== null) c.priority = parsePriority(String(raw.priority));
  if (raw.comment !== undefined && raw.comment !== null) {
    if (typeof raw.comment !== 'string' || !raw.comment.trim()) throw new UsageError(msg('cmd.bulk.mustBeText', { field: where('comment') }));
    c.comment = raw.comment;
  }
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of parseFieldPairs(raw.field)) fields[k] = v;
  if (raw.fields !== undefined && raw.fields !== null) {
    if (typeof raw.fields !== 'object' || Array.isArray(raw.fields)) throw new UsageError(msg('cmd.bulk.mustBeObject', { field: where('fields') }));
    for (const [k, v] of Object.entries(raw.fields as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) fields[k] = v as FieldValue;
      else throw new UsageError(msg('cmd.bulk.mustBeValue', { field: where(`fields.${k}`) }));
    }
  }
  if (Object.keys(fields).length) c.fields = fields;
  return c;
}

const MAX_STDIN_LINE = 64 * 1024;

async function readTargetsFromStdin(ctx: Context, base: Change, vocab: Vocabulary): Promise<Target[]> {
  const { readAll } = await import('../../io/streams.js');
  const text = await readAll(ctx.io.stdin);
  const out: Target[] = [];
  let n = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    n++;
    // An id or a one-ticket change fits in far less: a longer line is not input for bulk.
    if (rawLine.length > MAX_STDIN_LINE) {
      throw new UsageError(msg('cmd.bulk.lineTooLong', { n, length: rawLine.length, max: MAX_STDIN_LINE }), { hint: msg('cmd.bulk.stdin.hint') });
    }
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('{')) {
      let j: Record<string, unknown>;
      try {
        j = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UsageError(msg('cmd.bulk.lineJson', { n }), { hint: msg('cmd.bulk.stdin.hint') });
      }
      if (j.id === undefined || j.id === null || String(j.id).trim() === '') throw new UsageError(msg('cmd.bulk.lineNoId', { n }));
      const own = await parseChange(j as never, vocab, n);
      const change: Change = { ...base, ...own, fields: base.fields || own.fields ? { ...base.fields, ...own.fields } : undefined };
      if (!change.fields) delete change.fields;
      out.push({ id: String(j.id).trim(), change });
    } else {
      if (!/^[\w.-]+$/.test(line)) throw new UsageError(msg('cmd.bulk.lineBadId', { n, value: line.slice(0, 40) }));
      out.push({ id: line, change: { ...base } });
    }
  }
  return out;
}

export async function runBulk(ctx: Context, flags: BulkFlags): Promise<void> {
  const { resolveStatusFilter, vocabularyOf } = await import('../shared/status-input.js');
  const vocab = vocabularyOf(() => ctx.backend());
  const base = await parseChange({ status: flags.status, priority: flags.priority, comment: flags.comment, field: flags.field }, vocab);
  const max = flags.max !== undefined ? posInt(flags.max, '--max', 0) : null;
  const concurrency = posInt(flags.concurrency, '--concurrency', 8, 1);
  const byFilter = hasFilter({ ...flags }, 'bulk');
  if (flags.ids !== undefined && byFilter) throw new UsageError(msg('cmd.bulk.idsAndFilters'));

  // 1. Targets.
  let targets: Target[] = [];
  let fromList: Ticket[] | null = null;
  const backend = await ctx.backend();
  if (flags.ids !== undefined) {
    const ids = flags.ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.length) throw new UsageError(msg('cmd.bulk.noIds'), { hint: msg('cmd.bulk.noIds.hint') });
    for (const id of ids) if (!/^[\w.-]+$/.test(id)) throw new UsageError(msg('cmd.bulk.badId', { value: id }));
    targets = ids.map((id) => ({ id, change: { ...base } }));
  } else if (byFilter) {
    const filter = filterFromFlags({ ...flags, whereStatus: undefined }, 'bulk', ctx.now());
    if (flags.whereStatus) Object.assign(filter, await resolveStatusFilter(flags.whereStatus, '--where-status', vocab));
    fromList = await backend.listTickets(filter);
    targets = fromList.map((t) => ({ id: t.id, change: { ...base }, current: t }));
  } else {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError(msg('cmd.bulk.noTargets'));
    }
    targets = await readTargetsFromStdin(ctx, base, vocab);
  }
  // One entry per id (the first wins): a ticket is never changed twice in one run.
  const seen = new Set<string>();
  targets = targets.filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)));
  for (const t of targets) {
    if (!hasChange(t.change)) {
      throw new UsageError(msg('cmd.bulk.nothing', { id: t.id }), { hint: msg('cmd.bulk.nothing.hint') });
    }
  }
  if (max !== null && targets.length > max) {
    throw new UsageError(msg('cmd.bulk.overMax', { n: targets.length, max }), {
      hint: msg('cmd.bulk.overMax.hint'),
      data: { targets: targets.length, max },
    });
  }

  const { writeJsonLine, writeOut, warn, ticketJson } = await import('../../io/output.js');
  const textOut = !ctx.globals.json && ctx.io.stdout.isTTY === true;
  const emit = (l: BulkLine) => {
    if (!textOut) return writeJsonLine(ctx, ticketJson(ctx, l));
    const action = ctx.t(`cmd.bulk.action.${l.action ?? 'updated'}` as 'cmd.bulk.action.updated');
    const state = (s: string | null | undefined) => (s && (STATUSES as readonly string[]).includes(s) ? ctx.t(`cmd.state.${s as Status}`) : (s ?? '?'));
    const move = l.from !== undefined || l.to !== undefined ? `  ${state(l.from)} → ${state(l.to ?? l.from)}` : '';
    if (l.ok) writeOut(ctx, `#${l.id}  ${action}${move}`);
    else writeOut(ctx, ctx.t('cmd.bulk.lineFailed', { id: l.id, message: lineError(l)?.say(ctx.t).message ?? l.error?.message ?? '' }));
  };

  // 2-3. Plan and apply (operations/bulk.ts).
  const started = Date.now();
  let stop = false;
  const onSig = () => {
    stop = true;
  };
  ctx.deps.signals?.on('SIGINT', onSig);
  let r;
  try {
    r = await bulkOperation(backend, targets, {
      dryRun: flags.dryRun,
      concurrency,
      onLine: emit,
      confirm:
        ctx.canPrompt && !flags.yes
          ? async (n: number) => (await ctx.prompter()).confirm({ message: ctx.t('cmd.bulk.confirm', { n }), default: false })
          : undefined,
      stopped: () => stop,
      progress: (n: number) => makeProgress(ctx, n),
    });
  } finally {
    ctx.deps.signals?.off('SIGINT', onSig);
  }
  const { counts } = r;
  if (flags.dryRun) {
    ctx.io.stderr.write(ctx.t('cmd.bulk.dryRunSummary', { change: targets.length - counts.unchanged - counts.failed, unchanged: counts.unchanged, failed: counts.failed }) + '\n');
    return;
  }
  const notDone = r.todo - r.processed;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  ctx.io.stderr.write(ctx.t('cmd.bulk.summary', { updated: counts.updated, unchanged: counts.unchanged, failed: counts.failed, secs }) + '\n');
  if (stop) {
    warn(ctx, ctx.t('cmd.bulk.interrupted', { n: Math.max(0, notDone) }));
    throw new CancelledError(msg('cmd.bulk.interrupted.error'));
  }
  if (counts.failed) {
    throw new PartialError(msg('cmd.bulk.failed', { failed: counts.failed, total: targets.length }), {
      hint: msg('cmd.bulk.failed.hint'),
      data: { ...counts, total: targets.length },
    });
  }
}

/** A one-line progress bar on stderr, on a terminal only. */
function makeProgress(ctx: Context, total: number): { tick(): void; clear(): void } {
  if (!ctx.interactiveErr || ctx.globals.json || total < 2) return { tick() {}, clear() {} };
  let n = 0;
  let shown = false;
  const width = 30;
  const draw = () => {
    const filled = Math.round((n / total) * width);
    ctx.io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${n}/${total}`);
    shown = true;
  };
  return {
    tick() {
      n++;
      draw();
    },
    clear() {
      if (shown) ctx.io.stderr.write('\r\u001b[K');
      shown = false;
    },
  };
}
