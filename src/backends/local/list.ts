import type { Category, ListFilter, Person, Ticket } from '../../model.js';
import { UsageError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fold } from '../../util/text.js';
import { foldLabel } from '../../forms/statuses.js';
import { isStale, staleWithoutComments } from '../shared/stale.js';
import { parseLocalQuery, type LocalQuery } from './query.js';
import { normId } from './layout.js';
import type { IndexEntry, LocalStore } from './store.js';

// `list` over the local store: the filter flags and the query language, applied to the index.

/** The tickets matching `filter`, newest first; `known` resolves category names to ids. */
export async function listTickets(store: LocalStore, filter: ListFilter, known: Category[], whoami: Person): Promise<Ticket[]> {
  const q: LocalQuery = filter.query ? parseLocalQuery(filter.query) : {};
  const statuses = intersect(filter.status, q.status);
    // A category given by name ("Hardware") matches the id the tickets store ("HW").
  const categories = [filter.category, q.category]
    .filter((c): c is string => !!c)
    .map((c) => fold(known.find((k) => fold(k.id) === fold(c) || fold(k.name) === fold(c))?.id ?? c));
  const requesters = [filter.requester, q.requester].filter((r): r is string => !!r).map((r) => r.trim().toLowerCase());
  const ids = intersect(filter.ids?.map(normId), q.ids);
  const searches = [filter.search, q.search].filter((s): s is string => !!s && !!s.trim()).map((s) => fold(s));
  let since = NaN;
  if (filter.since) {
    since = Date.parse(filter.since);
    if (Number.isNaN(since)) throw new UsageError(msg('err.invalidDate', { value: String(filter.since) }), { hint: msg('err.invalidDate.hint') });
  }
  let mine: ((p: Person) => boolean) | null = null;
  if (filter.mine) {
    const me = whoami;
    const email = me.email?.toLowerCase();
    const name = me.name?.toLowerCase();
    mine = email ? (p) => p.email?.toLowerCase() === email : (p) => !!name && p.name?.toLowerCase() === name;
  }
  const idSet = ids ? new Set(ids) : null;
  const statusSet = statuses ? new Set<string>(statuses) : null;
  // Statuses of the forms file's vocabulary (by name): one OR with the normalized ones.
  const named = filter.backendStatus?.length ? new Set(filter.backendStatus.map(foldLabel)) : null;
  let staleCut = NaN;
  if (filter.staleBefore) {
    staleCut = Date.parse(filter.staleBefore);
    if (Number.isNaN(staleCut)) throw new UsageError(msg('vocab.stale.bad', { flag: 'staleBefore', value: filter.staleBefore }), { hint: msg('vocab.stale.hint') });
  }
  const keep = (t: Ticket): boolean => {
    if (idSet && !idSet.has(t.id)) return false;
    if (named && !(statusSet?.has(t.status) || named.has(foldLabel(t.backendStatus)))) return false;
    if (!named && statusSet && !statusSet.has(t.status)) return false;
    if (!Number.isNaN(staleCut) && !stale(t)) return false;
    if (categories.length && categories.some((c) => fold(t.category ?? '') !== c)) return false;
    if (requesters.length && !requesters.every((r) => matchesRequester(t.requester, r))) return false;
    if (mine && !mine(t.requester)) return false;
    if (!Number.isNaN(since) && Date.parse(t.createdAt) < since) return false;
    if (q.priority && !q.priority.includes(t.priority)) return false;
    if (q.type && !q.type.includes(t.type ?? '')) return false;
    if (q.tags && !q.tags.every((group) => t.tags.some((x) => group.includes(x.toLowerCase())))) return false;
    return true;
  };
  // Stale: decided from the index where it can be, from the ticket's comments otherwise.
  const stale = (t: Ticket): boolean => {
    const quick = staleWithoutComments(t, staleCut);
    if (quick !== 'comments') return quick;
    return isStale(t, store.readRecord(t.id)?.ticket.comments ?? [], staleCut);
  };
  const out: Ticket[] = [];
  if (searches.length) {
    // Text search needs the description prefixes of the index (and the file when it was cut).
    for (const e of (await store.listEntries({ body: true })).values()) {
      if (keep(e.t) && searches.every((s) => textMatches(store, e, s))) out.push(e.t);
    }
  } else {
    for (const t of await store.listTickets()) if (keep(t)) out.push(t);
  }
  const sort = filter.sort === 'updated' ? 'updated' : 'created';
  out.sort((a, b) => (newer(a, b, sort) ? -1 : 1));
  return filter.limit > 0 ? out.slice(0, filter.limit) : out;
}

function textMatches(store: LocalStore, e: IndexEntry, needle: string): boolean {
  if (fold(e.t.subject).includes(needle)) return true;
  if (fold(e.x.b ?? '').includes(needle)) return true;
  if (!e.x.bt) return false;
  const rec = store.readRecord(e.t.id);
  return !!rec && fold(rec.ticket.comments?.[0]?.body ?? '').includes(needle);
}

function intersect<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (a && a.length && b && b.length) return a.filter((x) => b.includes(x));
  if (a && a.length) return a;
  if (b && b.length) return b;
  return undefined;
}

function matchesRequester(p: Person, wanted: string): boolean {
  if (p.email && p.email.toLowerCase() === wanted) return true;
  return !wanted.includes('@') && !!p.name && p.name.toLowerCase() === wanted;
}

/** Is `a` before `b` in "newest first" order? Ties go to the higher id. */
export function newer(a: Ticket, b: Ticket, sort: 'created' | 'updated'): boolean {
  const ka = sort === 'updated' ? a.updatedAt : a.createdAt;
  const kb = sort === 'updated' ? b.updatedAt : b.createdAt;
  if (ka !== kb) return ka > kb;
  return Number(a.id) > Number(b.id);
}
