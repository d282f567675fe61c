// Tickets: read (list, show with the conversation), reply, update, reopen, and the dedupe and
// idempotency-key look-ups.
import type { ReopenResult } from '../backend.js';
import type { Comment, ListFilter, ReplyInput, Ticket, TicketChanges } from '../../model.js';
import { PermissionError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { checkId, failureMessages, messageBody, ticketNotFound } from './api.js';
import { assertRtApplied, type Requested } from './applied.js';
import { checkFields } from './fields.js';
import {
  DEDUPE_CF,
  IDEM_CF,
  LIST_QUERY,
  PERSON_FIELDS,
  PRIORITY_TO_RT,
  dedupeMarker,
  idOf,
  isoDate,
  person,
  sqlString,
  statusToRt,
  ticketSql,
  toTicket,
} from './mapping.js';
import type { RtState } from './state.js';
import type { RtAttachment, RtCollection, RtTicket, RtTransaction } from './types.js';

/** Below twice this many ids, one list request; above, parallel requests of at least this many. */
const BULK_READ_CHUNK_MIN = 25;

export async function fetchTicket(st: RtState, id: string): Promise<Ticket> {
  const items = await st.api.collect<RtTicket>('tickets', { ...LIST_QUERY, query: `id = ${id}` }, 1, msg('err.what.readTicket', { id }));
  if (items.length === 0) {
    // Not visible: tell "no such ticket" from "not yours".
    const res = await st.api.call({ method: 'GET', path: `ticket/${id}` });
    if (res.status === 403) {
      throw new PermissionError(msg('err.rt.mayNotSee', { id }), { hint: msg('err.rt.askShowRight.hint') });
    }
    throw ticketNotFound(id)();
  }
  return toTicket(st.root, items[0]);
}

/**
 * Pages are read newest first while others may be creating tickets: a ticket pushed onto the next
 * page by a new one would come twice. Keep the first.
 */
function unique(items: RtTicket[]): RtTicket[] {
  const seen = new Set<string>();
  return items.filter((r) => !seen.has(String(r.id)) && seen.add(String(r.id)) !== undefined);
}

export async function listTickets(st: RtState, filter: ListFilter): Promise<Ticket[]> {
  const { api, root } = st;
  const query = (contentSearch: boolean) => ({
    ...LIST_QUERY,
    query: ticketSql(filter, { contentSearch }),
    orderby: [filter.sort === 'updated' ? 'LastUpdated' : 'Created', 'id'],
    order: ['DESC', 'DESC'],
  });
  try {
    // Many ids (bulk reads its targets this way): RT spends ~2.5 ms per ticket on roles and
    // custom fields, so read them in up to four parallel requests (reads run concurrently).
    const ids = filter.ids ?? [];
    if (ids.length >= 2 * BULK_READ_CHUNK_MIN) {
      const size = Math.min(100, Math.max(BULK_READ_CHUNK_MIN, Math.ceil(ids.length / 4)));
      const parts: string[][] = [];
      for (let i = 0; i < ids.length; i += size) parts.push(ids.slice(i, i + size));
      const got = (
        await Promise.all(
          parts.map((part) =>
            api.collect<RtTicket>('tickets', { ...LIST_QUERY, query: ticketSql({ ...filter, ids: part }, { contentSearch: true }) }, 0, msg('err.what.listTickets', { backend: 'RT' })),
          ),
        )
      ).flat();
      const key = (t: Ticket) => (filter.sort === 'updated' ? t.updatedAt : t.createdAt);
      const all = got.map((r) => toTicket(root, r)).sort((x, y) => key(y).localeCompare(key(x)) || Number(y.id) - Number(x.id));
      return filter.limit > 0 ? all.slice(0, filter.limit) : all;
    }
    const items = await api.collect<RtTicket>('tickets', query(true), filter.limit, msg('err.what.listTickets', { backend: 'RT' }));
    return unique(items).map((r) => toTicket(root, r));
  } catch (e) {
    // Content searches need RT's full-text search; without it, search subjects only.
    if (filter.search && e instanceof ValidationError && !filter.query) {
      const items = await api.collect<RtTicket>('tickets', query(false), filter.limit, msg('err.what.listTickets', { backend: 'RT' }));
      return unique(items).map((r) => toTicket(root, r));
    }
    if (e instanceof ValidationError && filter.query) {
      throw new ValidationError(msg('err.rt.badSql', { message: e.message }), { hint: msg('err.rt.badSql.hint') });
    }
    throw e;
  }
}

export async function getTicket(st: RtState, id: string, opts?: { comments?: boolean }): Promise<Ticket> {
  const n = checkId(id);
  if (!opts?.comments) return fetchTicket(st, n);
  const [t, comments] = await Promise.all([fetchTicket(st, n), conversation(st, n).catch((e) => e as Error)]);
  if (comments instanceof Error) throw comments;
  return { ...t, comments };
}

async function decodeBody(a: RtAttachment): Promise<string> {
  const c = a.Content ?? '';
  if ((a.ContentType ?? '').toLowerCase().startsWith('text/html')) {
    const { convert } = await import('html-to-text');
    return convert(c, { wordwrap: false });
  }
  return c;
}

async function conversation(st: RtState, id: string): Promise<Comment[]> {
  const [txns, atts] = await Promise.all([
    st.api.collect<RtTransaction>(
      `ticket/${id}/history`,
      { fields: 'Type,Created,Creator', 'fields[Creator]': PERSON_FIELDS },
      0,
      msg('err.what.readHistory', { id }),
    ),
    st.api.collect<RtAttachment>(
      `ticket/${id}/attachments`,
      { fields: 'TransactionId,ContentType,Filename,ContentLength,Content' },
      0,
      msg('err.what.readAttachments', { id }),
    ),
  ]);
  const byTxn = new Map<string, RtAttachment[]>();
  for (const a of atts) {
    const t = idOf(a.TransactionId);
    if (!byTxn.has(t)) byTxn.set(t, []);
    byTxn.get(t)!.push(a);
  }
  const out: Comment[] = [];
  for (const t of txns) {
    if (t.Type !== 'Create' && t.Type !== 'Correspond' && t.Type !== 'Comment') continue;
    const parts = (byTxn.get(String(t.id)) ?? []).sort((a, b) => Number(a.id) - Number(b.id));
    const files = parts.filter((a) => a.Filename);
    const text =
      parts.find((a) => !a.Filename && (a.ContentType ?? '').toLowerCase().startsWith('text/plain')) ??
      parts.find((a) => !a.Filename && (a.ContentType ?? '').toLowerCase().startsWith('text/html'));
    out.push({
      id: String(t.id),
      author: person(t.Creator),
      body: text ? await decodeBody(text) : '',
      public: t.Type !== 'Comment',
      createdAt: isoDate(t.Created),
      attachments: files.map((a) => ({
        name: a.Filename!,
        size: Number(a.ContentLength ?? 0) || Buffer.byteLength(a.Content ?? ''),
        url: `${st.root}/Ticket/Attachment/${t.id}/${a.id}/${encodeURIComponent(a.Filename!)}`,
      })),
    });
  }
  return out;
}

async function lastMessage(st: RtState, id: string, type: 'Correspond' | 'Comment', input: ReplyInput): Promise<Comment> {
  const txns = await st.api.json<RtCollection<RtTransaction>>(
    {
      method: 'GET',
      path: `ticket/${id}/history`,
      query: { fields: 'Type,Created,Creator', 'fields[Creator]': PERSON_FIELDS, orderby: 'id', order: 'DESC', per_page: 20 },
    },
    msg('err.what.readHistory', { id }),
  );
  const t = (txns.items ?? []).find((x) => x.Type === type);
  return {
    id: t ? String(t.id) : '',
    author: t ? person(t.Creator) : { name: st.api.user, email: st.bc.profile.email ?? null },
    body: input.body,
    public: type === 'Correspond',
    createdAt: isoDate(t?.Created) || st.bc.now().toISOString(),
    attachments: input.attachments.map((a) => ({ name: a.name, size: a.size, url: null })),
  };
}

/**
 * A reply (correspond) or internal note (comment), with the status change in the same request as
 * RT documents it (`Status` in the body; RT sets it after the message). A status RT refuses is in
 * its answer's messages: then NotAppliedError (the message itself was added) with the ticket read back.
 */
export async function reply(st: RtState, id: string, input: ReplyInput): Promise<Comment> {
  const { api } = st;
  const n = checkId(id);
  const type = input.public ? 'Correspond' : 'Comment';
  const payload: Record<string, unknown> = { Content: input.body, ContentType: 'text/plain' };
  if (input.status) payload.Status = statusToRt(input.status);
  const res = await api.call({
    method: 'POST',
    path: `ticket/${n}/${input.public ? 'correspond' : 'comment'}`,
    idempotent: false,
    ...(await messageBody(payload, input.attachments)),
  });
  if (res.status < 200 || res.status >= 300) {
    // RT answers "Permission Denied" (400) for a ticket that does not exist.
    if (res.status === 404 || (await api.call({ method: 'GET', path: `ticket/${n}` })).status === 404) throw ticketNotFound(n)();
    throw await api.errorForResponse(res, msg('err.what.replyTicket', { id: n }));
  }
  const said = failureMessages(res.json());
  if (said.length) {
    assertRtApplied({ status: input.status }, await fetchTicket(st, n), said, input.status ? msg('err.rt.notApplied.replyStatus') : msg('err.rt.notApplied.reply'));
  }
  return lastMessage(st, n, type, input);
}

/** PUT /ticket/{id}, then the ticket read back once (RT's answer is messages, not the ticket). */
export async function updateTicket(st: RtState, id: string, changes: TicketChanges): Promise<Ticket> {
  const n = checkId(id);
  if (changes.tags && changes.tags.length) {
    throw new ValidationError(msg('err.rt.noTags'), { hint: msg('err.rt.noTags.hint') });
  }
  const payload: Record<string, unknown> = {};
  if (changes.status) payload.Status = statusToRt(changes.status);
  if (changes.priority) payload.Priority = PRIORITY_TO_RT[changes.priority];
  if (changes.subject !== undefined) payload.Subject = changes.subject;
  const asked: Requested = { status: changes.status, priority: changes.priority, subject: changes.subject, addCc: changes.addCc, removeCc: changes.removeCc };
  const needCurrent = (changes.fields && Object.keys(changes.fields).length) || changes.addCc?.length || changes.removeCc?.length;
  if (needCurrent) {
    const cur = await fetchTicket(st, n);
    if (changes.fields && Object.keys(changes.fields).length) {
      // Unknown fields and wrong formats are refused here, before sending: RT drops them silently.
      // A queue whose schema we may not read (no CreateTicket there): sent as is, and the read-back
      // tells whether RT kept them.
      const cat = cur.category ? await st.getCategory(cur.category).catch(() => null) : null;
      const sent = cat ? checkFields(cat, changes.fields) : changes.fields;
      payload.CustomFields = sent;
      asked.fields = sent;
    }
    if (changes.addCc?.length || changes.removeCc?.length) {
      const drop = new Set((changes.removeCc ?? []).map((x) => x.toLowerCase()));
      const list = [...cur.cc, ...(changes.addCc ?? [])].filter((x) => !drop.has(x.toLowerCase()));
      payload.Cc = [...new Map(list.map((x) => [x.toLowerCase(), x])).values()];
    }
  }
  let said: string[] = [];
  if (Object.keys(payload).length) {
    const body = await st.api.json<unknown>({ method: 'PUT', path: `ticket/${n}`, json: payload }, msg('err.what.updateTicket', { id: n }), ticketNotFound(n));
    said = failureMessages(body);
  }
  return assertRtApplied(asked, await fetchTicket(st, n), said);
}

/** RT has no reopen window: set open (with the comment, one correspond carrying Status). */
export async function reopen(st: RtState, id: string, opts: { comment?: string | null }): Promise<ReopenResult> {
  const n = checkId(id);
  let said: string[] = [];
  if (opts.comment) {
    await reply(st, n, { body: opts.comment, attachments: [], public: true, status: 'open' });
  } else {
    const body = await st.api.json<unknown>({ method: 'PUT', path: `ticket/${n}`, json: { Status: 'open' } }, msg('err.what.reopenTicket', { id: n }), ticketNotFound(n));
    said = failureMessages(body);
  }
  return { ticket: assertRtApplied({ status: 'open' }, await fetchTicket(st, n), said, msg('err.rt.notApplied.reopen')), followUp: false };
}

export async function findByDedupeKey(st: RtState, key: string, opts?: { includeClosed?: boolean }): Promise<Ticket | null> {
  const active = opts?.includeClosed ? '' : ` AND Status = '__Active__'`;
  const run = (sql: string) =>
    st.api.collect<RtTicket>('tickets', { ...LIST_QUERY, query: sql, orderby: 'id', order: 'DESC' }, 1, msg('err.what.dedupe'));
  const [byCf, byMarker] = await Promise.all([
    run(`CF.{${DEDUPE_CF}} = ${sqlString(key)}${active}`),
    run(`Content LIKE ${sqlString(dedupeMarker(key))}${active}`).catch(() => [] as RtTicket[]),
  ]);
  const all = [...byCf, ...byMarker].sort((a, b) => Number(b.id) - Number(a.id));
  return all.length ? toTicket(st.root, all[0]) : null;
}

export async function findByIdempotencyKey(st: RtState, key: string): Promise<Ticket | null> {
  const items = await st.api.collect<RtTicket>(
    'tickets',
    { ...LIST_QUERY, query: `CF.{${IDEM_CF}} = ${sqlString(key)}`, orderby: 'id', order: 'DESC' },
    1,
    msg('err.what.idempotency'),
  );
  return items.length ? toTicket(st.root, items[0]) : null;
}
