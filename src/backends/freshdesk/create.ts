// Creating Freshdesk tickets: JSON, or multipart/form-data when there are attachments. Freshdesk has
// no idempotency key, so the key (and the dedupe key) travel as tags, and a create whose answer was
// lost is looked up by that tag before anyone sends it again.
import { createHash } from 'node:crypto';
import type { CreateInput, FieldValue, Ticket } from '../../model.js';
import { TicketError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { ok } from './api.js';
import { encodeValues } from './fields.js';
import { FOLLOWUP_TAG, PRIORITY_TO, textToHtml, TYPE_TO, type FdTicket } from './mapping.js';
import type { FdState } from './state.js';
import { findByTag, toTicket } from './tickets.js';
import { payload } from './payload.js';

export { payload } from './payload.js';

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 24);
export const idemTag = (key: string) => `idem_${hash(key)}`;
export const dedupeTag = (key: string) => `dedupe_${hash(key)}`;

export async function categoryValue(st: FdState, category: string): Promise<string | null> {
  if (!category || category === 'default') return null;
  const cats = await st.categories();
  const hit = cats.find((c) => c.id === category) ?? cats.find((c) => c.id.toLowerCase() === category.toLowerCase());
  if (!hit) {
    throw new ValidationError(msg('err.unknownCategory', { category }), { hint: msg('err.validCategories.hint', { list: cats.map((c) => c.id).join(', ') }) });
  }
  return hit.id === 'default' ? null : hit.id;
}

export async function createTicket(st: FdState, input: CreateInput): Promise<Ticket> {
  const fields = await st.fields();
  const cat = await categoryValue(st, input.category);
  const custom: Record<string, FieldValue> = encodeValues(input.fields, fields);
  const data: Record<string, unknown> = {
    subject: input.subject,
    description: textToHtml(input.body),
    status: 2,
    priority: PRIORITY_TO[input.priority],
  };
  let email = input.requester?.email ?? null;
  if (!email) email = (await st.me()).contact?.email ?? null;
  if (email) data.email = email;
  if (input.requester?.name) data.name = input.requester.name;
  if (st.categoryField) {
    if (cat) custom[st.categoryField] = cat;
    if (input.type) data.type = TYPE_TO[input.type];
  } else if (cat) data.type = cat;
  if (Object.keys(custom).length) data.custom_fields = custom;
  if (input.cc.length) data.cc_emails = input.cc;
  const tags = [...input.tags];
  if (input.idempotencyKey) tags.push(idemTag(input.idempotencyKey));
  if (input.dedupeKey) tags.push(dedupeTag(input.dedupeKey));
  if (input.followUpOf) tags.push(FOLLOWUP_TAG + input.followUpOf);
  if (tags.length) data.tags = [...new Set(tags)];
  const req = await payload(data, input.attachments);
  let res;
  try {
    res = await st.http.request({ method: 'POST', path: 'tickets', ...req, idempotent: false });
  } catch (e) {
    // The request may have reached Freshdesk before the connection failed: look before anyone re-sends.
    if (e instanceof TicketError && e.code === 'unavailable' && e.data?.sent !== false && input.idempotencyKey) {
      const found = await findByTag(st, idemTag(input.idempotencyKey), true).catch(() => null);
      if (found) return found;
    }
    throw e;
  }
  const created = ok(res, msg('err.what.create', { backend: 'Freshdesk' })).json<FdTicket>();
  if (!created.requester && email) created.requester = { name: input.requester?.name ?? null, email };
  return toTicket(st, created);
}
