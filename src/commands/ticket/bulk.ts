import type { Command } from 'commander';
import type { CommandHost } from '../../context/index.js';
import type { Context } from '../../context/index.js';
import type { FieldValue, Ticket } from '../../model.js';
import { CancelledError, PartialError, UsageError } from '../../errors.js';
import { bulkOperation, hasChange, type BulkLine, type Change, type Target } from '../../operations/bulk.js';
import { collect } from '../shared/options.js';
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
  program
    .command('bulk')
    .description('change many tickets at once (ids, filters, a query, or lines on stdin)')
    .option('--ids <ids>', 'targets: comma-separated ticket ids')
    .option('--where-status <s[,s]>', 'targets: tickets in these statuses (the `list --status` filter)')
    .option('--category <c>', 'targets: tickets of this category')
    .option('--requester <email>', 'targets: tickets filed by this person')
    .option('--mine', 'targets: my tickets')
    .option('--since <when>', 'targets: created since 7d | 12h | 2026-11-01')
    .option('--search <text>', 'targets: full-text search')
    .option('--query <q>', 'targets: a backend-native query (TicketSQL, Zendesk search, JQL...)')
    .option('--limit <n>', 'with filters: at most this many targets (default 0 = all)')
    .option('--status <status>', 'change: set this status')
    .option('--set-status <status>', 'change: same as --status')
    .option('-p, --priority <priority>', 'change: set this priority')
    .option('--comment <text>', 'change: add this public comment with the change')
    .option('-f, --field <key=value>', 'change: set a field (repeatable)', collect)
    .option('--dry-run', 'print the plan (id, from, to); change nothing')
    .option('-y, --yes', 'do not ask for confirmation on a terminal')
    .option('--max <n>', 'refuse to touch more than this many tickets')
    .option('--concurrency <n>', 'parallel requests when the backend has no bulk endpoint (default 8)')
    .addHelpText(
      'after',
      `
Targets come from --ids, from filters (--where-status, --category, --requester, --mine, --since,
--search) or --query, or else from standard input: one id per line, or JSON lines with per-ticket
changes: {"id":"42","status":"solved","priority":"high","comment":"...","fields":{"site":"Paris"}}.
In bulk, --status is the change; filter on status with --where-status.

A ticket already in the target state is "unchanged" (its comment is not added again), so running the
same command again after an interruption finishes the job without doing anything twice.
Output: one JSON line per ticket on stdout, a summary on stderr; exit 8 when some failed.

Examples:
  ticket bulk --ids 12,13,14 --status solved --comment "Fixed in 4.2" --yes
  ticket bulk --where-status pending --since 30d --status closed --dry-run
  ticket list --status new --format jsonl | jq -c '{id, priority:"high"}' | ticket bulk --max 500`,
    )
    .action(async (flags: BulkFlags & { setStatus?: string }) => {
      if (flags.setStatus && flags.status && flags.setStatus !== flags.status) throw new UsageError('Give --status or --set-status, not both.');
      return runBulk(host.context(), { ...flags, status: flags.status ?? flags.setStatus });
    });
}

