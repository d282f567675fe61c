import type { Command } from 'commander';
import type { CommandHost } from '../../cli/program.js';
import type { Context } from '../../context/index.js';
import type { Backend, BulkItem } from '../../backends/backend.js';
import type { Category, FieldValue, Priority, Status, Ticket, TicketChanges } from '../../model.js';
import { BACKEND_NAMES } from '../../backends/backend.js';
import { CancelledError, PartialError, TicketError, UsageError, ValidationError } from '../../errors.js';
import { describeMismatches, unapplied } from '../../operations/verify.js';
import { checkStatusWritable, resolveFieldChanges } from '../../operations/write.js';
import { collect } from '../shared/options.js';

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

interface Change {
  status?: Status;
  priority?: Priority;
  fields?: Record<string, FieldValue>;
  comment?: string;
}

interface Target {
  id: string;
  change: Change;
  current?: Ticket;
}

export interface BulkLine {
  id: string;
  ok: boolean;
  action?: 'updated' | 'unchanged' | 'would-update';
  from?: Status | null;
  to?: Status | null;
  /** not-applied: the status the ticket is in after the backend answered. */
  actual?: Status | null;
  priority?: Priority;
  error?: { code: string; message: string; hint?: string | null; mismatches?: unknown };
}

function posInt(v: string | undefined, flag: string, dflt: number, min = 0): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`${flag} expects a whole number ≥ ${min} (got "${v}").`);
  return n;
}

async function parseChange(raw: { status?: unknown; priority?: unknown; comment?: unknown; fields?: unknown; field?: string[] }, where: string): Promise<Change> {
  const { parseStatus, parsePriority, parseFieldPairs } = await import('../shared/options.js');
  const c: Change = {};
  if (raw.status !== undefined && raw.status !== null) c.status = parseStatus(String(raw.status), `${where}status`);
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

const hasChange = (c: Change) => c.status !== undefined || c.priority !== undefined || c.fields !== undefined || c.comment !== undefined;

function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a !== undefined && String(a) === String(b);
}

/** Is the ticket already where the change would put it? (set-to-target semantics) */
export function alreadyThere(t: Ticket, c: Change): boolean {
  if (c.status !== undefined && t.status !== c.status) return false;
  if (c.priority !== undefined && t.priority !== c.priority) return false;
  for (const [k, v] of Object.entries(c.fields ?? {})) if (!sameValue(t.fields[k], v)) return false;
  // A comment alone: already there when the ticket carries that comment.
  if (c.status === undefined && c.priority === undefined && c.fields === undefined && c.comment !== undefined) {
    return (t.comments ?? []).some((x) => x.body.trim() === c.comment!.trim());
  }
  return true;
}

