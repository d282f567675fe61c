// Bulk changes: PUT /tickets/bulk (with a comment: POST /tickets/bulk/correspond carrying Status).
// Per ticket, the result is what RT now has: its messages (a refused status, an unknown ticket)
// and one read-back of all the tickets, compared with what was asked; a custom field RT would drop
// (unknown in the ticket's queue, wrong format) is refused before anything is sent.
import type { BulkItem, BulkItemResult } from '../backend.js';
import type { FieldValue, Ticket } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { BULK_ALREADY, BULK_FAILURE } from './api.js';
import { describe, mismatches, type Requested } from './applied.js';
import { checkFields } from './fields.js';
import { PRIORITY_TO_RT, statusToRt } from './mapping.js';
import type { RtState } from './state.js';
import { listTickets } from './tickets.js';

const idOfItem = (it: BulkItem) => String(it.id).trim().replace(/^#/, '');

async function readAll(st: RtState, ids: string[]): Promise<Map<string, Ticket>> {
  if (!ids.length) return new Map();
  const got = await listTickets(st, { ids, limit: 0, sort: 'created' });
  return new Map(got.map((t) => [t.id, t]));
}

export async function bulkUpdate(st: RtState, items: BulkItem[]): Promise<BulkItemResult[]> {
  const { api } = st;
  const valid = items.filter((it) => /^\d+$/.test(idOfItem(it)));
  // Before sending: statuses RT has, no tags, fields the ticket's queue has (in the right format).
  for (const it of valid) {
    if (it.changes.status) statusToRt(it.changes.status);
    if (it.changes.tags?.length) throw new ValidationError(msg('err.rt.noTags'), { hint: msg('err.rt.noTags.hint') });
  }
  const sentFields = new Map<string, Record<string, FieldValue>>();
  const withFields = valid.filter((it) => it.changes.fields && Object.keys(it.changes.fields).length);
  if (withFields.length) {
    const before = await readAll(st, withFields.map(idOfItem));
    for (const it of withFields) {
      const t = before.get(idOfItem(it));
      if (!t) continue; // not visible: RT reports it below
      const cat = t.category ? await st.getCategory(t.category).catch(() => null) : null;
      try {
        sentFields.set(idOfItem(it), cat ? checkFields(cat, it.changes.fields!) : it.changes.fields!);
      } catch (e) {
        if (e instanceof ValidationError) throw new ValidationError(msg('err.rt.bulkItem', { id: t.id, message: e.msg ?? e.message }), { hint: e.hintMsg ?? e.hint, data: e.data });
        throw e;
      }
    }
  }

  const results = new Map<string, string[]>();
  const record = (body: unknown) => {
    if (!Array.isArray(body)) return;
    for (const row of body) {
      if (!Array.isArray(row)) continue;
      const rid = String(row[0]);
      if (!results.has(rid)) results.set(rid, []);
      results.get(rid)!.push(...row.slice(1).map(String));
    }
  };
  const plain: Record<string, unknown>[] = [];
  const withComment: Record<string, unknown>[] = [];
  for (const it of valid) {
    const sid = idOfItem(it);
    const row: Record<string, unknown> = { id: Number(sid) };
    if (it.changes.status) row.Status = statusToRt(it.changes.status);
    if (it.changes.priority) row.Priority = PRIORITY_TO_RT[it.changes.priority];
    if (it.changes.subject !== undefined) row.Subject = it.changes.subject;
    const cfs = sentFields.get(sid) ?? it.changes.fields;
    if (cfs && Object.keys(cfs).length) row.CustomFields = cfs;
    if (it.comment) withComment.push({ ...row, Content: it.comment, ContentType: 'text/plain' });
    else plain.push(row);
  }
  await Promise.all([
    // One request: RT applies it ticket by ticket (~55 ms each with the default scrips). Splitting
    // it over concurrent requests gains nothing on SQLite (writes serialize) and risks lock errors.
    plain.length ? api.json<unknown>({ method: 'PUT', path: 'tickets/bulk', json: plain }, msg('err.what.bulkUpdate')).then(record) : Promise.resolve(),
    withComment.length
      ? api.json<unknown>({ method: 'POST', path: 'tickets/bulk/correspond', json: withComment, idempotent: false }, msg('err.what.bulkReply')).then(async (body) => {
          record(body);
          // correspond carries Status; a priority/field change needs the PUT as well.
          const rest = withComment
            .filter((r) => r.Priority !== undefined || r.CustomFields !== undefined || r.Subject !== undefined)
            .map(({ Content: _c, ContentType: _t, Status: _s, ...r }) => r);
          if (rest.length) record(await api.json<unknown>({ method: 'PUT', path: 'tickets/bulk', json: rest }, msg('err.what.bulkUpdate')));
        })
      : Promise.resolve(),
  ]);

  // What RT now has: one read of every ticket RT reported on.
  const after = await readAll(st, [...new Set(valid.map(idOfItem).filter((id) => results.has(id)))]);
  return items.map((it): BulkItemResult => {
    const sid = idOfItem(it);
    if (!/^\d+$/.test(sid)) return { id: String(it.id), ok: false, error: { code: 'not_found', message: 'RT ticket ids are numbers.' } };
    const msgs = results.get(sid);
    if (!msgs) return { id: sid, ok: false, error: { code: 'internal', message: 'RT did not report on this ticket.' } };
    const failed = msgs.filter((m) => BULK_FAILURE.test(m) && !BULK_ALREADY.test(m));
    const ticket = after.get(sid) ?? null;
    const said = failed.join('; ');
    if (!ticket) {
      const code = /does not exist|not found/i.test(said) || !said ? 'not_found' : /permission/i.test(said) ? 'permission' : 'not-applied';
      return { id: sid, ok: false, error: { code, message: said || `Ticket ${sid} not found in RT.` }, ticket: null };
    }
    const asked: Requested = { status: it.changes.status, priority: it.changes.priority, subject: it.changes.subject, fields: sentFields.get(sid) ?? it.changes.fields };
    const ms = mismatches(asked, ticket);
    if (!failed.length && !ms.length) return { id: sid, ok: true, ticket };
    const code = !ms.length && /permission/i.test(said) ? 'permission' : 'not-applied';
    const message = [ms.length ? describe(ms, ticket) : '', said ? `RT said: ${said}` : ''].filter(Boolean).join('; ');
    return { id: sid, ok: false, error: { code, message }, ticket };
  });
}
