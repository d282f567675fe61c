// Reading and changing customer requests: list (my requests, `start`/`limit` pages; --query as JQL
// through the platform search), show with the public conversation, reply, update, status changes
// through the request's transitions, reopen, dedupe lookup.
import type { Comment, ListFilter, ReplyInput, Status, Ticket, TicketChanges } from '../../model.js';
import { ACTIVE_STATUSES } from '../../model.js';
import { NotFoundError, TicketError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { notApplied } from '../../operations/verify.js';
import type { ReopenResult } from '../backend.js';
import { EXPERIMENTAL, getJson, ok, paginate, sendJson } from './api.js';
import { uploadTemporary, accountIdsFor, attachTemporary } from './uploads.js';
import { decodeValues, encodeValues, priorityValue } from './fields.js';
import { descriptionComment, mapAttachment, mapComment, mapRequest, mapStatus, PRIORITY_TO } from './mapping.js';
import type { JsmState } from './state.js';
import type { JiraTransition, JsmAttachment, JsmComment, JsmCustomerTransition, JsmRequest } from './types.js';

const what = (id: string) => msg('err.what.jsm.request', { id });
const BACKEND = 'Jira Service Management';
/** Parallel reads when a list needs one request per ticket (ids, JQL results). */
const READ_CONCURRENCY = 8;

export function checkKey(id: string): void {
  if (!/^([A-Za-z][A-Za-z0-9_]*-\d+|\d+)$/.test(id)) {
    throw new ValidationError(msg('err.jsm.badKey', { id }), { hint: msg('err.jsm.badKey.hint') });
  }
}

export function toTicket(st: JsmState, r: JsmRequest): Ticket {
  return mapRequest(r, { fields: decodeValues(r.requestFieldValues), origin: st.origin });
}

export async function fetchRequest(st: JsmState, id: string): Promise<JsmRequest> {
  checkKey(id);
  return getJson<JsmRequest>(st.http, `request/${encodeURIComponent(id)}`, { expand: 'participant' }, what(id));
}

export async function fetchTicket(st: JsmState, id: string): Promise<Ticket> {
  return toTicket(st, await fetchRequest(st, id));
}

/**
 * The request's Jira labels (its tags), through the platform API: servicedeskapi shows them only
 * when the request type has a labels field. null without Jira access.
 */
export async function labelsOf(st: JsmState, key: string): Promise<string[] | null> {
  return st.viaPlatform(async () => (await getJson<{ fields?: { labels?: string[] } }>(st.http, st.platform(`issue/${encodeURIComponent(key)}`), { fields: 'labels' }, msg('err.what.jsm.labels', { id: key }))).fields?.labels ?? []);
}

async function fetchComments(st: JsmState, key: string): Promise<JsmComment[]> {
  const all: JsmComment[] = [];
  await paginate<JsmComment>(st.http, `request/${key}/comment`, { public: true, internal: false, expand: 'attachment' }, what(key), (items) => {
    all.push(...items);
    return false;
  });
  return all;
}

async function fetchAttachments(st: JsmState, key: string): Promise<JsmAttachment[]> {
  const all: JsmAttachment[] = [];
  await paginate<JsmAttachment>(st.http, `request/${key}/attachment`, {}, what(key), (items) => {
    all.push(...items);
    return false;
  });
  return all;
}

export async function getTicket(st: JsmState, id: string, opts: { comments?: boolean } = {}): Promise<Ticket> {
  const r = await fetchRequest(st, id);
  const t = toTicket(st, r);
  if (opts.comments) {
    const [comments, attachments] = await Promise.all([fetchComments(st, r.issueKey), fetchAttachments(st, r.issueKey)]);
    const mapped = comments.map(mapComment);
    // Attachments that no comment carries belong to the request itself: show them with its description.
    const inComments = new Set(mapped.flatMap((c) => c.attachments.map((a) => a.name)));
    const own = attachments.filter((a) => !inComments.has(a.filename)).map(mapAttachment);
    t.comments = [descriptionComment(r, own), ...mapped];
  }
  return t;
}

/** Tags are Jira labels, which cannot hold spaces: refused before sending rather than changed. */
export function checkLabels(tags: string[]): string[] {
  const bad = tags.filter((t) => /\s/.test(t));
  if (bad.length) {
    throw new ValidationError(msg('err.jsm.labelSpaces', { labels: bad.map((t) => `"${t}"`).join(', ') }), { hint: msg('err.jsm.labelSpaces.hint') });
  }
  return tags;
}

/** Run `fn` over `items`, at most `n` at a time, keeping the order of the results. */
async function pooled<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

async function byKeys(st: JsmState, keys: string[]): Promise<Ticket[]> {
  const got = await pooled(keys, READ_CONCURRENCY, async (k) => {
    try {
      return await fetchTicket(st, k);
    } catch (e) {
      if (e instanceof TicketError && (e.code === 'not_found' || e.code === 'validation')) return null;
      throw e;
    }
  });
  return got.filter((t): t is Ticket => t !== null);
}

const DONE: Status[] = ['solved', 'closed'];

/** The servicedeskapi status filter that covers the wanted statuses; the exact ones are kept here. */
export function requestStatus(statuses: Status[] | undefined): 'OPEN_REQUESTS' | 'CLOSED_REQUESTS' | 'ALL_REQUESTS' {
  if (!statuses?.length) return 'ALL_REQUESTS';
  if (statuses.every((s) => DONE.includes(s))) return 'CLOSED_REQUESTS';
  if (statuses.every((s) => !DONE.includes(s))) return 'OPEN_REQUESTS';
  return 'ALL_REQUESTS';
}

/** Keys matching a JQL query through the platform search (`/search/jql`, `nextPageToken`). */
export async function jqlKeys(st: JsmState, jql: string, want: number): Promise<string[] | null> {
  return st.viaPlatform(async () => {
    const keys: string[] = [];
    if (st.bc.profile.tokenType === 'pat') {
      // Data Center: classic /rest/api/2/search with startAt/maxResults.
      for (let startAt = 0; keys.length < want; ) {
        const page = await getJson<{ issues?: { key: string }[]; total?: number }>(st.http, st.platform('search'), { jql, fields: 'key', startAt, maxResults: 100 }, msg('err.what.jiraSearch'));
        const issues = page.issues ?? [];
        keys.push(...issues.map((i) => i.key));
        startAt += issues.length;
        if (!issues.length || startAt >= (page.total ?? 0)) break;
      }
      return keys.slice(0, want);
    }
    let token: string | undefined;
    for (let n = 0; n < 1000 && keys.length < want; n++) {
      const body: Record<string, unknown> = { jql, fields: ['key'], maxResults: Math.min(100, want - keys.length) };
      if (token) body.nextPageToken = token;
      const page = await sendJson<{ issues?: { key: string }[]; nextPageToken?: string; isLast?: boolean }>(st.http, 'POST', st.platform('search/jql'), body, msg('err.what.jiraSearch'));
      keys.push(...(page.issues ?? []).map((i) => i.key));
      token = page.nextPageToken;
      if (page.isLast !== false || !token) break;
    }
    return keys.slice(0, want);
  });
}

export async function listTickets(st: JsmState, filter: ListFilter): Promise<Ticket[]> {
  const want = filter.limit > 0 ? filter.limit : Infinity;
  const since = filter.since ? Date.parse(filter.since) : null;
  const keep = (t: Ticket) =>
    (!filter.status?.length || filter.status.includes(t.status)) &&
    (since === null || Date.parse(t.createdAt) >= since) &&
    (!filter.requester || t.requester.email?.toLowerCase() === filter.requester.toLowerCase());
  const order = (list: Ticket[]) => (filter.sort === 'created' ? [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : list);

  if (filter.ids?.length) return order((await byKeys(st, filter.ids)).filter(keep)).slice(0, want);
  const rtId = filter.category ? (await st.requestType(filter.category)).id : null;
  if (filter.query) {
    const keys = await jqlKeys(st, filter.query, Number.isFinite(want) ? want * 4 : 100_000);
    if (keys === null) {
      throw new ValidationError(msg('err.jsm.noJql'), {
        hint: msg('err.jsm.noJql.hint'),
      });
    }
    const got = (await byKeys(st, keys)).filter((t) => keep(t) && (!rtId || t.category === rtId));
    return order(got).slice(0, want);
  }
  const desk = await st.desk();
  const out: Ticket[] = [];
  await paginate<JsmRequest>(
    st.http,
    'request',
    {
      serviceDeskId: desk.id,
      requestTypeId: rtId ?? undefined,
      requestOwnership: filter.mine ? 'OWNED_REQUESTS' : undefined,
      requestStatus: requestStatus(filter.status),
      searchTerm: filter.search || undefined,
      expand: 'participant',
      limit: 100,
    },
    msg('err.what.jsm.requests'),
    (items) => {
      for (const r of items) {
        const t = toTicket(st, r);
        if (!keep(t)) continue;
        out.push(t);
        if (out.length >= want) return true;
      }
      return false;
    },
  );
  // servicedeskapi orders by latest activity; --sort created is applied to what was read.
  return order(out);
}

export async function reply(st: JsmState, id: string, input: ReplyInput): Promise<Comment> {
  checkKey(id);
  let comment: JsmComment;
  if (input.attachments.length) {
    // The attachment call carries the text as its comment: one comment with the files.
    const desk = await st.desk();
    const temp = await uploadTemporary(st, desk.id, input.attachments);
    const res = await attachTemporary(st, id, temp, input.public, input.body);
    comment = res.comment ?? { id: '', body: input.body, public: input.public };
  } else {
    comment = await sendJson<JsmComment>(st.http, 'POST', `request/${encodeURIComponent(id)}/comment`, { body: input.body, public: input.public }, msg('err.what.jsm.reply', { id }));
  }
  if (input.status) await transitionTo(st, id, input.status);
  return mapComment(comment);
}

/** Where a transition leads, normalized; null when the API does not say (customer transitions). */
interface Candidate {
  id: string;
  name: string;
  status: Status | null;
  toName: string | null;
  via: 'platform' | 'customer';
}

export async function transitionsOf(st: JsmState, key: string): Promise<Candidate[]> {
  const platform = await st.viaPlatform(() => getJson<{ transitions?: JiraTransition[] }>(st.http, st.platform(`issue/${encodeURIComponent(key)}/transitions`), undefined, msg('err.what.jsm.transitions', { id: key })));
  if (platform) {
    return (platform.transitions ?? []).map((t) => ({
      id: String(t.id),
      name: t.name,
      status: t.to?.statusCategory?.key ? mapStatus(t.to.name ?? '', t.to.statusCategory.key) : null,
      toName: t.to?.name ?? null,
      via: 'platform' as const,
    }));
  }
  const all: JsmCustomerTransition[] = [];
  await paginate<JsmCustomerTransition>(st.http, `request/${encodeURIComponent(key)}/transition`, {}, msg('err.what.jsm.transitions', { id: key }), (items) => {
    all.push(...items);
    return false;
  }, { headers: EXPERIMENTAL });
  return all.map((t) => ({ id: String(t.id), name: t.name, status: null, toName: null, via: 'customer' as const }));
}

/** For reopen: any status outside DONE, the closest to "open" first. */
const REOPEN_ORDER: Status[] = ['open', 'new', 'pending', 'on-hold'];

function choose(cands: Candidate[], target: Status | 'reopen'): Candidate | null {
  const known = cands.filter((c) => c.status !== null);
  if (target === 'reopen') {
    for (const s of REOPEN_ORDER) {
      const hit = known.find((c) => c.status === s);
      if (hit) return hit;
    }
    return null;
  }
  return known.find((c) => c.status === target) ?? null;
}

/**
 * Move a request to a normalized status through one of its transitions, chosen by where it leads
 * (status category of the target, refined by the target status name), never by the transition's
 * own (localized) name. No transition there → NotAppliedError with the request as it is.
 */
export async function transitionTo(st: JsmState, key: string, target: Status | 'reopen', comment?: string | null): Promise<Ticket> {
  const cands = await transitionsOf(st, key);
  let pick = choose(cands, target);
  const asked: Status = target === 'reopen' ? 'open' : target;
  if (!pick && cands.length && cands.every((c) => c.status === null)) {
    // A portal customer sees transitions as {id, name} only. One transition is taken and the
    // result verified; several cannot be told apart without guessing from their names.
    const now = await fetchTicket(st, key);
    if (target === 'reopen' ? !DONE.includes(now.status) : now.status === target) return now;
    if (cands.length > 1) {
      throw new ValidationError(msg('err.jsm.blindTransitions', { what: what(key), names: cands.map((c) => `"${c.name}"`).join(', ') }), {
        hint: msg('err.jsm.blindTransitions.hint'),
        data: { transitions: cands.map((c) => ({ id: c.id, name: c.name })) },
      });
    }
    pick = cands[0];
  }
  if (!pick) {
    const now = await fetchTicket(st, key);
    // Already there (a solved request offers no transition to solved): nothing to do.
    if (target === 'reopen' ? !DONE.includes(now.status) : now.status === target) return now;
    const where = cands.filter((c) => c.status).map((c) => `${c.status} (${c.toName})`);
    throw notApplied([{ what: 'status', requested: asked, actual: now.status }], now, {
      backendName: BACKEND,
      why: where.length
        ? `No transition of ${key} leads to ${target === 'reopen' ? 'an open status' : asked}; from ${now.backendStatus} it can go to: ${where.join(', ')}.`
        : `${key} has no transition available to this account from ${now.backendStatus}.`,
    });
  }
  if (pick.via === 'platform') {
    const body: Record<string, unknown> = { transition: { id: pick.id } };
    if (comment) body.update = { comment: [{ add: { body: comment } }] };
    ok(await st.http.request({ method: 'POST', path: st.platform(`issue/${encodeURIComponent(key)}/transitions`), json: body }), msg('err.what.jsm.transition', { id: key }));
  } else {
    const body: Record<string, unknown> = { id: pick.id };
    if (comment) body.additionalComment = { body: comment };
    ok(await st.http.request({ method: 'POST', path: `request/${encodeURIComponent(key)}/transition`, json: body, headers: EXPERIMENTAL }), msg('err.what.jsm.transition', { id: key }));
  }
  const after = await fetchTicket(st, key);
  const landed = target === 'reopen' ? !DONE.includes(after.status) : after.status === target;
  if (!landed) {
    throw notApplied([{ what: 'status', requested: asked, actual: after.status }], after, {
      backendName: BACKEND,
      why: `The transition "${pick.name}" left ${key} in ${after.backendStatus}.`,
    });
  }
  return after;
}

export async function updateTicket(st: JsmState, id: string, changes: TicketChanges): Promise<Ticket> {
  checkKey(id);
  const edits: Record<string, unknown> = {};
  const update: Record<string, unknown> = {};
  const needsEdit = changes.priority !== undefined || changes.subject !== undefined || (changes.fields && Object.keys(changes.fields).length) || changes.tags?.length;
  if (needsEdit) {
    const r = await fetchRequest(st, id);
    const defs = r.requestTypeId ? (await st.fieldsOf(String(r.requestTypeId))).requestTypeFields : [];
    if (changes.subject !== undefined) edits.summary = changes.subject;
    if (changes.priority !== undefined) {
      const p = priorityValue(defs, PRIORITY_TO[changes.priority]);
      if (!p) {
        throw new ValidationError(msg('err.jsm.noPriorityValue', { id, priority: String(changes.priority) }), { hint: msg('err.leaveOutPriority.hint') });
      }
      edits.priority = p;
    }
    if (changes.fields) Object.assign(edits, encodeValues(changes.fields, defs));
    if (changes.tags?.length) update.labels = checkLabels(changes.tags).map((t) => ({ add: t }));
    const done = await st.viaPlatform(async () => {
      ok(await st.http.request({ method: 'PUT', path: st.platform(`issue/${encodeURIComponent(r.issueKey)}`), json: { fields: edits, update } }), msg('err.what.jsm.update', { id }));
      return true;
    });
    if (!done) {
      throw new ValidationError(msg('err.jsm.cannotEdit', { id }), {
        hint: msg('err.jsm.cannotEdit.hint'),
      });
    }
  }
  if (changes.addCc?.length) {
    const accountIds = await accountIdsFor(st, changes.addCc);
    await sendJson(st.http, 'POST', `request/${encodeURIComponent(id)}/participant`, { accountIds }, msg('err.what.jsm.addParticipants', { id }));
  }
  if (changes.removeCc?.length) {
    const accountIds = await accountIdsFor(st, changes.removeCc);
    await sendJson(st.http, 'DELETE', `request/${encodeURIComponent(id)}/participant`, { accountIds }, msg('err.what.jsm.removeParticipants', { id }));
  }
  const after = changes.status !== undefined ? await transitionTo(st, id, changes.status) : await fetchTicket(st, id);
  if (changes.tags?.length) after.tags = (await labelsOf(st, after.id)) ?? after.tags;
  return after;
}

/** Reactivate through a transition out of DONE; none for this account → exit 6 with the request as it is. */
export async function reopen(st: JsmState, id: string, opts: { comment?: string | null }): Promise<ReopenResult> {
  checkKey(id);
  const ticket = await transitionTo(st, id, 'reopen', opts.comment?.trim() || null);
  return { ticket, followUp: false };
}

export async function findByDedupeKey(st: JsmState, label: string, opts: { includeClosed?: boolean } = {}): Promise<Ticket | null> {
  const desk = await st.desk();
  const project = desk.projectKey ? ` AND project = "${desk.projectKey}"` : '';
  const keys = await jqlKeys(st, `labels = "${label}"${project} ORDER BY created DESC`, 20);
  if (!keys?.length) return null;
  const found = (await byKeys(st, keys)).filter((t) => opts.includeClosed || (ACTIVE_STATUSES as Status[]).includes(t.status));
  return found[0] ?? null;
}

export { NotFoundError };