async function readTargetsFromStdin(ctx: Context, base: Change): Promise<Target[]> {
  const { readAll } = await import('../../io/streams.js');
  const text = await readAll(ctx.io.stdin);
  const out: Target[] = [];
  let n = 0;
  for (const rawLine of text.split(/\r?\n/)) {
    n++;
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
      const own = await parseChange(j as never, `stdin line ${n}: `);
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

/** Current state of the targets: one list request per chunk of ids, a GET for any the list missed. */
async function loadCurrent(backend: Backend, targets: Target[], concurrency: number, needComments: boolean): Promise<Map<string, Ticket | TicketError>> {
  const out = new Map<string, Ticket | TicketError>();
  const missing = targets.filter((t) => !t.current || needComments).map((t) => t.id);
  for (const t of targets) if (t.current && !needComments) out.set(t.id, t.current);
  if (!needComments) {
    for (let i = 0; i < missing.length; i += 100) {
      const chunk = missing.slice(i, i + 100);
      try {
        const got = await backend.listTickets({ ids: chunk, limit: 0, sort: 'created' });
        for (const t of got) if (chunk.includes(t.id)) out.set(t.id, t);
      } catch (e) {
        // Unreachable or refused: one GET each would fail the same way, slowly.
        if (e instanceof TicketError && ['unavailable', 'rate_limited', 'auth', 'permission', 'config', 'cancelled'].includes(e.code)) throw e;
        /* otherwise fall back to one GET each */
      }
    }
  }
  const rest = missing.filter((id) => !out.has(id));
  await pool(rest, concurrency, async (id) => {
    try {
      out.set(id, await backend.getTicket(id, { comments: needComments }));
    } catch (e) {
      out.set(id, e instanceof TicketError ? e : new TicketError('internal', 1, String((e as Error)?.message ?? e)));
    }
  });
  return out;
}

/** Run `fn` over items with at most `n` in flight. */
async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>, stop?: () => boolean): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length && !stop?.()) {
      const item = items[next++]!;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

function errLine(id: string, e: unknown, from?: Status | null): BulkLine {
  const err = e instanceof TicketError ? e : new TicketError('internal', 1, String((e as Error)?.message ?? e));
  return { id, ok: false, ...(from !== undefined ? { from } : {}), error: { code: err.code, message: err.message, hint: err.hint } };
}

export async function runBulk(ctx: Context, flags: BulkFlags): Promise<void> {
  const { filterFrom } = await import('../shared/options.js');
  const base = await parseChange({ status: flags.status, priority: flags.priority, comment: flags.comment, field: flags.field }, '--');
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
    const filter = filterFrom({ ...flags, status: flags.whereStatus }, ctx.now(), 0);
    fromList = await backend.listTickets(filter);
    targets = fromList.map((t) => ({ id: t.id, change: { ...base }, current: t }));
  } else {
    if (ctx.io.stdin.isTTY) {
      throw new UsageError('No targets: give --ids, filters (--where-status, --category, --since...), --query, or ids on standard input.');
    }
    targets = await readTargetsFromStdin(ctx, base);
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

  // 2. Current state, to plan and to skip what is already done.
  const commentOnly = targets.some((t) => t.change.comment !== undefined && t.change.status === undefined && t.change.priority === undefined && !t.change.fields);
  const current = await loadCurrent(backend, targets, concurrency, commentOnly);
  await checkTargets(backend, targets, current);
  const started = Date.now();
  const counts = { updated: 0, unchanged: 0, failed: 0 };
  const todo: { t: Target; cur: Ticket }[] = [];
  for (const t of targets) {
    const cur = current.get(t.id);
    if (!cur || cur instanceof TicketError) {
      emit(errLine(t.id, cur ?? new TicketError('not_found', 3, `Ticket ${t.id} was not found.`)));
      counts.failed++;
      continue;
    }
    if (alreadyThere(cur, t.change)) {
      emit({ id: t.id, ok: true, action: 'unchanged', from: cur.status, to: cur.status });
      counts.unchanged++;
      continue;
    }
    if (flags.dryRun) {
      emit({ id: t.id, ok: true, action: 'would-update', from: cur.status, to: t.change.status ?? cur.status, ...(t.change.priority ? { priority: t.change.priority } : {}) });
      continue;
    }
    todo.push({ t, cur });
  }
  if (flags.dryRun) {
    ctx.io.stderr.write(`bulk (dry run): ${targets.length - counts.unchanged - counts.failed} would change, ${counts.unchanged} unchanged, ${counts.failed} not found; nothing was changed.\n`);
    return;
  }
  if (todo.length && ctx.canPrompt && !flags.yes) {
    const p = await ctx.prompter();
    const ok = await p.confirm({ message: `Change ${todo.length} ticket(s)?`, default: false });
    if (!ok) throw new CancelledError('Cancelled: nothing was changed.');
  }

  // 3. Apply.
  let stop = false;
  const onSig = () => {
    stop = true;
  };
  // Circuit breaker: when the backend keeps failing as unreachable, stop instead of retrying every
  // remaining ticket; they are reported as not attempted and a rerun finishes the job.
  let unreachableInARow = 0;
  let broken: TicketError | null = null;
  const BREAK_AFTER = Math.max(8, concurrency * 2);
  const track = (e: unknown) => {
    if (e instanceof TicketError && (e.code === 'unavailable' || e.code === 'rate_limited')) {
      if (++unreachableInARow >= BREAK_AFTER) broken ??= e;
    } else unreachableInARow = 0;
  };
  ctx.deps.signals?.on('SIGINT', onSig);
  const progress = makeProgress(ctx, todo.length);
  let processed = 0;
  const done = (l: BulkLine) => {
    processed++;
    progress.clear();
    emit(l);
    if (l.ok) counts.updated++;
    else counts.failed++;
    progress.tick();
  };
  try {
    if (backend.bulkUpdate && backend.capabilities.bulk !== 'emulated') {
      const size = Math.max(1, backend.capabilities.maxBulk);
      for (let i = 0; i < todo.length && !stop; i += size) {
        const chunk = todo.slice(i, i + size);
        const items: BulkItem[] = chunk.map(({ t }) => ({ id: t.id, changes: toChanges(t.change), comment: t.change.comment ?? null }));
        try {
          const results = await backend.bulkUpdate(items);
          const byId = new Map(results.map((r) => [r.id, r]));
          for (const { t, cur } of chunk) {
            const r = byId.get(t.id);
            if (!r?.ok) done({ id: t.id, ok: false, from: cur.status, error: { code: r?.error?.code ?? 'internal', message: r?.error?.message ?? 'No result for this ticket.' } });
          }
          // What the backend did: from its answer where it carries the ticket, else one read-back.
          const okIds = chunk.filter(({ t }) => byId.get(t.id)?.ok).map(({ t }) => t.id);
          const after = new Map<string, Ticket>();
          for (const id of okIds) {
            const own = byId.get(id)?.ticket;
            if (own) after.set(id, own);
          }
          const unread = okIds.filter((id) => !after.has(id));
          let readError: unknown = null;
          if (unread.length) {
            try {
              for (const x of await backend.listTickets({ ids: unread, limit: 0, sort: 'created' })) after.set(x.id, x);
            } catch (e) {
              readError = e;
            }
          }
          for (const { t, cur } of chunk) {
            if (!okIds.includes(t.id)) continue;
            const a = after.get(t.id);
            if (a) done(verdict(t, cur, a, backend));
            else done(errLine(t.id, readError ?? new TicketError('not_found', 3, `Ticket ${t.id} could not be read back after the change.`), cur.status));
          }
        } catch (e) {
          for (const { t, cur } of chunk) done(errLine(t.id, e, cur.status));
        }
      }
    } else {
      await pool(
        todo,
        concurrency,
        async ({ t, cur }) => {
          if (broken) {
            done({ id: t.id, ok: false, from: cur.status, error: { code: 'unavailable', message: `Not attempted: ${broken.message}`, hint: 'Run the same command again when the backend is back.' } });
            return;
          }
          try {
            const after = await applyOne(backend, t, cur);
            unreachableInARow = 0;
            done(verdict(t, cur, after, backend));
          } catch (e) {
            track(e);
            done(errLine(t.id, e, cur.status));
          }
        },
        () => stop,
      );
    }
  } finally {
    ctx.deps.signals?.off('SIGINT', onSig);
    progress.clear();
  }
  const notDone = todo.length - processed;
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

function toChanges(c: Change): TicketChanges {
  const out: TicketChanges = {};
  if (c.status) out.status = c.status;
  if (c.priority) out.priority = c.priority;
  if (c.fields) out.fields = c.fields;
  return out;
}

/** Apply one target's change; the ticket as the backend now has it. */
async function applyOne(backend: Backend, t: Target, cur: Ticket): Promise<Ticket> {
  const changes = toChanges(t.change);
  const keys = Object.keys(changes);
  const onlyStatus = keys.every((k) => k === 'status');
  if (t.change.comment !== undefined && onlyStatus) {
    // One request: the comment carries the status (RT correspond with Status, Zendesk comment + status).
    const status = changes.status && changes.status !== cur.status ? { status: changes.status } : {};
    await backend.reply(t.id, { body: t.change.comment, attachments: [], public: true, ...status });
    return 'status' in status ? backend.getTicket(t.id, { comments: false }) : cur;
  }
  const after = keys.length ? await backend.updateTicket(t.id, changes) : cur;
  if (t.change.comment !== undefined) await backend.reply(t.id, { body: t.change.comment, attachments: [], public: true });
  return after;
}

/** ok when the ticket now shows the change; otherwise not-applied with what it is instead. */
function verdict(t: Target, cur: Ticket, after: Ticket, backend: Backend): BulkLine {
  const ms = unapplied(toChanges(t.change), after);
  if (!ms.length) return { id: t.id, ok: true, action: 'updated', from: cur.status, to: after.status };
  return {
    id: t.id,
    ok: false,
    from: cur.status,
    to: t.change.status ?? cur.status,
    actual: after.status,
    error: {
      code: 'not-applied',
      message: `${BACKEND_NAMES[backend.kind]} did not apply the change: ${describeMismatches(ms, after)}.`,
      mismatches: ms,
    },
  };
}

/**
 * Before anything is sent: every status must be one the backend can set, and every `--field` is
 * resolved against the ticket's category exactly as `update --field` does (exit 2 otherwise).
 */
async function checkTargets(backend: Backend, targets: Target[], current: Map<string, Ticket | TicketError>): Promise<void> {
  for (const s of new Set(targets.map((t) => t.change.status).filter((x): x is Status => x !== undefined))) {
    await checkStatusWritable(backend, s);
  }
  const categories = new Map<string, Promise<Category>>();
  for (const t of targets) {
    const cur = current.get(t.id);
    if (!t.change.fields || !cur || cur instanceof TicketError) continue;
    try {
      t.change.fields = await resolveFieldChanges(backend, cur, Object.entries(t.change.fields), categories);
    } catch (e) {
      if (e instanceof TicketError && targets.length > 1) {
        throw new ValidationError(`Ticket ${t.id}: ${e.message}`, { hint: `${e.hint ?? ''} Nothing was changed.`.trim(), data: { id: t.id } });
      }
      throw e;
    }
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
