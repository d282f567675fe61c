import type { ListFilter } from '../../model.js';
import { ticketSql } from './mapping.js';

/**
 * How many tickets match a filter: one search for a single row, whose `total` RT computes (the
 * "Showing 30 of 143" hint of `list`). null when RT does not say.
 */
export async function countRtTickets(get: (query: Record<string, string | number>) => Promise<{ total?: number | null }>, filter: ListFilter): Promise<number | null> {
  const body = await get({ query: ticketSql(filter, { contentSearch: true }), per_page: 1, page: 1, fields: 'id' });
  return typeof body.total === 'number' ? body.total : null;
}
