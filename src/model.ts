// The normalized model every backend maps to. Its JSON shapes are the public contract (`ticket
// schema` publishes them, src/schema/json.ts): changing a name here is a breaking change.

export const STATUSES = ['new', 'open', 'pending', 'on-hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const TICKET_TYPES = ['incident', 'question', 'feature'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export const FIELD_TYPES = ['text', 'textarea', 'select', 'multiselect', 'checkbox', 'number', 'date'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/**
 * One status of a portal's own vocabulary (a forms file's `statuses:`, docs/forms.md): the word the
 * portal uses (stored, and shown as `backendStatus`), the normalized status it means, and what to
 * call it in each language. The first entry of a normalized status is its default, unless another
 * one says `default: true`.
 */
export interface StatusDef {
  name: string;
  status: Status;
  /** Per language (en, fr, ro): the label tables show; the name when a language has none. */
  labels: Record<string, string>;
  default: boolean;
}

/** Statuses in which a ticket still needs work: used for "open ticket with this dedupe key". */
export const ACTIVE_STATUSES: readonly Status[] = ['new', 'open', 'pending', 'on-hold'];

export interface Person {
  name: string | null;
  email: string | null;
}

export interface Attachment {
  name: string;
  size: number;
  url: string | null;
}

export interface Comment {
  id: string;
  author: Person;
  body: string;
  public: boolean;
  createdAt: string;
  attachments: Attachment[];
}

export type FieldValue = string | number | boolean | string[];

export interface Ticket {
  id: string;
  url: string | null;
  subject: string;
  status: Status;
  /** The backend's own label for the status ("stalled", "En cours", "Waiting on customer"). */
  backendStatus: string;
  priority: Priority;
  type: TicketType | null;
  category: string | null;
  requester: Person;
  cc: string[];
  tags: string[];
  fields: Record<string, FieldValue>;
  createdAt: string;
  updatedAt: string;
  /** Only in `show`. */
  comments?: Comment[];
  /** Set when this ticket was opened as the follow-up of a closed one. */
  followUpOf?: string;
}

/** When a field appears: only when another field has one of the given values. */
export interface FieldCondition {
  field: string;
  values: string[];
}

export interface Field {
  key: string;
  label: string;
  type: FieldType;
  required: boolean;
  options: string[] | null;
  pattern: string | null;
  maxLength: number | null;
  dependsOn: FieldCondition | null;
  /** Optional help shown next to the prompt. */
  hint?: string | null;
  /**
   * For dependent selects (RT BasedOn, Freshdesk nested fields): options per value of the parent
   * field. When present, `options` is the union and the valid set is `optionsByParent[parentValue]`.
   */
  optionsByParent?: Record<string, string[]> | null;
}

export interface CheckCommand {
  name: string;
  program: string;
  args: string[];
  timeoutMs: number;
  expectExit?: number;
  expectOutput?: string | null;
}

export interface Category {
  id: string;
  name: string;
  description?: string | null;
  fields: Field[];
  /** Per-category diagnostics declared in the forms file. */
  checks?: CheckCommand[];
  /**
   * The category's words in other languages (forms files, the default forms). `name`, `description`
   * and the fields' `label`, `hint` and `options` stay the base wording and the stored values.
   */
  translations?: CategoryTranslations | null;
}

/** A text in several languages: language code (en, fr, ro) → text. */
export type Localized = Partial<Record<string, string>>;

export interface CategoryTranslations {
  name?: Localized;
  description?: Localized;
  /** By field key. */
  fields?: Record<string, FieldTranslations>;
  /** By check name: how `ticket doctor` and the wizard name the check (reports keep the name). */
  checks?: Record<string, Localized>;
}

export interface FieldTranslations {
  label?: Localized;
  hint?: Localized;
  /** By option value: how the option is shown (the stored value stays the option itself). */
  options?: Record<string, Localized>;
}

export interface Article {
  id: string;
  title: string;
  snippet: string;
  url: string | null;
  locale: string | null;
  score?: number;
  /** Plain text or Markdown body; only in `kb show`. */
  body?: string;
  /** 'markdown' | 'html' | 'text', so the terminal renderer knows what to do. */
  format?: 'markdown' | 'html' | 'text';
}

export interface AttachmentInput {
  path: string;
  name: string;
  size: number;
  contentType: string;
}

export interface CreateInput {
  category: string;
  subject: string;
  body: string;
  priority: Priority;
  type: TicketType | null;
  fields: Record<string, FieldValue>;
  attachments: AttachmentInput[];
  cc: string[];
  tags: string[];
  requester?: Person | null;
  /** Stable across retries of one logical create (outbox, idempotency). */
  idempotencyKey?: string | null;
  dedupeKey?: string | null;
  followUpOf?: string | null;
}

export interface TicketChanges {
  status?: Status;
  /** One status of the backend's vocabulary (its name), with `status` its normalized status. */
  backendStatus?: string;
  priority?: Priority;
  fields?: Record<string, FieldValue>;
  addCc?: string[];
  removeCc?: string[];
  tags?: string[];
  subject?: string;
}

export interface ReplyInput {
  body: string;
  attachments: AttachmentInput[];
  public: boolean;
  /** Status to set with the reply (RT correspond with Status, Zendesk comment + status). */
  status?: Status;
}

export interface ListFilter {
  status?: Status[];
  category?: string;
  requester?: string;
  mine?: boolean;
  since?: string; // ISO date-time
  search?: string;
  limit: number; // 0 = all
  sort: 'created' | 'updated';
  query?: string; // backend-native
  ids?: string[];
  /**
   * Statuses of the backend's vocabulary (names): a ticket in one of them matches as well as one
   * whose normalized status is in `status` (the two lists are one OR).
   */
  backendStatus?: string[];
  /**
   * ISO date-time: only tickets, not solved or closed, with no public word from support (a comment
   * by someone other than the requester) since then (`list --stale`, backends/shared/stale.ts).
   */
  staleBefore?: string;
}

export interface HealthReport {
  reachable: boolean;
  latencyMs: number | null;
  authenticated: boolean | null;
  user?: Person | null;
  serverDate?: string | null;
  rateLimit?: { limit: number | null; remaining: number | null } | null;
  message?: string | null;
}

export function isStatus(s: string): s is Status {
  return (STATUSES as readonly string[]).includes(s);
}
export function isPriority(s: string): s is Priority {
  return (PRIORITIES as readonly string[]).includes(s);
}
export function isTicketType(s: string): s is TicketType {
  return (TICKET_TYPES as readonly string[]).includes(s);
}
