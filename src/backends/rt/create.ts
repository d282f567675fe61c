// Creating a ticket: POST /ticket (JSON, or multipart with files), then the ticket as RT has it.
import type { CreateInput, Person, Ticket } from '../../model.js';
import { UnavailableError } from '../../errors.js';
import { messageBody } from './api.js';
import { checkFields } from './fields.js';
import { DEDUPE_CF, HIDDEN_CFS, IDEM_CF, PRIORITY_TO_RT, dedupeMarker, isoDate, ticketUrl } from './mapping.js';
import type { RtState } from './state.js';
import { fetchTicket } from './tickets.js';

/** The requester RT showed last time for this Requestor value (cached with the schemas). */
function knownRequester(st: RtState, requestor: string): Person | null {
  const me = st.readSchema().me;
  return me && me.key === requestor && st.fresh(me.at) ? me.person : null;
}

function requestorFor(st: RtState, input: CreateInput): string | undefined {
  return input.requester?.email || st.bc.profile.email || st.api.user || undefined;
}

export async function createTicket(st: RtState, input: CreateInput): Promise<Ticket> {
  const { api, bc } = st;
  const cat = await st.getCategory(input.category);
  const cfs = checkFields(cat, input.fields);
  let content = input.body;
  if (input.dedupeKey) {
    if (st.dedupeQueues.has(cat.id)) cfs[DEDUPE_CF] = input.dedupeKey;
    else content = `${content}\n\n${dedupeMarker(input.dedupeKey)}`;
  }
  if (input.idempotencyKey && st.idemQueues.has(cat.id)) cfs[IDEM_CF] = input.idempotencyKey;
  const payload: Record<string, unknown> = {
    Queue: cat.id,
    Subject: input.subject,
    Priority: PRIORITY_TO_RT[input.priority] ?? PRIORITY_TO_RT.normal,
    Content: content,
    ContentType: 'text/plain',
  };
  const requestor = requestorFor(st, input);
  if (requestor) payload.Requestor = requestor;
  if (input.cc.length) payload.Cc = input.cc.join(', ');
  if (Object.keys(cfs).length) payload.CustomFields = cfs;
  const res = await api.call({ method: 'POST', path: 'ticket', idempotent: false, ...(await messageBody(payload, input.attachments)) });
  if (res.status < 200 || res.status >= 300) throw await api.errorForResponse(res, `Creating a ticket in ${cat.id}`);
  const created = res.json<{ id?: string | number }>();
  const id = created?.id ? String(created.id) : (res.headers.location ?? '').match(/ticket\/(\d+)/)?.[1];
  if (!id) throw new UnavailableError(`RT answered ${res.status} without a ticket id (${await api.serverMessage(res)}).`, { retryable: false });
  // Read it back when custom fields were sent (RT may have dropped one silently) or when we do
  // not know the requester's RT identity yet; otherwise the answer is known, and a request saved.
  const sentFields = Object.keys(cfs).some((k) => !HIDDEN_CFS.has(k));
  const me = input.requester?.email ? input.requester : requestor ? knownRequester(st, requestor) : null;
  if (!sentFields && me) {
    const at = isoDate(res.headers.date ? new Date(res.headers.date).toISOString() : undefined) || isoDate(bc.now().toISOString());
    return {
      id,
      url: ticketUrl(st.root, id),
      subject: input.subject,
      status: 'new',
      backendStatus: 'new',
      priority: input.priority,
      type: null,
      category: cat.id,
      requester: { name: me.name ?? null, email: me.email ?? null },
      cc: [...input.cc],
      tags: [],
      fields: {},
      createdAt: at,
      updatedAt: at,
    };
  }
  const t = await fetchTicket(st, id);
  if (requestor && t.requester.email) {
    st.saveSchema((c) => (c.me = { at: bc.now().getTime(), key: requestor, person: t.requester }));
  }
  return t;
}
