// Request Tracker ↔ normalized model: statuses, priorities, TicketSQL, and tickets, people and
// dates as RT sends them.

import { TICKET_TYPES, type FieldValue, type ListFilter, type Person, type Priority, type Status, type Ticket, type TicketType } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg, type Msg } from '../../i18n/msg.js';
import type { RtLink, RtTicket } from './types.js';

/** RT's default lifecycle → normalized. Unknown (custom lifecycle) statuses count as open. */
export function statusFromRt(s: string): Status {
  switch (String(s).toLowerCase()) {
    case 'new':
      return 'new';
    case 'open':
      return 'open';
    case 'stalled':
      return 'on-hold';
    case 'resolved':
      return 'solved';
    case 'rejected':
    case 'deleted':
      return 'closed';
    default:
      return 'open';
  }
}

/** RT's default lifecycle (RT_Config.pm `%Lifecycles`): the statuses a default queue has. */
export const DEFAULT_LIFECYCLE = ['new', 'open', 'stalled', 'resolved', 'rejected', 'deleted'] as const;

/**
 * What a write can set, and the RT status each becomes. RT has no "waiting for the customer" and no
 * terminal "closed" distinct from resolved: pending and closed are refused before sending rather
 * than turned into something else (rejected and deleted read as closed, but "closed" is not a
 * rejection).
 */
export const WRITE_STATUSES: readonly { status: Status; backendStatus: string }[] = [
  { status: 'new', backendStatus: 'new' },
  { status: 'open', backendStatus: 'open' },
  { status: 'on-hold', backendStatus: 'stalled' },
  { status: 'solved', backendStatus: 'resolved' },
];

const WHY_NOT: Partial<Record<Status, Msg>> = {
  pending: msg('err.rt.whyNot.pending'),
  closed: msg('err.rt.whyNot.closed'),
};

/** Normalized → the RT status to set; a status RT cannot represent is a ValidationError (exit 2). */
export function statusToRt(s: Status): string {
  const w = WRITE_STATUSES.find((x) => x.status === s);
  if (w) return w.backendStatus;
  const can = WRITE_STATUSES.map((x) => (x.backendStatus === x.status ? x.status : `${x.status} (${x.backendStatus})`)).join(', ');
  const why = WHY_NOT[s];
  throw new ValidationError(msg('err.rt.noWriteStatus', { status: s }), {
    hint: why ? msg('err.rt.statusesCanSet.why.hint', { why, list: can }) : msg('err.rt.statusesCanSet.hint', { list: can }),
    data: { status: s, statuses: WRITE_STATUSES.map((x) => x.status) },
  });
}

/** Normalized → RT statuses matched by a filter. */
export function statusFilterToRt(s: Status): string[] {
  switch (s) {
    case 'new':
      return ['new'];
    case 'open':
      return ['open'];
    case 'pending':
    case 'on-hold':
      return ['stalled'];
    case 'solved':
      return ['resolved'];
    case 'closed':
      return ['rejected', 'deleted'];
  }
}

/**
 * RT stores priority as a number; the default %PriorityAsString is Low=0, Medium=50, High=100.
 * urgent goes beyond High.
 */
export const PRIORITY_TO_RT: Record<Priority, number> = { low: 0, normal: 50, high: 100, urgent: 150 };

export function priorityFromRt(p: unknown): Priority {
  if (typeof p === 'string' && !/^-?\d+$/.test(p.trim())) {
    const l = p.trim().toLowerCase();
    if (l === 'low') return 'low';
    if (l === 'medium' || l === 'normal') return 'normal';
    if (l === 'high') return 'high';
    if (l === 'urgent' || l === 'critical') return 'urgent';
    return 'normal';
  }
  const n = Number(p);
  if (!Number.isFinite(n)) return 'normal';
  if (n < 25) return 'low';
  if (n < 75) return 'normal';
  if (n < 125) return 'high';
  return 'urgent';
}

/** A TicketSQL string literal. */
export function sqlString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function rtDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
}

/** ListFilter → TicketSQL. `query` (native TicketSQL) is ANDed with the other filters. */
export function ticketSql(f: ListFilter, opts: { contentSearch: boolean }): string {
  const parts: string[] = [];
  if (f.query && f.query.trim()) parts.push(`(${f.query.trim()})`);
  if (f.ids && f.ids.length) parts.push(`(${f.ids.map((id) => `id = ${Number(id) || 0}`).join(' OR ')})`);
  if (f.status && f.status.length) {
    const rt = [...new Set(f.status.flatMap(statusFilterToRt))];
    parts.push(`(${rt.map((s) => `Status = ${sqlString(s)}`).join(' OR ')})`);
  }
  if (f.category) parts.push(`Queue = ${sqlString(f.category)}`);
  if (f.requester) {
    parts.push(
      f.requester.includes('@')
        ? `Requestor.EmailAddress = ${sqlString(f.requester)}`
        : `Requestor.Name = ${sqlString(f.requester)}`,
    );
  }
  if (f.mine) parts.push(`Requestor.id = '__CurrentUser__'`);
  if (f.since) parts.push(`${f.sort === 'updated' ? 'LastUpdated' : 'Created'} >= ${sqlString(rtDate(f.since))}`);
  if (f.search && f.search.trim()) {
    const s = sqlString(f.search.trim());
    parts.push(opts.contentSearch ? `(Subject LIKE ${s} OR Content LIKE ${s})` : `Subject LIKE ${s}`);
  }
  return parts.length ? parts.join(' AND ') : 'id > 0';
}

