// Reading and changing Zendesk tickets: list (cursor pages, or /search for filters), show with the
// conversation, reply, update, reopen (follow-up for closed tickets), dedupe lookup.
import type { Comment, ListFilter, ReplyInput, Status, Ticket, TicketChanges } from '../../model.js';
import { ACTIVE_STATUSES } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { translator } from '../../i18n/messages.js';
import type { ReopenResult } from '../backend.js';
import { getJson, isClosedRefusal, ok, paginate, sendJson } from './api.js';
import { encodeValues } from './fields.js';
import { mapComment, mapTicket, STATUS_TO_ZENDESK, userMap, type ZdComment, type ZdTicket, type ZdUser } from './mapping.js';
import type { ZdState } from './state.js';
import { formIdFor } from './forms.js';
import { dedupeMarker, uploadAll } from './uploads.js';

const what = (id: string) => msg('err.what.ticket', { backend: 'Zendesk', id });

function kind(st: ZdState): { one: 'ticket' | 'request'; many: 'tickets' | 'requests' } {
  return st.mode === 'end-user' ? { one: 'request', many: 'requests' } : { one: 'ticket', many: 'tickets' };
}

export async function mapWithUsers(st: ZdState, t: ZdTicket, users: ZdUser[]): Promise<Ticket> {
  return mapTicket(t, { users: userMap(users), catalog: await st.catalog(), origin: st.origin, mode: st.mode });
}

export async function fetchTicket(st: ZdState, id: string): Promise<Ticket> {
  if (!/^\d+$/.test(id)) throw new ValidationError(msg('err.badTicketId', { id, backend: 'Zendesk' }), { hint: msg('err.badTicketId.hint', { backend: 'Zendesk' }) });
  void st.catalog(); // read the field definitions while the ticket is on its way
  const k = kind(st);
  const body = await getJson<Record<string, unknown>>(st.http, `${k.many}/${id}`, { include: 'users' }, what(id));
  return mapWithUsers(st, body[k.one] as ZdTicket, (body.users as ZdUser[]) ?? []);
}

export async function fetchComments(st: ZdState, id: string): Promise<Comment[]> {
  const k = kind(st);
  const raw: ZdComment[] = [];
  const users: ZdUser[] = [];
  const query = st.mode === 'agent' ? { include: 'users', 'page[size]': 100 } : { include: 'users', per_page: 100 };
  await paginate<ZdComment>(st.http, { path: `${k.many}/${id}/comments`, query }, 'comments', what(id), (items, page) => {
    raw.push(...items);
    users.push(...((page.users as ZdUser[]) ?? []));
    return false;
  });
  const map = userMap(users);
  return Promise.all(raw.map((c) => mapComment(c, map)));
}

export async function getTicket(st: ZdState, id: string, opts: { comments?: boolean } = {}): Promise<Ticket> {
  const [t, comments] = await Promise.all([fetchTicket(st, id), opts.comments ? fetchComments(st, id) : null]);
  if (comments) t.comments = comments;
  return t;
}

