// Creating customer requests: POST /request with the request type's field values, CCs as request
// participants (account ids), attachments as temporary files (attachTemporaryFile, then POST
// /request/{key}/attachment), the dedupe key and tags as Jira labels where the account may set them.
import { createHash } from 'node:crypto';
import type { CreateInput, Ticket } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { ok } from './api.js';
import { encodeValues, priorityValue } from './fields.js';
import { PRIORITY_TO } from './mapping.js';
import type { JsmState } from './state.js';
import type { JsmRequest } from './types.js';
import { checkLabels, fetchTicket, labelsOf, toTicket } from './tickets.js';
import { accountIdsFor, attachTemporary, uploadTemporary } from './uploads.js';

export { accountIdsFor, attachTemporary, uploadTemporary } from './uploads.js';

/** The Jira label that marks a request created with a dedupe key. */
export function dedupeLabel(key: string): string {
  return 'dedupe_' + createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** A customer request: fields checked first, attachments as temporary files, CCs as participants. */
export async function createTicket(st: JsmState, input: CreateInput): Promise<Ticket> {
  const desk = await st.desk();
  const rt = await st.requestType(input.category);
  const meta = await st.fieldsOf(rt.id);
  const defs = meta.requestTypeFields ?? [];
  // Checked before anything is sent.
  const attachmentDef = defs.find((d) => d.fieldId === 'attachment');
  if (attachmentDef?.required && !input.attachments.length) {
    throw new ValidationError(msg('err.jsm.needsAttachment', { name: rt.name }), { hint: msg('err.jsm.needsAttachment.hint') });
  }
  checkLabels(input.tags);
  if (input.cc.length && meta.canAddRequestParticipants === false) {
    throw new ValidationError(msg('err.jsm.noCc', { name: rt.name }), { hint: msg('err.leaveOutCc.hint') });
  }
  const values: Record<string, unknown> = { summary: input.subject, description: input.body, ...encodeValues(input.fields, defs) };
  // The priority is sent where the request type has a priority field; otherwise the service desk
  // sets it and asking for another one is refused (docs/jsm.md).
  const priority = priorityValue(defs, PRIORITY_TO[input.priority]);
  if (priority) values.priority = priority;
  else if (input.priority !== 'normal') {
    throw new ValidationError(msg('err.jsm.noPriority', { name: rt.name }), { hint: msg('err.jsm.noPriority.hint') });
  }
  // --requester: raiseOnBehalfOf takes an account id (Cloud) or a user name (Data Center).
  if (input.requester?.email && meta.canRaiseOnBehalfOf === false) {
    throw new ValidationError(msg('req.onBehalf.jsmType', { type: rt.name }), { hint: msg('req.onBehalf.hint') });
  }
  const onBehalf = input.requester?.email ? await accountIdsFor(st, [input.requester.email]) : [];
  const participants = input.cc.length ? await accountIdsFor(st, input.cc) : [];
  const temp = input.attachments.length ? await uploadTemporary(st, desk.id, input.attachments) : [];
  // A required attachment field takes the temporary ids in the create itself ◐; otherwise they are
  // attached to the new request, the documented path.
  const inCreate = Boolean(attachmentDef?.required);
  if (inCreate) values.attachment = temp;
  const body: Record<string, unknown> = { serviceDeskId: desk.id, requestTypeId: rt.id, requestFieldValues: values };
  if (participants.length) body.requestParticipants = participants;
  if (onBehalf.length) body.raiseOnBehalfOf = onBehalf[0];
  const created = ok(await st.http.request({ method: 'POST', path: 'request', json: body, idempotent: false }), msg('err.what.jsm.create')).json<JsmRequest>();
  const key = created.issueKey;
  if (temp.length && !inCreate) await attachTemporary(st, key, temp, true);
  const labels = [...checkLabels(input.tags), ...(input.dedupeKey ? [dedupeLabel(input.dedupeKey)] : []), ...(input.followUpOf ? [`followup_${input.followUpOf}`] : [])];
  if (labels.length) {
    // Labels need Jira access; for a portal customer the request stays without them.
    await st.viaPlatform(async () => {
      ok(
        await st.http.request({ method: 'PUT', path: st.platform(`issue/${encodeURIComponent(key)}`), json: { update: { labels: labels.map((l) => ({ add: l })) } } }),
        msg('err.what.jsm.label', { id: key }),
      );
      return true;
    });
  }
  try {
    const t = await fetchTicket(st, key);
    if (labels.length) t.tags = (await labelsOf(st, key)) ?? t.tags;
    if (input.followUpOf) t.followUpOf = input.followUpOf;
    return t;
  } catch {
    // The request exists; a failed re-read must not make the caller send it again.
    return toTicket(st, created);
  }
}
