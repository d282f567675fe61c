// Customer requests, comments and users → the normalized model.
//
// Statuses come from the status category of the request's current status (NEW / INDETERMINATE /
// DONE), never from the transition that led there; within a category the status name refines it
// (reference: backends.md, status mapping): "Waiting for customer" → pending, "Pending", "On hold",
// "third party" → on-hold, DONE named "Closed"/"Cancel…" → closed. `backendStatus` keeps the name.
import type { Attachment, Comment, FieldValue, Person, Priority, Status, Ticket } from '../../model.js';
import type { JsmAttachment, JsmComment, JsmDate, JsmRequest, JsmUser } from './types.js';

const WAITING_FOR_CUSTOMER = /waiting (for|on) (the )?(customer|reporter|requester)|awaiting (customer|reply)/i;
const ON_HOLD = /\bpending\b|on[ -]hold|third[ -]party|waiting (for|on) (vendor|supplier|partner|third)/i;
const CLOSED = /clos|cancel|reject|declin|won'?t/i;

/** Jira's platform API says the category as a key (`new`, `indeterminate`, `done`); servicedeskapi in capitals. */
export function normCategory(c: string | null | undefined): 'NEW' | 'INDETERMINATE' | 'DONE' | 'UNDEFINED' {
  const k = String(c ?? '').toUpperCase();
  if (k === 'NEW' || k === 'TO DO' || k === 'TODO') return 'NEW';
  if (k === 'DONE' || k === 'COMPLETE') return 'DONE';
  if (k === 'INDETERMINATE' || k === 'IN PROGRESS') return 'INDETERMINATE';
  return 'UNDEFINED';
}

export function mapStatus(name: string, category: string | null | undefined): Status {
  const cat = normCategory(category);
  if (cat === 'NEW') return 'new';
  if (cat === 'DONE') return CLOSED.test(name) ? 'closed' : 'solved';
  if (WAITING_FOR_CUSTOMER.test(name)) return 'pending';
  if (ON_HOLD.test(name)) return 'on-hold';
  return 'open';
}

/** Jira's default priority scheme. Other schemes are matched by these names where they exist. */
export const PRIORITY_FROM: Record<string, Priority> = {
  highest: 'urgent',
  blocker: 'urgent',
  critical: 'urgent',
  high: 'high',
  major: 'high',
  medium: 'normal',
  normal: 'normal',
  low: 'low',
  minor: 'low',
  lowest: 'low',
  trivial: 'low',
};

export const PRIORITY_TO: Record<Priority, string[]> = {
  urgent: ['Highest', 'Critical', 'Blocker'],
  high: ['High', 'Major'],
  normal: ['Medium', 'Normal'],
  low: ['Low', 'Minor', 'Lowest'],
};

export function mapPriority(v: unknown): Priority {
  const name = v && typeof v === 'object' ? (v as { name?: string }).name : typeof v === 'string' ? v : null;
  return (name && PRIORITY_FROM[name.toLowerCase()]) || 'normal';
}

/** `2026-11-23T10:00:00.000+0100` or epochMillis → `2026-11-23T09:00:00Z`. */
export function utc(d: JsmDate | string | null | undefined): string {
  if (!d) return new Date(0).toISOString().replace(/\.000Z$/, 'Z');
  let ms: number;
  if (typeof d === 'string') ms = Date.parse(d.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  else if (typeof d.epochMillis === 'number') ms = d.epochMillis;
  else ms = Date.parse(String(d.iso8601 ?? d.jira ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  if (Number.isNaN(ms)) ms = 0;
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

export function person(u: JsmUser | null | undefined): Person {
  return { name: u?.displayName ?? u?.name ?? null, email: u?.emailAddress ?? null };
}

/** Participants come as a page (expand=participant) or a list, depending on the endpoint. */
export function participants(r: JsmRequest): JsmUser[] {
  const p = r.requestParticipants ?? r.participants;
  if (!p) return [];
  return Array.isArray(p) ? p : (p.values ?? []);
}

export function fieldValue(r: JsmRequest, fieldId: string): unknown {
  return r.requestFieldValues?.find((f) => f.fieldId === fieldId)?.value;
}

export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  // An ADF document (isAdfRequest): join the text nodes, one line per block.
  if (typeof v === 'object' && (v as { type?: string }).type === 'doc') return adfText(v);
  return String(v);
}

function adfText(node: unknown): string {
  const n = node as { type?: string; text?: string; content?: unknown[] };
  if (n.type === 'text') return n.text ?? '';
  const inner = (n.content ?? []).map(adfText);
  return n.type === 'doc' ? inner.join('\n') : inner.join('');
}

export interface MapCtx {
  /** Normalized field values, decoded with the request type's field definitions. */
  fields: Record<string, FieldValue>;
  origin: string;
}

export function requestUrl(origin: string, r: JsmRequest): string {
  return r._links?.web ?? `${origin}/servicedesk/customer/portal/${r.serviceDeskId ?? ''}/${r.issueKey}`;
}

export function mapRequest(r: JsmRequest, ctx: MapCtx): Ticket {
  const name = r.currentStatus?.status ?? '';
  const created = utc(r.createdDate);
  const statusAt = r.currentStatus?.statusDate ? utc(r.currentStatus.statusDate) : created;
  const labels = fieldValue(r, 'labels');
  return {
    id: r.issueKey,
    url: requestUrl(ctx.origin, r),
    subject: text(fieldValue(r, 'summary')),
    status: mapStatus(name, r.currentStatus?.statusCategory),
    backendStatus: name,
    priority: mapPriority(fieldValue(r, 'priority')),
    type: null,
    category: r.requestTypeId ? String(r.requestTypeId) : null,
    requester: person(r.reporter),
    cc: participants(r)
      .map((u) => u.emailAddress)
      .filter((e): e is string => Boolean(e)),
    tags: Array.isArray(labels) ? labels.map(String) : [],
    fields: ctx.fields,
    createdAt: created,
    updatedAt: statusAt > created ? statusAt : created,
  };
}

export function mapAttachment(a: JsmAttachment): Attachment {
  return { name: a.filename, size: a.size ?? 0, url: a._links?.content ?? null };
}

export function mapComment(c: JsmComment): Comment {
  return {
    id: String(c.id),
    author: person(c.author),
    body: c.body ?? '',
    public: c.public !== false,
    createdAt: utc(c.created),
    attachments: (c.attachments?.values ?? []).map(mapAttachment),
  };
}

/** The request's description as the first message of the conversation, as the portal shows it. */
export function descriptionComment(r: JsmRequest, attachments: Attachment[]): Comment {
  return {
    id: `${r.issueKey}-description`,
    author: person(r.reporter),
    body: text(fieldValue(r, 'description')),
    public: true,
    createdAt: utc(r.createdDate),
    attachments,
  };
}
