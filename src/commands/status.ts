import type { Command } from 'commander';
import type { CommandHost } from '../context/index.js';
import type { Context } from '../context/index.js';
import type { Ticket } from '../model.js';

// `ticket status`, in the manner of `gh status`: what needs me, on one screen. Tickets waiting for
// my answer (pending), tickets I filed that changed in the last 7 days, my unfinished drafts and
// what the outbox has not delivered yet. Drafts and the outbox are local, so they are shown even
// when the backend cannot be reached (the error is said, and kept in the JSON).

export function register(program: Command, host: CommandHost): void {
  program
    .command('status')
    .description(host.t('adm.help.status'))
    .option('--since <when>', host.t('adm.help.status.since'), '7d')
    .action(async (flags: { since: string }) => runStatus(host.context(), flags));
}

const OUTBOX_STATES: Partial<Record<string, 'adm.outbox.state.pending' | 'adm.outbox.state.sending' | 'adm.outbox.state.dead'>> = {
  pending: 'adm.outbox.state.pending',
  sending: 'adm.outbox.state.sending',
  dead: 'adm.outbox.state.dead',
};

export interface StatusReport {
  pending: Ticket[] | null;
  updated: Ticket[] | null;
  /** Mine, not solved or closed, no word from support for `staleAfter` (the profile's, default 60d). */
  stale: Ticket[] | null;
  staleAfter: string;
  drafts: { id: string; subject: string | null; category: string | null; updatedAt: string; resume: string }[];
  outbox: { id: string; kind: string; state: string; ticket: string | null; subject: string | null; createdAt: string; lastError: { code: string; message: string } | null }[];
  error: { code: string; message: string } | null;
}

/** The backend's error of a report, kept to be said in the user's language (the JSON keeps the English text). */
const FAILURES = new WeakMap<StatusReport, import('../errors.js').TicketError>();

export async function collectStatus(ctx: Context, sinceIso: string): Promise<StatusReport> {
  const { STALE_AFTER_DEFAULT, parseStale } = await import('./shared/stale.js');
  const staleAfter = ctx.profile().staleAfter?.trim() || STALE_AFTER_DEFAULT;
  let staleBefore: string;
  try {
    staleBefore = parseStale(staleAfter, ctx.now(), 'staleAfter');
  } catch {
    const { ConfigError } = await import('../errors.js');
    const { msg } = await import('../i18n/msg.js');
    throw new ConfigError(msg('vocab.staleAfter.bad', { value: staleAfter }), { hint: msg('vocab.staleAfter.hint') });
  }
  const { DraftStore, resumeCommand } = await import('../drafts/store.js');
  const { list } = await import('../outbox/store.js');
  const drafts = new DraftStore(ctx.paths.state).list().map((d) => ({
    id: d.id,
    subject: d.answers.subject ?? null,
    category: d.answers.category ?? null,
    updatedAt: d.updatedAt,
    resume: resumeCommand(d.id),
  }));
  const outbox = list(ctx.paths.state)
    .items.filter((i) => i.state !== 'sent')
    .map((i) => ({
      id: i.id,
      kind: i.kind,
      state: i.state,
      ticket: i.reply?.ticketId ?? null,
      subject: i.create?.subject ?? null,
      createdAt: i.createdAt,
      lastError: i.lastError ?? null,
    }));
  let pending: Ticket[] | null = null;
  let updated: Ticket[] | null = null;
  let stale: Ticket[] | null = null;
  let error: StatusReport['error'] = null;
  let failure: import('../errors.js').TicketError | undefined;
  try {
    const backend = await ctx.backend();
    const { listStale } = await import('../operations/stale.js');
    const [p, u, st] = await Promise.all([
      backend.listTickets({ status: ['pending'], mine: true, limit: 20, sort: 'updated' }),
      backend.listTickets({ mine: true, since: undefined, limit: 50, sort: 'updated', status: ['new', 'open', 'on-hold', 'solved'] }),
      listStale(backend, { mine: true, limit: 20, sort: 'updated' }, staleBefore),
    ]);
    pending = p;
    stale = st;
    const since = Date.parse(sinceIso);
    updated = u.filter((t) => Date.parse(t.updatedAt) >= since).slice(0, 10);
  } catch (e) {
    const { isTicketError } = await import('../errors.js');
    if (!isTicketError(e)) throw e;
    error = { code: e.code, message: e.message };
    failure = e;
  }
  const report = { pending, updated, stale, staleAfter, drafts, outbox, error };
  if (failure) FAILURES.set(report, failure);
  return report;
}

