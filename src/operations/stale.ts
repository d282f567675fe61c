// `list --stale` and the stale section of `ticket status`: tickets not solved or closed with no
// word from support since a cutoff (backends/shared/stale.ts says what counts). A backend that
// filters natively (Backend.staleFilter: the local one) is asked directly; with the others the
// active tickets matching the rest of the filter are listed (the status filter is theirs), and the
// comments of a ticket are read only when its dates cannot decide.

import type { Backend } from '../backends/backend.js';
import type { ListFilter, Ticket } from '../model.js';
import { ACTIVE_STATUSES } from '../model.js';
import { isStale, staleWithoutComments } from '../backends/shared/stale.js';
import { pool } from './bulk.js';

export async function listStale(backend: Backend, filter: ListFilter, staleBefore: string, concurrency = 4): Promise<Ticket[]> {
  if (backend.staleFilter === 'native') return backend.listTickets({ ...filter, staleBefore });
  const asked = filter.status?.length ? filter.status.filter((s) => ACTIVE_STATUSES.includes(s)) : [...ACTIVE_STATUSES];
  if (!asked.length) return [];
  const cut = Date.parse(staleBefore);
  const all = await backend.listTickets({ ...filter, status: asked, limit: 0 });
  const keep = new Set<string>();
  const unsure: Ticket[] = [];
  for (const t of all) {
    const quick = staleWithoutComments(t, cut);
    if (quick === 'comments') unsure.push(t);
    else if (quick) keep.add(t.id);
  }
  await pool(unsure, concurrency, async (t) => {
    const full = t.comments ? t : await backend.getTicket(t.id, { comments: true });
    if (isStale(t, full.comments ?? [], cut)) keep.add(t.id);
  });
  const out = all.filter((t) => keep.has(t.id));
  return filter.limit > 0 ? out.slice(0, filter.limit) : out;
}
