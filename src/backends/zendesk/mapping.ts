// Zendesk tickets, requests, comments and users → the normalized model.
//
// Types: problem and incident → incident; question → question; task → feature (a "task" is the
// closest Zendesk has to a feature proposal), and feature is sent as task.
import type { Comment, Person, Priority, Status, Ticket, TicketType } from '../../model.js';
import { isPriority } from '../../model.js';
import type { ZendeskMode } from './api.js';
import { decodeValues, type FieldCatalog } from './fields.js';
import { htmlToText } from '../shared/html.js';
import { toUtcIso } from '../../util/time.js';

export const STATUS_FROM_ZENDESK: Record<string, Status> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  hold: 'on-hold',
  solved: 'solved',
  closed: 'closed',
};

export const STATUS_TO_ZENDESK: Record<Status, string> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  'on-hold': 'hold',
  solved: 'solved',
  closed: 'closed',
};

export const TYPE_FROM_ZENDESK: Record<string, TicketType> = {
  problem: 'incident',
  incident: 'incident',
  question: 'question',
  task: 'feature',
};

export const TYPE_TO_ZENDESK: Record<TicketType, string> = {
  incident: 'incident',
  question: 'question',
  feature: 'task',
};

export interface ZdUser {
  id: number | null;
  name?: string | null;
  email?: string | null;
  role?: string;
}

export interface ZdAttachment {
  file_name: string;
  size: number;
  content_url?: string | null;
}

export interface ZdComment {
  id: number;
  type?: string;
  author_id: number;
  body?: string | null;
  html_body?: string | null;
  plain_body?: string | null;
  public?: boolean;
  attachments?: ZdAttachment[];
  created_at: string;
}

/** A ticket (Tickets API) or a request (Requests API): the fields both share. */
export interface ZdTicket {
  id: number;
  subject: string | null;
  raw_subject?: string | null;
  description?: string | null;
  status: string;
  priority: string | null;
  type: string | null;
  requester_id: number | null;
  collaborator_ids?: number[];
  email_cc_ids?: number[];
  tags?: string[];
  custom_fields?: { id: number; value: unknown }[];
  ticket_form_id?: number | null;
  external_id?: string | null;
  created_at: string;
  updated_at: string;
  via?: { channel?: string; source?: { rel?: string | null; from?: { ticket_id?: number; id?: number } } };
  followup_source_id?: number | null;
  custom_status_id?: number | null;
}

export type UserMap = Map<number, ZdUser>;

export function userMap(users: ZdUser[] | undefined, into: UserMap = new Map()): UserMap {
  for (const u of users ?? []) if (u.id !== null && u.id !== undefined) into.set(u.id, u);
  return into;
}

export function person(users: UserMap, id: number | null | undefined): Person {
  const u = id === null || id === undefined ? undefined : users.get(id);
  return { name: u?.name ?? null, email: u?.email ?? null };
}

export function mapStatus(s: string): Status {
  return STATUS_FROM_ZENDESK[s] ?? 'open';
}

export function mapPriority(p: string | null): Priority {
  return p && isPriority(p) ? p : 'normal';
}

export function ticketUrl(origin: string, id: number | string, mode: ZendeskMode): string {
  return mode === 'end-user' ? `${origin}/hc/requests/${id}` : `${origin}/agent/tickets/${id}`;
}

export function followUpSource(t: ZdTicket): string | undefined {
  if (t.followup_source_id) return String(t.followup_source_id);
  const src = t.via?.source;
  if (src?.rel === 'follow_up') {
    const from = src.from?.ticket_id ?? src.from?.id;
    if (from) return String(from);
  }
  return undefined;
}

export function mapTicket(t: ZdTicket, ctx: { users: UserMap; catalog: FieldCatalog; origin: string; mode: ZendeskMode }): Ticket {
  const ccIds = [...new Set([...(t.email_cc_ids ?? []), ...(t.collaborator_ids ?? [])])];
  const cc = ccIds.map((id) => ctx.users.get(id)?.email).filter((e): e is string => Boolean(e));
  const ticket: Ticket = {
    id: String(t.id),
    url: ticketUrl(ctx.origin, t.id, ctx.mode),
    subject: t.subject ?? t.raw_subject ?? '',
    status: mapStatus(t.status),
    backendStatus: t.status,
    priority: mapPriority(t.priority),
    type: t.type ? (TYPE_FROM_ZENDESK[t.type] ?? null) : null,
    category: t.ticket_form_id ? String(t.ticket_form_id) : null,
    requester: person(ctx.users, t.requester_id),
    cc,
    tags: t.tags ?? [],
    fields: decodeValues(t.custom_fields, ctx.catalog),
    createdAt: toUtcIso(t.created_at),
    updatedAt: toUtcIso(t.updated_at),
  };
  const from = followUpSource(t);
  if (from) ticket.followUpOf = from;
  return ticket;
}

/**
 * Zendesk's `body` is its own text rendering of the comment (for an API comment, exactly the text that
 * was sent, which the outbox compares when it reconciles a reply); `html_body` is rendered with
 * html-to-text only when there is no `body`.
 */
export async function mapComment(c: ZdComment, users: UserMap): Promise<Comment> {
  const body = c.body ?? c.plain_body ?? (c.html_body ? await htmlToText(c.html_body) : '');
  return {
    id: String(c.id),
    author: person(users, c.author_id),
    body,
    public: c.public !== false,
    createdAt: toUtcIso(c.created_at),
    attachments: (c.attachments ?? []).map((a) => ({ name: a.file_name, size: a.size, url: a.content_url ?? null })),
  };
}