function quote(s: string): string {
  return /[\s:"]/.test(s) ? `"${s.replace(/"/g, '')}"` : s;
}

/** Filters → Zendesk search syntax. Null when nothing needs /search. */
export function searchQuery(filter: ListFilter): string | null {
  const terms: string[] = [];
  for (const s of filter.status ?? []) terms.push(`status:${STATUS_TO_ZENDESK[s]}`);
  if (filter.requester) terms.push(`requester:${filter.requester}`);
  if (filter.mine) terms.push('requester:me');
  if (filter.since) terms.push(`created>${filter.since.replace(/\.\d+Z$/, 'Z')}`);
  if (filter.search) terms.push(quote(filter.search));
  if (filter.query) terms.push(filter.query);
  return terms.length ? `type:ticket ${terms.join(' ')}` : null;
}

export async function listTickets(st: ZdState, filter: ListFilter): Promise<Ticket[]> {
  const catalogP = st.catalog(); // in parallel with the first page
  const out: Ticket[] = [];
  const want = filter.limit > 0 ? filter.limit : Infinity;
  const formId = filter.category ? await formIdFor(st, filter.category) : null;
  const since = filter.since ? Date.parse(filter.since) : null;
  // Agents filter through /search; the Requests API has no requester or date filter, so end-user
  // lists are narrowed here.
  const keep = (t: ZdTicket, mapped: Ticket) =>
    (!filter.category || (t.ticket_form_id ?? null) === formId) &&
    (st.mode === 'agent' || ((since === null || Date.parse(t.created_at) >= since) && (!filter.requester || mapped.requester.email?.toLowerCase() === filter.requester.toLowerCase())));
  const collect = () => async (items: ZdTicket[], page: Record<string, unknown>) => {
    const catalog = await catalogP;
    const users = userMap((page.users as ZdUser[]) ?? []);
    for (const t of items) {
      if ((t as { result_type?: string }).result_type && (t as { result_type?: string }).result_type !== 'ticket') continue;
      const mapped = mapTicket(t, { users, catalog, origin: st.origin, mode: st.mode });
      if (!keep(t, mapped)) continue;
      out.push(mapped);
      if (out.length >= want) return true;
    }
    return false;
  };
  if (filter.ids?.length) {
    const ids = filter.ids.filter((x) => /^\d+$/.test(x));
    if (st.mode === 'end-user') {
      // The Requests API has no show_many: one request at a time, unknown ids left out.
      for (const id of ids) {
        const res = await st.http.request({ method: 'GET', path: `requests/${id}`, query: { include: 'users' } });
        if (res.status === 404) continue;
        const body = ok(res, what(id)).json<{ request: ZdTicket; users?: ZdUser[] }>();
        if (await collect()([body.request], body as Record<string, unknown>)) break;
      }
      return out;
    }
    for (let i = 0; i < ids.length; i += 100) {
      const page = await getJson<Record<string, unknown>>(st.http, 'tickets/show_many', { ids: ids.slice(i, i + 100).join(','), include: 'users' }, msg('err.what.tickets', { backend: 'Zendesk' }));
      if (await collect()((page.tickets as ZdTicket[]) ?? [], page)) break;
    }
    return out;
  }
  const sortBy = filter.sort === 'updated' ? 'updated_at' : 'created_at';
  if (st.mode === 'end-user') {
    const q = filter.search ?? filter.query;
    const statuses = filter.status?.map((s) => STATUS_TO_ZENDESK[s]).join(',');
    const first = q
      ? { path: 'requests/search', query: { query: q, status: statuses, include: 'users', per_page: 100 } }
      : { path: 'requests', query: { status: statuses, include: 'users', per_page: 100, sort_by: sortBy, sort_order: 'desc' } };
    await paginate<ZdTicket>(st.http, first, 'requests', msg('err.what.requests', { backend: 'Zendesk' }), collect());
    return out;
  }
  const query = searchQuery(filter);
  if (query) {
    await paginate<ZdTicket>(
      st.http,
      { path: 'search', query: { query, sort_by: sortBy, sort_order: 'desc', per_page: 100, include: 'tickets(users)' } },
      'results',
      msg('err.what.search', { backend: 'Zendesk' }),
      collect(),
    );
    return out;
  }
  await paginate<ZdTicket>(
    st.http,
    { path: 'tickets', query: { 'page[size]': Math.min(100, want), sort: filter.sort === 'updated' ? '-updated_at' : '-id', include: 'users' } },
    'tickets',
    msg('err.what.tickets', { backend: 'Zendesk' }),
    collect(),
  );
  return out;
}

function audited(body: { audit?: { events?: { type: string; id: number }[] } }): number | null {
  return body.audit?.events?.find((e) => e.type === 'Comment')?.id ?? null;
}

export async function reply(st: ZdState, id: string, input: ReplyInput): Promise<Comment> {
  if (st.mode === 'end-user' && !input.public) {
    throw new ValidationError(msg('err.zd.noInternal'), { hint: msg('err.zd.noInternal.hint') });
  }
  const tokens = await uploadAll(st, input.attachments);
  const comment: Record<string, unknown> = { body: input.body };
  if (tokens.length) comment.uploads = tokens;
  let body: Record<string, unknown>;
  if (st.mode === 'agent') {
    comment.public = input.public;
    const t: Record<string, unknown> = { comment };
    if (input.status) t.status = STATUS_TO_ZENDESK[input.status];
    body = await sendJson(st.http, 'PUT', `tickets/${id}`, { ticket: t }, msg('err.what.replyTo', { backend: 'Zendesk', id }));
  } else {
    const r: Record<string, unknown> = { comment };
    if (input.status === 'solved') r.solved = true;
    body = await sendJson(st.http, 'PUT', `requests/${id}`, { request: r }, msg('err.what.replyTo', { backend: 'Zendesk', id }));
  }
  const commentId = audited(body as never);
  const comments = await fetchComments(st, id);
  const mine = commentId ? comments.find((c) => c.id === String(commentId)) : undefined;
  return mine ?? comments[comments.length - 1];
}

export async function changesBody(st: ZdState, changes: TicketChanges): Promise<Record<string, unknown>> {
  const t: Record<string, unknown> = {};
  if (changes.status) t.status = STATUS_TO_ZENDESK[changes.status];
  if (changes.priority) t.priority = changes.priority;
  if (changes.subject) t.subject = changes.subject;
  if (changes.fields && Object.keys(changes.fields).length) t.custom_fields = encodeValues(changes.fields, await st.catalog());
  // `tags` adds tags: the dedupe marker and others' tags stay.
  if (changes.tags?.length) t.additional_tags = changes.tags;
  const ccs = [
    ...(changes.addCc ?? []).map((e) => ({ user_email: e, action: 'put' })),
    ...(changes.removeCc ?? []).map((e) => ({ user_email: e, action: 'delete' })),
  ];
  if (ccs.length) t.email_ccs = ccs;
  return t;
}

export async function updateTicket(st: ZdState, id: string, changes: TicketChanges): Promise<Ticket> {
  if (st.mode === 'end-user') {
    const r: Record<string, unknown> = {};
    const other = Object.keys(changes).filter((k) => !['status', 'addCc', 'removeCc'].includes(k));
    if (other.length || (changes.status && changes.status !== 'solved')) {
      throw new ValidationError(msg('err.zd.endUserChanges', { fields: [...other, changes.status ? 'status' : ''].filter(Boolean).join(', ') }), {
        hint: msg('err.zd.endUserChanges.hint'),
      });
    }
    // A bare solve is answered 406 CommentRequired (a validation error saying to add --comment):
    // `close --comment` sends the solve and its comment in one request (reply with status).
    if (changes.status === 'solved') r.solved = true;
    const ccs = [
      ...(changes.addCc ?? []).map((e) => ({ user_email: e, action: 'put' })),
      ...(changes.removeCc ?? []).map((e) => ({ user_email: e, action: 'delete' })),
    ];
    if (ccs.length) r.email_ccs = ccs;
    await sendJson(st.http, 'PUT', `requests/${id}`, { request: r }, msg('err.what.update', { backend: 'Zendesk', id }));
    return fetchTicket(st, id);
  }
  await sendJson(st.http, 'PUT', `tickets/${id}`, { ticket: await changesBody(st, changes) }, msg('err.what.update', { backend: 'Zendesk', id }));
  return fetchTicket(st, id);
}

/**
 * A solved ticket goes back to open. A closed one refuses every update (422 "closed prevents ticket
 * update"): a follow-up ticket linked with via_followup_source_id is created instead.
 */
export async function reopen(st: ZdState, id: string, opts: { comment?: string | null }): Promise<ReopenResult> {
  const k = kind(st);
  const text = opts.comment?.trim() || null;
  const change: Record<string, unknown> =
    st.mode === 'agent'
      ? { status: 'open', ...(text ? { comment: { body: text, public: true } } : {}) }
      : // An end-user comment on a solved request reopens it; Zendesk requires the comment.
        { comment: { body: text ?? translator(st.bc.lang)('cmd.followUp.reopening') } };
  const res = await st.http.request({ method: 'PUT', path: `${k.many}/${id}`, json: { [k.one]: change } });
  if (isClosedRefusal(res)) return followUp(st, id, text);
  ok(res, msg('err.what.reopen', { backend: 'Zendesk', id }));
  return { ticket: await fetchTicket(st, id), followUp: false };
}

async function followUp(st: ZdState, id: string, text: string | null): Promise<ReopenResult> {
  const k = kind(st);
  const body = await getJson<Record<string, ZdTicket>>(st.http, `${k.many}/${id}`, undefined, what(id));
  const old = body[k.one];
  const say = translator(st.bc.lang);
  const t: Record<string, unknown> = {
    subject: old.subject ?? old.raw_subject ?? say('cmd.followUp.subjectOf', { id }),
    comment: { body: text ?? say('cmd.followUp.closed', { id }) },
    via_followup_source_id: Number(id),
  };
  if (old.ticket_form_id) t.ticket_form_id = old.ticket_form_id;
  if (st.mode === 'agent') {
    if (old.requester_id) t.requester_id = old.requester_id;
    if (old.priority) t.priority = old.priority;
    if (old.type) t.type = old.type;
    const custom = (old.custom_fields ?? []).filter((f) => f.value !== null && f.value !== '');
    if (custom.length) t.custom_fields = custom;
  }
  const created = await sendJson<Record<string, ZdTicket>>(st.http, 'POST', k.many, { [k.one]: t }, msg('err.what.followUp', { backend: 'Zendesk', id }));
  const ticket = await fetchTicket(st, String(created[k.one].id));
  ticket.followUpOf ??= id;
  return { ticket, followUp: true };
}

/** Tickets carry the dedupe marker as a tag and as external_id; the external_id filter is not delayed by the search index. */
export async function findByDedupeKey(st: ZdState, key: string, opts: { includeClosed?: boolean } = {}): Promise<Ticket | null> {
  if (st.mode === 'end-user') return null;
  const marker = dedupeMarker(key);
  const page = await getJson<{ tickets: ZdTicket[]; users?: ZdUser[] }>(st.http, 'tickets', { external_id: marker, include: 'users' }, msg('err.what.dedupeLookup', { backend: 'Zendesk' }));
  const catalog = await st.catalog();
  const users = userMap(page.users ?? []);
  const found = (page.tickets ?? [])
    .map((t) => mapTicket(t, { users, catalog, origin: st.origin, mode: st.mode }))
    .filter((t) => opts.includeClosed || (ACTIVE_STATUSES as Status[]).includes(t.status))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return found[0] ?? null;
}