/** The global ticket custom field holding `--dedupe-key` (scripts/rt/seed.pl creates it). */
export const DEDUPE_CF = 'DedupeKey';
/** The global ticket custom field holding each create's idempotency key (outbox reconciliation). */
export const IDEM_CF = 'IdempotencyKey';
/**
 * The ticket custom field holding the ticket type (`--type`): a Select whose values are our types
 * (incident, question, feature). Queues without it store no type. Not listed among the fields.
 */
export const TYPE_CF = 'TicketType';
export const HIDDEN_CFS = new Set([DEDUPE_CF, IDEM_CF]);
/** Custom fields that are not category fields (hidden, or mapped to a Ticket property). */
export const NOT_FIELDS = new Set([DEDUPE_CF, IDEM_CF, TYPE_CF]);

export function typeFromRt(v: unknown): TicketType | null {
  const s = String(v ?? '').trim().toLowerCase();
  return (TICKET_TYPES as readonly string[]).includes(s) ? (s as TicketType) : null;
}
/** Fallback marker in the first message when the queue has no DedupeKey field. */
export const dedupeMarker = (key: string) => `[ticket-dedupe-key: ${key}]`;

export const TICKET_FIELDS = 'Subject,Status,Priority,Queue,Requestor,Cc,Created,LastUpdated,CustomFields';
export const PERSON_FIELDS = 'EmailAddress,RealName,Name';

/** The columns of a ticket list, fetched in the list request itself. */
export const LIST_QUERY = {
  fields: TICKET_FIELDS,
  'fields[Queue]': 'Name',
  'fields[Requestor]': PERSON_FIELDS,
  'fields[Cc]': PERSON_FIELDS,
};

export function idOf(x: unknown): string {
  if (x && typeof x === 'object') return String((x as RtLink).id ?? '');
  return String(x ?? '');
}

/** "Name <mail@x>" → both parts; a bare address → the address. */
export function splitAddress(s: string): { name: string | null; email: string | null } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>@\s]+@[^<>\s]+)>\s*$/.exec(s);
  if (m) return { name: m[1].trim() || null, email: m[2] };
  return /^[^\s@]+@[^\s@]+$/.test(s.trim()) ? { name: null, email: s.trim() } : { name: null, email: null };
}

export function person(l: RtLink | undefined): Person {
  if (!l) return { name: null, email: null };
  const fromEmail = l.EmailAddress ? splitAddress(l.EmailAddress) : { name: null, email: null };
  const fromId = typeof l.id === 'string' ? splitAddress(l.id) : { name: null, email: null };
  const email = fromEmail.email || fromId.email || null;
  const name = l.RealName || fromEmail.name || fromId.name || l.Name || (l.id !== undefined && !fromId.email ? String(l.id) : null) || email;
  return { name, email };
}

/** RT's dates → UTC `…Z`; RT stores UTC, so a date without a zone ("2026-12-01 20:06:06") is UTC. */
export function isoDate(s: string | undefined): string {
  if (!s || s.startsWith('1970-01-01')) return '';
  const bare = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d(?:\.\d+)?)?$/.test(s.trim());
  const d = new Date(bare ? `${s.trim().replace(' ', 'T')}Z` : s);
  return Number.isNaN(d.getTime()) ? s : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const ticketUrl = (root: string, id: string | number) => `${root}/Ticket/Display.html?id=${id}`;

export function toTicket(root: string, r: RtTicket): Ticket {
  const fields: Record<string, FieldValue> = {};
  let type: TicketType | null = null;
  for (const cf of r.CustomFields ?? []) {
    const name = cf.name ?? '';
    const vals = (cf.values ?? []).filter((v) => v !== null && v !== undefined);
    if (name === TYPE_CF) type = typeFromRt(vals[0]);
    if (!name || NOT_FIELDS.has(name) || vals.length === 0) continue;
    fields[name] = vals.length === 1 ? vals[0] : vals;
  }
  const rtStatus = r.Status ?? 'new';
  const requestor = r.Requestor?.[0];
  return {
    id: String(r.id),
    url: ticketUrl(root, r.id),
    subject: r.Subject ?? '',
    status: statusFromRt(rtStatus),
    backendStatus: rtStatus,
    priority: priorityFromRt(r.Priority),
    type,
    category: r.Queue ? (r.Queue.Name ?? idOf(r.Queue)) : null,
    requester: person(requestor),
    cc: (r.Cc ?? []).map((c) => person(c).email ?? String(c.id ?? '')).filter(Boolean),
    tags: [],
    fields,
    createdAt: isoDate(r.Created),
    updatedAt: isoDate(r.LastUpdated),
  };
}
