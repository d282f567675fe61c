// Reading and changing Freshdesk tickets: list (Link-header pages; --query through /search/tickets),
// show with conversations, reply vs note, update, reopen, lookups by marker tag.
import type { Comment, ListFilter, ReplyInput, Status, Ticket, TicketChanges } from '../../model.js';
import { ACTIVE_STATUSES } from '../../model.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { translator } from '../../i18n/messages.js';
import type { ReopenResult } from '../backend.js';
import { getJson, ok, paginate } from './api.js';
import { encodeValues } from './fields.js';
import { descriptionComment, FOLLOWUP_TAG, mapConversation, mapTicket, PRIORITY_TO, STATUS_TO, textToHtml, type FdConversation, type FdTicket } from './mapping.js';
import type { FdState } from './state.js';
import { payload } from './payload.js';

const what = (id: string) => msg('err.what.ticket', { backend: 'Freshdesk', id });

function checkId(id: string) {
  if (!/^\d+$/.test(id)) throw new ValidationError(msg('err.badTicketId', { id, backend: 'Freshdesk' }), { hint: msg('err.badTicketId.hint', { backend: 'Freshdesk' }) });
}

export async function toTickets(st: FdState, list: FdTicket[]): Promise<Ticket[]> {
  // Custom status labels need the status field: read it only when a custom status shows up.
  const labels = list.some((t) => t.status >= 6) ? await st.statusLabels() : new Map<number, string>();
  return list.map((t) => mapTicket(t, { origin: st.origin, statusLabels: labels, categoryField: st.categoryField }));
}

export async function toTicket(st: FdState, t: FdTicket): Promise<Ticket> {
  return (await toTickets(st, [t]))[0];
}

export async function getTicket(st: FdState, id: string, opts: { comments?: boolean } = {}): Promise<Ticket> {
  checkId(id);
  const raw = await getJson<FdTicket>(st.http, `tickets/${id}`, { include: 'requester' }, what(id));
  const t = await toTicket(st, raw);
  if (opts.comments) {
    const convs: FdConversation[] = [];
    await paginate<FdConversation>(st.http, `tickets/${id}/conversations`, { per_page: 100 }, what(id), (items) => {
      convs.push(...items);
      return false;
    });
    t.comments = [await descriptionComment(raw), ...(await Promise.all(convs.map(mapConversation)))];
  }
  return t;
}

export async function listTickets(st: FdState, filter: ListFilter): Promise<Ticket[]> {
  const want = filter.limit > 0 ? filter.limit : Infinity;
  const raw: FdTicket[] = [];
  const since = filter.since ? Date.parse(filter.since) : null;
  const search = filter.search?.toLowerCase();
  const statuses = filter.status ?? null;
  const ids = filter.ids ? new Set(filter.ids) : null;
  const take = (items: FdTicket[]) => {
    for (const t of items) {
      const mapped = mapTicket(t, { origin: st.origin, statusLabels: new Map(), categoryField: st.categoryField });
      if (statuses && !statuses.includes(mapped.status)) continue;
      if (filter.category && mapped.category?.toLowerCase() !== filter.category.toLowerCase()) continue;
      if (since !== null && Date.parse(t.created_at) < since) continue;
      if (search && !t.subject.toLowerCase().includes(search)) continue;
      if (ids && !ids.has(String(t.id))) continue;
      raw.push(t);
      if (raw.length >= want) return true;
    }
    return false;
  };
  if (ids) {
    // Known ids: read them (5 at a time) rather than walk every page.
    const list = [...ids].filter((x) => /^\d+$/.test(x));
    for (let i = 0; i < list.length && raw.length < want; i += 5) {
      const got = await Promise.all(
        list.slice(i, i + 5).map((id) =>
          getJson<FdTicket>(st.http, `tickets/${id}`, { include: 'requester' }, what(id)).catch((e: unknown) => {
            if ((e as { code?: string }).code === 'not_found') return null;
            throw e;
          }),
        ),
      );
      take(got.filter((t): t is FdTicket => t !== null));
    }
    return toTickets(st, raw);
  }
  if (filter.query) {
    // Freshdesk search: 30 per page, at most 10 pages; the query goes in double quotes.
    // Search answers in relevance order (30 a page, 10 pages at most): read them all, then newest
    // first as every list is, then the filters and the limit.
    const found: FdTicket[] = [];
    await paginate<FdTicket>(st.http, 'search/tickets', { query: `"${filter.query.replace(/^"|"$/g, '')}"` }, msg('err.what.search', { backend: 'Freshdesk' }), (items) => {
      found.push(...items);
      return false;
    }, 10);
    const key = filter.sort === 'updated' ? 'updated_at' : 'created_at';
    found.sort((a, b) => Date.parse(b[key]) - Date.parse(a[key]));
    take(found);
    return toTickets(st, raw);
  }
  let email = filter.requester ?? null;
  if (filter.mine) email = (await st.me()).contact?.email ?? email;
  const query = {
    per_page: 100,
    order_by: filter.sort === 'updated' ? 'updated_at' : 'created_at',
    order_type: 'desc',
    include: 'requester',
    email: email ?? undefined,
    // Without updated_since Freshdesk returns only the last 30 days.
    updated_since: filter.since ? filter.since.replace(/\.\d+Z$/, 'Z') : '1970-01-01T00:00:00Z',
  };
  await paginate<FdTicket>(st.http, 'tickets', query, msg('err.what.tickets', { backend: 'Freshdesk' }), take);
  return toTickets(st, raw);
}

