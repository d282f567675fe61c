import type { Context } from '../context/index.js';
import type { Category, Status, Ticket } from '../model.js';
import { neutralize, neutralizeLine } from './sanitize.js';
import { paint } from './output.js';
import { statusLabel } from '../i18n/status.js';

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

export function csvCell(v: string): string {
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

export async function renderTicketTable(ctx: Context, tickets: Ticket[]): Promise<string> {
  const lang = ctx.language();
  const { default: Table } = await import('cli-table3');
  const c = paint(ctx);
  const width = ctx.io.stdout.columns ?? 100;
  const subjectWidth = Math.max(20, width - 70);
  const table = new Table({
    head: ['ID', 'STATUS', 'PRIORITY', 'CATEGORY', 'SUBJECT', 'UPDATED'],
    style: { head: ctx.color.stdout ? ['bold'] : [], border: ctx.color.stdout ? ['grey'] : [] },
    wordWrap: false,
    colWidths: [null, null, null, null, subjectWidth, null] as never,
  });
  for (const t of tickets) {
    table.push([
      c.bold(t.id),
      statusColor(ctx, t.status, statusLabel(t.status, lang)),
      t.priority === 'urgent' || t.priority === 'high' ? c.red(t.priority) : t.priority,
      neutralizeLine(t.category ?? ''),
      neutralizeLine(t.subject),
      shortDate(t.updatedAt),
    ]);
  }
  return table.toString();
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

export function renderTicketDetail(ctx: Context, t: Ticket): string {
  const c = paint(ctx);
  const lang = ctx.language();
  const lines: string[] = [];
  lines.push(`${c.bold(`#${t.id}`)} ${c.bold(neutralizeLine(t.subject))}`);
  const status = `${statusLabel(t.status, lang)}${t.backendStatus && t.backendStatus !== t.status ? ` (${neutralizeLine(t.backendStatus)})` : ''}`;
  const kv: [string, string][] = [
    ['status', statusColor(ctx, t.status, status)],
    ['priority', t.priority],
    ['type', t.type ?? ''],
    ['category', neutralizeLine(t.category ?? '')],
    ['requester', neutralizeLine([t.requester.name, t.requester.email ? `<${t.requester.email}>` : ''].filter(Boolean).join(' '))],
    ['cc', neutralizeLine(t.cc.join(', '))],
    ['tags', neutralizeLine(t.tags.join(', '))],
    ['created', shortDate(t.createdAt)],
    ['updated', shortDate(t.updatedAt)],
    ['url', t.url ?? ''],
  ];
  if (t.followUpOf) kv.push(['follow-up of', `#${t.followUpOf}`]);
  for (const [k, v] of Object.entries(t.fields)) {
    kv.push([neutralizeLine(k), neutralizeLine(Array.isArray(v) ? v.join(', ') : String(v))]);
  }
  const w = Math.max(...kv.map(([k]) => k.length));
  for (const [k, v] of kv) if (v) lines.push(`${c.dim(k.padEnd(w))}  ${v}`);
  for (const cm of t.comments ?? []) {
    lines.push('');
    const who = neutralizeLine(cm.author.name ?? cm.author.email ?? 'unknown');
    lines.push(c.bold(`── ${who} · ${shortDate(cm.createdAt)}${cm.public ? '' : ' · internal'} `) + c.dim(`(#${cm.id})`));
    lines.push(neutralize(cm.body.trimEnd()));
    for (const a of cm.attachments) lines.push(c.dim(`  📎 ${neutralizeLine(a.name)} (${a.size} bytes)${a.url ? ` ${a.url}` : ''}`));
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
  const c = paint(ctx);
  const lines = [`${c.bold(neutralizeLine(cat.id))}  ${neutralizeLine(cat.name)}`];
  if (cat.description) lines.push(c.dim(neutralizeLine(cat.description)));
  for (const f of cat.fields) {
    const bits = [f.type, f.required ? 'required' : 'optional'];
    if (f.pattern) bits.push(`pattern ${f.pattern}`);
    if (f.maxLength) bits.push(`max ${f.maxLength}`);
    if (f.dependsOn) bits.push(`when ${f.dependsOn.field} = ${f.dependsOn.values.join('|') || '(any)'}`);
    lines.push(`  ${c.bold(neutralizeLine(f.key))}  ${neutralizeLine(f.label)}  ${c.dim(bits.join(', '))}`);
    if (f.optionsByParent) {
      for (const [parent, opts] of Object.entries(f.optionsByParent)) lines.push(`      ${neutralizeLine(parent)} → ${neutralizeLine(opts.join(', '))}`);
    } else if (f.options) lines.push(`      ${c.dim('options:')} ${neutralizeLine(f.options.join(', '))}`);
  }
  return lines.join('\n');
}
