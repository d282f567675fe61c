// Creating a ticket: POST /ticket (JSON, or multipart with files), then the ticket as RT has it.
// RT answers a create with the id only and drops custom-field values it does not take, so the
// ticket is read back once and compared with what was sent.
import type { CreateInput, Ticket } from '../../model.js';
import { PermissionError, UnavailableError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { messageBody } from './api.js';
import { assertRtApplied } from './applied.js';
import { checkFields } from './fields.js';
import { DEDUPE_CF, IDEM_CF, PRIORITY_TO_RT, TYPE_CF, dedupeMarker } from './mapping.js';
import type { RtState } from './state.js';
import { fetchTicket } from './tickets.js';

/** What `ticket create` sends when no --type was given. */
const DEFAULT_TYPE = 'incident';

function requestorFor(st: RtState, input: CreateInput): string | undefined {
  // The signed-in RT user files; the profile's e-mail stands in only where the login has no user
  // name (token auth). --requester names someone else.
  return input.requester?.email || st.api.user || st.bc.profile.email || undefined;
}

export async function createTicket(st: RtState, input: CreateInput): Promise<Ticket> {
  const { api } = st;
  const cat = await st.getCategory(input.category);
  const cfs = checkFields(cat, input.fields);
  const sentFields = { ...cfs };
  const types = st.typeQueues.get(cat.id);
  // The commands send `incident` when no --type was given: in a queue without the TicketType field
  // that default is stored nowhere (the ticket reads back with type null); any other type is refused.
  const type = input.type === DEFAULT_TYPE && !types ? null : input.type;
  if (type) {
    if (!types) {
      throw new ValidationError(msg('err.rt.noTypeStore', { queue: cat.id }), {
        hint: msg('err.rt.noTypeStore.hint', { field: TYPE_CF }),
        data: { type, types: [] },
      });
    }
    if (!types.includes(type)) {
      throw new ValidationError(msg('err.rt.noSuchType', { queue: cat.id, type }), {
        hint: types.length ? msg('err.rt.typesItCanStore.hint', { list: types.join(', ') }) : msg('err.leaveOutType.hint'),
        data: { type, types },
      });
    }
    cfs[TYPE_CF] = type;
  }
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
  if (res.status < 200 || res.status >= 300) throw await api.errorForResponse(res, msg('err.what.createIn', { category: cat.id }));
  const created = res.json<{ id?: string | number }>();
  const id = created?.id ? String(created.id) : (res.headers.location ?? '').match(/ticket\/(\d+)/)?.[1];
  if (!id) throw new UnavailableError(msg('err.rt.noId', { status: res.status, message: await api.serverMessage(res) }), { retryable: false });
  let t: Ticket;
  try {
    t = await fetchTicket(st, id);
  } catch (e) {
    // Filed for someone else by an account that sees only the tickets it requests: the ticket
    // exists, but cannot be read back. Say so (no retry: it would file it twice).
    if (e instanceof PermissionError && input.requester?.email) {
      throw new PermissionError(msg('req.onBehalf.rtHidden', { id, requester: input.requester.email }), {
        hint: msg('req.onBehalf.rtHidden.hint'),
        data: { id, created: true, requester: input.requester.email },
      });
    }
    throw e;
  }
  return assertRtApplied(
    { subject: input.subject, priority: input.priority, type, fields: sentFields, addCc: input.cc },
    t,
    [],
    msg('err.rt.notApplied.create'),
  );
}