function posInt(v: string | undefined, flag: string, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects a whole number ≥ ${min} (got "${v}").`);
  return n;
}

async function parseChange(raw: { status?: unknown; priority?: unknown; comment?: unknown; fields?: unknown; field?: string[] }, where: string, vocab: Vocabulary): Promise<Change> {
  const { parsePriority, parseFieldPairs } = await import('../shared/options.js');
  const { resolveStatus } = await import('../shared/status-input.js');
  const c: Change = {};
  if (raw.status !== undefined && raw.status !== null) Object.assign(c, await resolveStatus(String(raw.status), `${where}status`, vocab));
  if (raw.priority !== undefined && raw.priority !== null) c.priority = parsePriority(String(raw.priority));
  if (raw.comment !== undefined && raw.comment !== null) {
    if (typeof raw.comment !== 'string' || !raw.comment.trim()) throw new UsageError(`${where}comment must be non-empty text.`);
    c.comment = raw.comment;
  }
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of parseFieldPairs(raw.field)) fields[k] = v;
  if (raw.fields !== undefined && raw.fields !== null) {
    if (typeof raw.fields !== 'object' || Array.isArray(raw.fields)) throw new UsageError(`${where}fields must be an object.`);
    for (const [k, v] of Object.entries(raw.fields as Record<string, unknown>)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) fields[k] = v as FieldValue;
      else throw new UsageError(`${where}fields.${k} must be a string, number, boolean or list of strings.`);
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
      throw new UsageError(`stdin line ${n} is ${rawLine.length} characters long; bulk reads lines of at most ${MAX_STDIN_LINE}.`, {
        hint: 'One id per line, or one JSON object per line: {"id":"42","status":"solved"}.',
      });
    }
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('{')) {
      let j: Record<string, unknown>;
      try {
        j = JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new UsageError(`stdin line ${n}: not valid JSON.`, { hint: 'One id per line, or one JSON object per line: {"id":"42","status":"solved"}.' });
      }
      if (j.id === undefined || j.id === null || String(j.id).trim() === '') throw new UsageError(`stdin line ${n}: missing "id".`);
      const own = await parseChange(j as never, `stdin line ${n}: `, vocab);
      const change: Change = { ...base, ...own, fields: base.fields || own.fields ? { ...base.fields, ...own.fields } : undefined };
      if (!change.fields) delete change.fields;
      out.push({ id: String(j.id).trim(), change });
    } else {
      if (!/^[\w.-]+$/.test(line)) throw new UsageError(`stdin line ${n}: "${line.slice(0, 40)}" is not a ticket id.`);
      out.push({ id: line, change: { ...base } });
    }
  }
  return out;
}

export async function runBulk(ctx: Context, flags: BulkFlags): Promise<void> {
  const { filterFrom } = await import('../shared/options.js');
  const { resolveStatusFilter, vocabularyOf } = await import('../shared/status-input.js');
  const vocab = vocabularyOf(() => ctx.backend());
  const base = await parseChange({ status: flags.status, priority: flags.priority, comment: flags.comment, field: flags.field }, '--', vocab);
  const max = flags.max !== undefined ? posInt(flags.max, '--max', 0) : null;
  const concurrency = posInt(flags.concurrency, '--concurrency', 8, 1);
  const byFilter =
    flags.whereStatus !== undefined ||
    flags.category !== undefined ||
    flags.requester !== undefined ||
    flags.mine !== undefined ||
    flags.since !== undefined ||
    flags.search !== undefined ||
    flags.query !== undefined;
  if (flags.ids !== undefined && byFilter) throw new UsageError('Give targets either with --ids or with filters/--query, not both.');

  // 1. Targets.
  let targets: Target[] = [];
  let fromList: Ticket[] | null = null;
  const backend = await ctx.backend();
  if (flags.ids !== undefined) {
    const ids = flags.ids.split(',').map((s) => s.trim()).filter(Boolean);
    if (!ids.length) throw new UsageError('--ids: no ids given.', { hint: 'Example: --ids 12,13,14' });
    for (const id of ids) if (!/^[\w.-]+$/.test(id)) throw new UsageError(`--ids: "${id}" is not a ticket id.`);
    targets = ids.map((id) => ({ id, change: { ...base } }));
  } else if (byFilter) {
    const filter = filterFrom({ ...flags, status: undefined }, ctx.now(), 0);
    if (flags.whereStatus) Object.assign(filter, await resolveStatusFilter(flags.whereStatus, '--where-status', vocab));
    fromList = await backend.listTickets(filter);
    targets = fromList.map((t) => ({ id: t.id, change: { ...base }, current: t }));
  } else {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError('No targets: give --ids, filters (--where-status, --category, --since...), --query, or ids on standard input.');
    }
    targets = await readTargetsFromStdin(ctx, base, vocab);
  }
  // One entry per id (the first wins): a ticket is never changed twice in one run.
  const seen = new Set<string>();
  targets = targets.filter((t) => (seen.has(t.id) ? false : (seen.add(t.id), true)));
  for (const t of targets) {
    if (!hasChange(t.change)) {
      throw new UsageError(`Nothing to change for ticket ${t.id}.`, { hint: 'Pass --status, --priority, --comment or --field (or per-line changes on stdin).' });
    }
  }
  if (max !== null && targets.length > max) {
    throw new UsageError(`This would touch ${targets.length} tickets, more than --max ${max}. Nothing was changed.`, {
      hint: 'Narrow the targets, or raise --max.',
      data: { targets: targets.length, max },
    });
  }

  const { writeJsonLine, writeOut, warn, ticketJson } = await import('../../io/output.js');
  const textOut = !ctx.globals.json && ctx.io.stdout.isTTY === true;
  const emit = (l: BulkLine) => {
    if (!textOut) return writeJsonLine(ctx, ticketJson(ctx, l));
    if (l.ok) writeOut(ctx, `#${l.id}  ${l.action}${l.from !== undefined || l.to !== undefined ? `  ${l.from ?? '?'} → ${l.to ?? l.from ?? '?'}` : ''}`);
    else writeOut(ctx, `#${l.id}  failed: ${l.error?.message}`);
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
          ? async (n: number) => (await ctx.prompter()).confirm({ message: `Change ${n} ticket(s)?`, default: false })
          : undefined,
      stopped: () => stop,
      progress: (n: number) => makeProgress(ctx, n),
    });
  } finally {
    ctx.deps.signals?.off('SIGINT', onSig);
  }
  const { counts } = r;
  if (flags.dryRun) {
    ctx.io.stderr.write(`bulk (dry run): ${targets.length - counts.unchanged - counts.failed} would change, ${counts.unchanged} unchanged, ${counts.failed} not found; nothing was changed.\n`);
    return;
  }
  const notDone = r.todo - r.processed;
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  ctx.io.stderr.write(`bulk: ${counts.updated} updated, ${counts.unchanged} unchanged, ${counts.failed} failed (${secs} s)\n`);
  if (stop) {
    warn(ctx, `interrupted: ${Math.max(0, notDone)} ticket(s) not processed; run the same command again to finish.`);
    throw new CancelledError('Interrupted.');
  }
  if (counts.failed) {
    throw new PartialError(`${counts.failed} of ${targets.length} ticket(s) failed.`, {
      hint: 'The failed ones are the lines with "ok":false; run the same command again to retry them.',
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
