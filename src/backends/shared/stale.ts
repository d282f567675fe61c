import type { Comment, Person, Ticket } from '../../model.js';
import { ACTIVE_STATUSES } from '../../model.js';

// Stale tickets (`list --stale`, `ticket status`): not solved or closed, and no word from support for
// a while. "A word from support" is a public comment by someone other than the requester; a ticket
// support never answered counts from its creation. A status change alone does not count: the model
// does not say who made it. Every event is on or before updatedAt, so a ticket not updated since the
// cutoff is stale without reading its comments, and one created after the cutoff is not.

export function samePerson(a: Person, b: Person): boolean {
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  if (a.email || b.email) return false;
  return !!a.name && !!b.name && a.name.toLowerCase() === b.name.toLowerCase();
}

/** When support last said something public on the ticket (its creation when it never did). */
export function lastSupportWord(t: Pick<Ticket, 'createdAt' | 'requester'>, comments: readonly Comment[]): string {
  let last = t.createdAt;
  for (const c of comments) {
    if (!c.public || samePerson(c.author, t.requester)) continue;
    if (Date.parse(c.createdAt) > Date.parse(last)) last = c.createdAt;
  }
  return last;
}

/** Stale, fresh, or 'comments' when only the comments can tell. */
export function staleWithoutComments(t: Ticket, cutoffMs: number): boolean | 'comments' {
  if (!ACTIVE_STATUSES.includes(t.status)) return false;
  if (Date.parse(t.updatedAt) < cutoffMs) return true;
  if (Date.parse(t.createdAt) >= cutoffMs) return false;
  return 'comments';
}

export function isStale(t: Ticket, comments: readonly Comment[], cutoffMs: number): boolean {
  const quick = staleWithoutComments(t, cutoffMs);
  return quick === 'comments' ? Date.parse(lastSupportWord(t, comments)) < cutoffMs : quick;
}
