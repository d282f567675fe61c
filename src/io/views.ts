import type { Context } from '../context/index.js';
import type { Category, Status, StatusDef, Ticket } from '../model.js';
import { neutralize, neutralizeLine } from './sanitize.js';
import { paint } from './output.js';
import { categoryDescription, categoryName, fieldTr, labelText, optionText, sayIn } from '../forms/localize.js';
import { statusLabel } from '../i18n/status.js';
import { statusDefLabel, ticketStatusDef } from '../forms/statuses.js';

/** A ticket's status for people: its vocabulary label in the language, else the normalized word. */
export function ticketStatusLabel(t: Ticket, lang: string, vocab?: readonly StatusDef[] | null): string {
  const def = ticketStatusDef(vocab, t);
  return def ? statusDefLabel(def, lang) : statusLabel(t.status, lang);
}

// Pure renderers from the normalized model to text. Backend text is neutralized here, at the last
// moment before it reaches a terminal.

export function statusColor(ctx: Context, s: Status, text: string): string {
  const c = paint(ctx);
  switch (s) {
    case 'new':
      return c.cyan(text);
    case 'open':
      return c.green(text);
    case 'pending':
      return c.yellow(text);
    case 'on-hold':
      return c.magenta(text);
    case 'solved':
    case 'closed':
      return c.dim(text);
  }
}

