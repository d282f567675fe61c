// Freshdesk tickets and conversations → the normalized model.
//
// Statuses: 2 Open → open, 3 Pending → pending, 4 Resolved → solved, 5 Closed → closed; custom
// statuses (≥ 6, e.g. "Waiting on third party") → on-hold, with their label as backendStatus.
// Priorities: 1 Low, 2 Medium (normal), 3 High, 4 Urgent.
import type { Comment, Person, Priority, Status, Ticket, TicketType } from '../../model.js';
import { htmlToText } from '../shared/html.js';
import { decodeValues } from './fields.js';
import { parseAddress } from '../../util/address.js';
import { toUtcIso } from '../../util/time.js';

export const STATUS_LABELS: Record<number, string> = { 2: 'Open', 3: 'Pending', 4: 'Resolved', 5: 'Closed' };
const STATUS_FROM: Record<number, Status> = { 2: 'open', 3: 'pending', 4: 'solved', 5: 'closed' };
export const STATUS_TO: Partial<Record<Status, number>> = { new: 2, open: 2, pending: 3, solved: 4, closed: 5 };
export const PRIORITY_TO: Record<Priority, number> = { low: 1, normal: 2, high: 3, urgent: 4 };
const PRIORITY_FROM: Record<number, Priority> = { 1: 'low', 2: 'normal', 3: 'high', 4: 'urgent' };
/** When the category is not the type field, the type carries incident/question/feature. */
export const TYPE_TO: Record<TicketType, string> = { incident: 'Incident', question: 'Question', feature: 'Feature Request' };
const TYPE_FROM: Record<string, TicketType> = { incident: 'incident', problem: 'incident', question: 'question', 'feature request': 'feature', feature: 'feature' };

export interface FdAttachment {
  name: string;
  /** Documented as `size`; some answers carry `file_size` instead. */
  size?: number;
  file_size?: number;
  attachment_url?: string | null;
}

export interface FdTicket {
  id: number;
  subject: string;
  description?: string | null;
  description_text?: string | null;
  status: number;
  priority: number;
  type: string | null;
  requester_id?: number;
  requester?: { name?: string | null; email?: string | null } | null;
  cc_emails?: string[];
  tags?: string[];
  custom_fields?: Record<string, unknown>;
  attachments?: FdAttachment[];
  created_at: string;
  updated_at: string;
}

export interface FdConversation {
  id: number;
  body?: string | null;
  body_text?: string | null;
  private?: boolean;
  incoming?: boolean;
  user_id?: number;
  from_email?: string | null;
  attachments?: FdAttachment[];
  created_at: string;
}

/** The requester as Freshdesk embeds it (`include=requester`); an e-mail may come as "Name <email>". */
function requesterOf(t: FdTicket): Person {
  const p = parseAddress(t.requester?.email);
  return { name: t.requester?.name ?? p.name, email: p.email };
}

export function mapStatus(n: number): Status {
  return STATUS_FROM[n] ?? (n >= 6 ? 'on-hold' : 'open');
}

/** The marker tag of a follow-up ticket: `followup_<id>`. */
export const FOLLOWUP_TAG = 'followup_';

export function mapTicket(t: FdTicket, ctx: { origin: string; statusLabels: Map<number, string>; categoryField: string | null }): Ticket {
  const cf = ctx.categoryField;
  const category = cf ? ((t.custom_fields?.[cf] as string | null | undefined) ?? null) : (t.type ?? null);
  const type = cf && t.type ? (TYPE_FROM[t.type.toLowerCase()] ?? null) : t.type ? (TYPE_FROM[t.type.toLowerCase()] ?? null) : null;
  const ticket: Ticket = {
    id: String(t.id),
    url: `${ctx.origin}/helpdesk/tickets/${t.id}`,
    subject: t.subject ?? '',
    status: mapStatus(t.status),
    backendStatus: ctx.statusLabels.get(t.status) ?? STATUS_LABELS[t.status] ?? String(t.status),
    priority: PRIORITY_FROM[t.priority] ?? 'normal',
    type,
    category,
    requester: requesterOf(t),
    cc: (t.cc_emails ?? []).map((e) => parseAddress(e).email).filter((e): e is string => Boolean(e)),
    tags: t.tags ?? [],
    fields: decodeValues(t.custom_fields),
    createdAt: toUtcIso(t.created_at),
    updatedAt: toUtcIso(t.updated_at),
  };
  const follow = ticket.tags.find((x) => x.startsWith(FOLLOWUP_TAG));
  if (follow) ticket.followUpOf = follow.slice(FOLLOWUP_TAG.length);
  return ticket;
}

const attachments = (list: FdAttachment[] | undefined) =>
  (list ?? []).map((a) => ({ name: a.name, size: Number(a.size ?? a.file_size ?? 0), url: a.attachment_url ?? null }));

/** The description is the first message of the conversation. */
export async function descriptionComment(t: FdTicket): Promise<Comment> {
  return {
    id: `${t.id}-description`,
    author: requesterOf(t),
    body: t.description ? await htmlToText(t.description) : (t.description_text ?? ''),
    public: true,
    createdAt: toUtcIso(t.created_at),
    attachments: attachments(t.attachments),
  };
}

export async function mapConversation(c: FdConversation): Promise<Comment> {
  return {
    id: String(c.id),
    author: parseAddress(c.from_email),
    body: c.body ? await htmlToText(c.body) : (c.body_text ?? ''),
    public: !c.private,
    createdAt: toUtcIso(c.created_at),
    attachments: attachments(c.attachments),
  };
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Freshdesk bodies are HTML: escape the text and keep its line breaks. */
export function textToHtml(s: string): string {
  return esc(s).replace(/\r?\n/g, '<br>');
}
