// Creating Zendesk tickets (agent: POST /tickets) and requests (end user: POST /requests), with
// uploads, CCs, custom fields, tags, the dedupe marker and the Idempotency-Key header.
import { msg } from '../../i18n/msg.js';
import type { CreateInput, Ticket } from '../../model.js';
import { isUploadRefusal, ok } from './api.js';
import { encodeValues } from './fields.js';
import { TYPE_TO_ZENDESK, type ZdTicket } from './mapping.js';
import type { ZdState } from './state.js';
import { fetchTicket, mapWithUsers } from './tickets.js';
import { dedupeMarker, uploadAll } from './uploads.js';
import { formIdFor } from './forms.js';

export { dedupeMarker, uploadAll, uploadTimeoutMs } from './uploads.js';
export { formIdFor } from './forms.js';


function ticketBody(st: ZdState, input: CreateInput, formId: number | null, customFields: unknown[], tokens: string[]): Record<string, unknown> {
  const comment: Record<string, unknown> = { body: input.body };
  if (tokens.length) comment.uploads = tokens;
  const t: Record<string, unknown> = { subject: input.subject, comment };
  if (formId !== null) t.ticket_form_id = formId;
  if (customFields.length) t.custom_fields = customFields;
  if (input.followUpOf) t.via_followup_source_id = Number(input.followUpOf);
  if (st.mode === 'end-user') {
    if (input.cc.length) t.collaborators = input.cc;
    if (input.priority !== 'normal') t.priority = input.priority;
    if (input.type) t.type = TYPE_TO_ZENDESK[input.type];
    return { request: t };
  }
  t.priority = input.priority;
  if (input.type) t.type = TYPE_TO_ZENDESK[input.type];
  if (input.requester?.email) t.requester = { name: input.requester.name ?? input.requester.email, email: input.requester.email };
  if (input.cc.length) t.email_ccs = input.cc.map((e) => ({ user_email: e, action: 'put' }));
  const tags = [...input.tags];
  if (input.dedupeKey) {
    const marker = dedupeMarker(input.dedupeKey);
    tags.push(marker);
    t.external_id = marker;
  }
  if (tags.length) t.tags = tags;
  return { ticket: t };
}

export async function createTicket(st: ZdState, input: CreateInput): Promise<Ticket> {
  const catalog = await st.catalog();
  const formId = await formIdFor(st, input.category);
  const customFields = encodeValues(input.fields, catalog);
  const path = st.mode === 'end-user' ? 'requests' : 'tickets';
  let tokens = await uploadAll(st, input.attachments);
  let key = input.idempotencyKey ?? null;
  for (let attempt = 0; ; attempt++) {
    const headers: Record<string, string> = {};
    if (key) headers['idempotency-key'] = key;
    const res = await st.http.request({
      method: 'POST',
      path,
      json: ticketBody(st, input, formId, customFields, tokens),
      headers,
      // With an Idempotency-Key Zendesk answers a replay with the first result: safe to re-send.
      idempotent: Boolean(key),
    });
    if (attempt === 0 && tokens.length && isUploadRefusal(res)) {
      // Upload tokens live 60 minutes (and a queued create may be older): upload again, once.
      // The payload changes, so the retry carries its own, still deterministic, key.
      st.bc.debug?.('  upload token refused; uploading the attachments again');
      tokens = await uploadAll(st, input.attachments);
      if (key) key = `${key}:reupload`;
      continue;
    }
    const body = ok(res, msg('err.what.create', { backend: 'Zendesk' })).json<{ ticket?: ZdTicket; request?: ZdTicket }>();
    const created = (body.ticket ?? body.request)!;
    try {
      return await fetchTicket(st, String(created.id));
    } catch {
      // The ticket exists; a failed re-read must not make the caller send it again.
      return mapWithUsers(st, created, []);
    }
  }
}