function shortDate(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

export function csvCell(raw: string): string {
  // Remote text: control characters made visible first, like every other output path.
  const v = neutralize(raw);
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

const COLUMNS = ['id', 'status', 'priority', 'category', 'subject', 'requester', 'updatedAt'] as const;

function cell(t: Ticket, col: (typeof COLUMNS)[number]): string {
  switch (col) {
    case 'requester':
      return t.requester.email ?? t.requester.name ?? '';
    case 'category':
      return t.category ?? '';
    default:
      return String(t[col] ?? '');
  }
}

/**
 * The terminal table, in gh's manner: no borders, aligned columns two spaces apart, sized to the
 * terminal (the subject takes what is left and is cut with an ellipsis only when it must), a
 * requester column, a relative "updated" time, the status coloured by meaning.
 */
export async function renderTicketTable(ctx: Context, tickets: Ticket[], vocab?: readonly StatusDef[] | null): Promise<string> {
  const lang = ctx.language();
  const { translator } = await import('../i18n/messages.js');
  const { renderTable } = await import('./table.js');
  const { relativeTime } = await import('./reltime.js');
  const t = translator(lang);
  const c = paint(ctx);
  const width = terminalWidth(ctx);
  const now = ctx.now();
  const one = (s: string) => neutralizeLine(s).replace(/\t/g, ' ');
  const rows = tickets.map((tk) => [
    tk.id,
    ticketStatusLabel(tk, lang, vocab),
    t(`priority.name.${tk.priority}`),
    one(tk.category ?? ''),
    one(tk.subject),
    one(tk.requester.email ?? tk.requester.name ?? ''),
    relativeTime(tk.updatedAt, now, t),
  ]);
  return renderTable(
    [
      // When the terminal is narrow, in this order: the subject gives up what it can spare (it keeps
      // half the width), the priority goes, the requester and category shrink, the category goes,
      // the status shrinks, the subject shrinks further, the requester goes (see io/table.ts).
      { header: t('term.col.id'), style: (s) => c.bold(s), steps: [{ at: 10, min: 4 }] },
      { header: t('term.col.status'), max: 28, steps: [{ at: 5, min: 12 }, { at: 9, min: 6 }], style: (s, r) => statusColor(ctx, tickets[r].status, s) },
      {
        header: t('term.col.priority'),
        steps: [{ at: 1, drop: true }],
        style: (s, r) => (tickets[r].priority === 'urgent' || tickets[r].priority === 'high' ? c.red(s) : s),
      },
      { header: t('term.col.category'), max: 20, steps: [{ at: 3, min: 8 }, { at: 4, drop: true }] },
      { header: t('term.col.subject'), flex: true, steps: [{ at: 0, min: Math.max(30, Math.floor(width / 2)) }, { at: 6, min: 20 }, { at: 8, min: 12 }] },
      { header: t('term.col.requester'), max: 28, steps: [{ at: 2, min: 16 }, { at: 7, drop: true }], style: (s) => c.dim(s) },
      { header: t('term.col.updated'), style: (s) => c.dim(s) },
    ],
    rows,
    width,
    (s) => c.bold(s),
  );
}

/** Columns of the terminal (80 when it does not say), at least 20. */
export function terminalWidth(ctx: Context): number {
  const cols = ctx.io.stdout.columns;
  return Math.max(20, typeof cols === 'number' && cols > 0 ? cols : 80);
}

/** Piped output without --json: tab-separated, no colour, no borders, one ticket per line. */
export function renderTicketPlain(tickets: Ticket[]): string {
  return tickets.map((t) => COLUMNS.map((col) => neutralizeLine(cell(t, col)).replace(/\t/g, ' ')).join('\t')).join('\n');
}

export function renderTicketCsv(tickets: Ticket[]): string {
  const lines = [COLUMNS.join(',')];
  for (const t of tickets) lines.push(COLUMNS.map((col) => csvCell(cell(t, col))).join(','));
  return lines.join('\n');
}

/** `body` renders message bodies (Markdown on a terminal, see io/body.ts); default: as stored. */
export function renderTicketDetail(ctx: Context, t: Ticket, body: (text: string) => string = neutralize, vocab?: readonly StatusDef[] | null): string {
  const c = paint(ctx);
  const lang = ctx.language();
  const say = ctx.t;
  const lines: string[] = [];
  lines.push(`${c.bold(`#${t.id}`)} ${c.bold(neutralizeLine(t.subject))}`);
  const label = ticketStatusLabel(t, lang, vocab);
  const shown = ticketStatusDef(vocab, t) ? label : t.status;
  const status = `${neutralizeLine(label)}${t.backendStatus && t.backendStatus !== shown ? ` (${neutralizeLine(t.backendStatus)})` : ''}`;
  const kv: [string, string][] = [
    [say('cmd.show.status'), statusColor(ctx, t.status, status)],
    [say('cmd.show.priority'), say(`priority.name.${t.priority}`)],
    [say('cmd.show.type'), t.type ? say(`cmd.type.${t.type}`) : ''],
    [say('cmd.show.category'), neutralizeLine(t.category ?? '')],
    [say('cmd.show.requester'), neutralizeLine([t.requester.name, t.requester.email ? `<${t.requester.email}>` : ''].filter(Boolean).join(' '))],
    [say('cmd.show.cc'), neutralizeLine(t.cc.join(', '))],
    [say('cmd.show.tags'), neutralizeLine(t.tags.join(', '))],
    [say('cmd.show.created'), shortDate(t.createdAt)],
    [say('cmd.show.updated'), shortDate(t.updatedAt)],
    [say('cmd.show.url'), t.url ?? ''],
  ];
  if (t.followUpOf) kv.push([say('cmd.show.followUpOf'), `#${t.followUpOf}`]);
  for (const [k, v] of Object.entries(t.fields)) {
    kv.push([neutralizeLine(k), neutralizeLine(Array.isArray(v) ? v.join(', ') : String(v))]);
  }
  const w = Math.max(...kv.map(([k]) => k.length));
  for (const [k, v] of kv) if (v) lines.push(`${c.dim(k.padEnd(w))}  ${v}`);
  for (const cm of t.comments ?? []) {
    lines.push('');
    const who = neutralizeLine(cm.author.name ?? cm.author.email ?? say('cmd.unknownAuthor'));
    lines.push(c.bold(`── ${who} · ${shortDate(cm.createdAt)}${cm.public ? '' : ` · ${say('cmd.show.internal')}`} `) + c.dim(`(#${cm.id})`));
    lines.push(body(cm.body.trimEnd()));
    for (const a of cm.attachments) {
      lines.push(c.dim(`  📎 ${neutralizeLine(a.name)} (${say('cmd.show.bytes', { n: a.size })})${a.url ? ` ${a.url}` : ''}`));
    }
  }
  return lines.join('\n');
}

/** Piped `show` without --json: `key:\tvalue` lines, `--`, then the conversation (like gh). */
export function renderTicketDetailPlain(t: Ticket): string {
  const lines = [
    `id:\t${t.id}`,
    `subject:\t${neutralizeLine(t.subject)}`,
    `status:\t${t.status}`,
    `backendStatus:\t${neutralizeLine(t.backendStatus)}`,
    `priority:\t${t.priority}`,
    `type:\t${t.type ?? ''}`,
    `category:\t${neutralizeLine(t.category ?? '')}`,
    `requester:\t${neutralizeLine(t.requester.email ?? t.requester.name ?? '')}`,
    `cc:\t${t.cc.join(',')}`,
    `tags:\t${t.tags.join(',')}`,
    `createdAt:\t${t.createdAt}`,
    `updatedAt:\t${t.updatedAt}`,
    `url:\t${t.url ?? ''}`,
  ];
  for (const [k, v] of Object.entries(t.fields)) lines.push(`field.${neutralizeLine(k)}:\t${neutralizeLine(Array.isArray(v) ? v.join(',') : String(v))}`);
  for (const cm of t.comments ?? []) {
    lines.push('--');
    lines.push(`comment:\t${cm.id}\t${neutralizeLine(cm.author.email ?? cm.author.name ?? '')}\t${cm.createdAt}\t${cm.public ? 'public' : 'internal'}`);
    lines.push(neutralize(cm.body.trimEnd()));
  }
  return lines.join('\n');
}

export function renderCategory(ctx: Context, cat: Category): string {
  // In the user's language: the category's own translations (forms file, default forms) and the catalogue.
  const c = paint(ctx);
  const lang = ctx.language();
  const t = ctx.t;
  const lines = [`${c.bold(neutralizeLine(cat.id))}  ${neutralizeLine(categoryName(cat, lang))}`];
  const description = categoryDescription(cat, lang);
  if (description) lines.push(c.dim(neutralizeLine(description)));
  for (const f of cat.fields) {
    const tr = fieldTr(cat, f.key);
    const opt = (o: string) => sayIn(lang, optionText(o, tr));
    const bits = [t(`form.view.type.${f.type}`), t(f.required ? 'form.view.required' : 'form.view.optional')];
    if (f.pattern) bits.push(t('form.view.pattern', { pattern: f.pattern }));
    if (f.maxLength) bits.push(t('form.view.max', { max: f.maxLength }));
    if (f.dependsOn) {
      const parentTr = fieldTr(cat, f.dependsOn.field);
      const values = f.dependsOn.values.map((v) => sayIn(lang, optionText(v, parentTr))).join('|') || t('form.view.any');
      bits.push(t('form.view.when', { field: f.dependsOn.field, values }));
    }
    lines.push(`  ${c.bold(neutralizeLine(f.key))}  ${neutralizeLine(sayIn(lang, labelText(f, tr)))}  ${c.dim(bits.join(', '))}`);
    if (f.optionsByParent) {
      for (const [parent, opts] of Object.entries(f.optionsByParent)) lines.push(`      ${neutralizeLine(parent)} → ${neutralizeLine(opts.map(opt).join(', '))}`);
    } else if (f.options) lines.push(`      ${c.dim(t('form.view.options'))} ${neutralizeLine(f.options.map(opt).join(', '))}`);
  }
  return lines.join('\n');
}
