// Request Tracker ↔ normalized model: statuses, priorities, TicketSQL.

import type { ListFilter, Priority, Status } from '../../model.js';

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

/**
 * Normalized → the RT status to set. RT has no "waiting for the customer" nor a terminal "closed":
 * pending and on-hold become stalled, solved and closed become resolved (`ticket close`).
 */
export function statusToRt(s: Status): string {
  switch (s) {
    case 'new':
      return 'new';
    case 'open':
      return 'open';
    case 'pending':
    case 'on-hold':
      return 'stalled';
    case 'solved':
    case 'closed':
      return 'resolved';
  }
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