export async function runStatus(ctx: Context, flags: { since: string }): Promise<void> {
  const { parseSince } = await import('./shared/options.js');
  const since = parseSince(flags.since ?? '7d', ctx.now());
  const report = await collectStatus(ctx, since);
  const { rememberTickets } = await import('../completion/cache.js');
  rememberTickets(ctx, [...(report.pending ?? []), ...(report.updated ?? []), ...(report.stale ?? [])]);
  if (ctx.globals.json) {
    ctx.io.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  const { translator } = await import('../i18n/messages.js');
  const { paint } = await import('../io/output.js');
  const { neutralizeLine } = await import('../io/sanitize.js');
  const { relativeTime } = await import('../io/reltime.js');
  const { truncate } = await import('../io/width.js');
  const { ticketStatusLabel } = await import('../io/views.js');
  const { staleHeading } = await import('./shared/stale.js');
  const backend = report.error ? null : await ctx.backend();
  const vocab = backend?.statusVocabulary ? await backend.statusVocabulary() : null;
  const t = translator(ctx.language());
  const tty = ctx.io.stdout.isTTY === true;
  const c = paint(ctx);
  const width = Math.max(40, ctx.io.stdout.columns ?? 80);
  const now = ctx.now();
  const out: string[] = [];
  const section = (title: string, rows: string[], plainKey: string) => {
    if (tty) {
      out.push(c.bold(title));
      out.push(...(rows.length ? rows.map((r) => truncate(r, width - 2)).map((r) => `  ${r}`) : [`  ${c.dim(t('term.status.nothing'))}`]));
      out.push('');
    } else for (const r of rows) out.push(`${plainKey}\t${r}`);
  };
  const ticketRow = (tk: Ticket) =>
    tty
      ? `#${tk.id}  ${neutralizeLine(tk.subject)}  ·  ${ticketStatusLabel(tk, ctx.language(), vocab)}  ·  ${relativeTime(tk.updatedAt, now, t)}`
      : `${tk.id}\t${tk.status}\t${tk.updatedAt}\t${neutralizeLine(tk.subject).replace(/\t/g, ' ')}`;
  if (report.error) {
    const msg = t('term.status.unavailable', { reason: FAILURES.get(report)?.say(t).message ?? report.error.message });
    if (tty) out.push(c.yellow(`! ${msg}`), '');
    else ctx.io.stderr.write(`! ${msg}\n`);
  }
  if (report.pending) section(t('term.status.pending'), report.pending.map(ticketRow), 'pending');
  if (report.updated) section(t('term.status.updated'), report.updated.map(ticketRow), 'updated');
  if (report.stale) section(ctx.t(staleHeading(report.staleAfter)), report.stale.map(ticketRow), 'stale');
  section(
    t('term.status.drafts'),
    report.drafts.map((d) =>
      tty ? `${d.id}  ${neutralizeLine(d.subject ?? t('adm.status.noSubject'))}  ·  ${relativeTime(d.updatedAt, now, t)}  ${c.dim(d.resume)}` : `${d.id}\t${d.updatedAt}\t${neutralizeLine(d.subject ?? '')}`,
    ),
    'draft',
  );
  section(
    t('term.status.outbox'),
    report.outbox.map((i) =>
      tty
        ? `${i.id}  ${t(i.kind === 'create' ? 'adm.outbox.kind.create' : 'adm.outbox.kind.reply')}${i.ticket ? ` #${i.ticket}` : ''}  ${neutralizeLine(i.subject ?? '')}  ·  ${OUTBOX_STATES[i.state] ? t(OUTBOX_STATES[i.state]!) : i.state}${i.lastError ? `  ${c.dim(neutralizeLine(i.lastError.message))}` : ''}`
        : `${i.id}\t${i.kind}\t${i.state}\t${i.ticket ?? ''}\t${neutralizeLine(i.subject ?? '')}`,
    ),
    'outbox',
  );
  const text = out.join('\n').trimEnd();
  if (text) ctx.io.stdout.write(text + '\n');
}