export async function reply(st: FdState, id: string, input: ReplyInput): Promise<Comment> {
  checkId(id);
  const data = input.public ? { body: textToHtml(input.body) } : { body: textToHtml(input.body), private: true };
  const path = input.public ? `tickets/${id}/reply` : `tickets/${id}/notes`;
  const res = await st.http.request({ method: 'POST', path, ...(await payload(data, input.attachments)) });
  const conv = ok(res, msg(input.public ? 'err.what.replyTo' : 'err.what.noteTo', { backend: 'Freshdesk', id })).json<FdConversation>();
  if (input.status) await updateTicket(st, id, { status: input.status });
  return mapConversation(conv);
}

async function statusNumber(st: FdState, s: Status): Promise<number> {
  const n = STATUS_TO[s];
  if (n !== undefined) return n;
  // on-hold: the account's first custom status (e.g. "Waiting on third party").
  const custom = [...(await st.statusLabels()).keys()].filter((k) => k >= 6).sort((a, b) => a - b);
  if (!custom.length) {
    throw new ValidationError(msg('err.fd.noCustomStatus'), {
      hint: msg('err.fd.noCustomStatus.hint'),
    });
  }
  return custom[0];
}

export async function changesBody(st: FdState, id: string | null, changes: TicketChanges): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = {};
  if (changes.status) body.status = await statusNumber(st, changes.status);
  if (changes.priority) body.priority = PRIORITY_TO[changes.priority];
  if (changes.subject) body.subject = changes.subject;
  if (changes.fields && Object.keys(changes.fields).length) body.custom_fields = encodeValues(changes.fields, await st.fields());
  if (id && (changes.tags?.length || changes.addCc?.length || changes.removeCc?.length)) {
    // Freshdesk replaces tag and CC lists: merge with what is there (tags are only ever added).
    const cur = await getJson<FdTicket>(st.http, `tickets/${id}`, undefined, what(id));
    if (changes.tags?.length) body.tags = [...new Set([...(cur.tags ?? []), ...changes.tags])];
    if (changes.addCc?.length || changes.removeCc?.length) {
      const drop = new Set((changes.removeCc ?? []).map((e) => e.toLowerCase()));
      body.cc_emails = [...new Set([...(cur.cc_emails ?? []), ...(changes.addCc ?? [])])].filter((e) => !drop.has(e.toLowerCase()));
    }
  }
  return body;
}

export async function updateTicket(st: FdState, id: string, changes: TicketChanges): Promise<Ticket> {
  checkId(id);
  const body = await changesBody(st, id, changes);
  const res = await st.http.request({ method: 'PUT', path: `tickets/${id}`, json: body });
  const t = ok(res, msg('err.what.update', { backend: 'Freshdesk', id })).json<FdTicket>();
  if (!t.requester) return getTicket(st, id);
  return toTicket(st, t);
}

/**
 * Reopen = status 2 (Open). Archived tickets are read-only: a new ticket tagged followup_<id>
 * is created instead.
 */
export async function reopen(st: FdState, id: string, opts: { comment?: string | null }): Promise<ReopenResult> {
  checkId(id);
  const res = await st.http.request({ method: 'PUT', path: `tickets/${id}`, json: { status: 2 } });
  if (res.status === 404) {
    const archived = await st.http.request({ method: 'GET', path: `tickets/archived/${id}` });
    if (archived.status !== 200) throw new NotFoundError(msg('err.http.notFound', { what: what(id) }), { hint: msg('err.checkId.hint') });
    const old = archived.json<FdTicket>();
    const data: Record<string, unknown> = {
      subject: old.subject,
      description: textToHtml(opts.comment?.trim() || translator(st.bc.lang)('cmd.followUp.archived', { id })),
      status: 2,
      priority: old.priority,
      tags: [...new Set([...(old.tags ?? []), FOLLOWUP_TAG + id])],
    };
    if (old.requester_id) data.requester_id = old.requester_id;
    if (old.type) data.type = old.type;
    if (old.custom_fields) data.custom_fields = Object.fromEntries(Object.entries(old.custom_fields).filter(([, v]) => v !== null));
    const created = ok(await st.http.request({ method: 'POST', path: 'tickets', json: data }), msg('err.what.followUp', { backend: 'Freshdesk', id })).json<FdTicket>();
    return { ticket: await getTicket(st, String(created.id)), followUp: true };
  }
  ok(res, msg('err.what.reopen', { backend: 'Freshdesk', id }));
  if (opts.comment?.trim()) await reply(st, id, { body: opts.comment, attachments: [], public: true });
  return { ticket: await getTicket(st, id), followUp: false };
}

/**
 * The newest ticket carrying a marker tag. The recent list is read first (real time), then the
 * search index (which lags by minutes but reaches older tickets).
 */
export async function findByTag(st: FdState, tag: string, includeClosed: boolean): Promise<Ticket | null> {
  const keep = (t: FdTicket) => (t.tags ?? []).includes(tag) && (includeClosed || (ACTIVE_STATUSES as Status[]).includes(mapTicket(t, { origin: '', statusLabels: new Map(), categoryField: null }).status));
  const recent = await getJson<FdTicket[]>(st.http, 'tickets', { per_page: 100, order_by: 'created_at', order_type: 'desc', include: 'requester', updated_since: '1970-01-01T00:00:00Z' }, msg('err.what.lookup', { backend: 'Freshdesk' }));
  let hit = recent.find(keep);
  if (!hit) {
    const found = await getJson<{ results?: FdTicket[] }>(st.http, 'search/tickets', { query: `"tag:'${tag}'"` }, msg('err.what.search', { backend: 'Freshdesk' }));
    hit = (found.results ?? []).sort((a, b) => b.created_at.localeCompare(a.created_at)).find(keep);
    if (hit && !hit.requester) return getTicket(st, String(hit.id));
  }
  return hit ? toTicket(st, hit) : null;
}
