import type { Readable } from 'node:stream';
import { msg, type Msg } from '../i18n/msg.js';
import type {
  Article,
  Attachment,
  Category,
  Comment,
  CreateInput,
  HealthReport,
  ListFilter,
  Person,
  ReplyInput,
  Status,
  StatusDef,
  Ticket,
  TicketChanges,
  TicketType,
} from '../model.js';

export type BackendKind = 'local' | 'rt' | 'zendesk' | 'freshdesk' | 'jsm';
export const BACKEND_KINDS: readonly BackendKind[] = ['local', 'rt', 'zendesk', 'freshdesk', 'jsm'];
/** How messages name each backend. */
export const BACKEND_NAMES: Record<BackendKind, string> = {
  local: 'The local backend',
  rt: 'RT',
  zendesk: 'Zendesk',
  freshdesk: 'Freshdesk',
  jsm: 'Jira Service Management',
};

/** The same, as text for a catalogue message (the local backend's name is said in the user's language). */
export function backendName(kind: BackendKind): string | Msg {
  return kind === 'local' ? msg('err.backend.localName') : BACKEND_NAMES[kind];
}

export interface BackendCapabilities {
  /** The backend deduplicates creates server-side (Zendesk Idempotency-Key). */
  idempotentCreate: boolean;
  /** How `bulk` changes status: one native request, an async job, or one request per ticket. */
  bulk: 'native' | 'job' | 'emulated';
  /** Maximum tickets per native bulk request. */
  maxBulk: number;
  /** Longest subject the backend accepts. */
  subjectMaxLength: number;
  /** Largest single attachment, in bytes. */
  attachmentMaxBytes: number;
  /** Days after close during which `reopen` reactivates; null = always (RT), 0 = never. */
  reopenWindowDays: number | null;
}

/**
 * What a write can set on this backend, discovered from the server where it can be (RT lifecycles
 * and queue custom fields, Zendesk custom statuses and ticket types, Freshdesk statuses and
 * ticket_fields). A request outside it is refused before anything is sent (exit 2), naming what is
 * possible; `ticket doctor --json` shows it.
 */
export interface WriteCapabilities {
  /** Normalized statuses a write may set, each with the backend's own status it becomes. */
  statuses: { status: Status; backendStatus: string }[];
  /** Ticket types the backend stores; empty when it has none (then `--type` is refused). */
  types: TicketType[];
  /** Where the types depend on the category (RT: the queues with a TicketType field). */
  typesByCategory?: Record<string, TicketType[]>;
  /** CC recipients can be set on create / added on update. */
  cc: boolean;
  /**
   * `create --requester EMAIL` can file on behalf of someone else (Zendesk agents' requester, Freshdesk
   * email, RT Requestor, JSM raiseOnBehalfOf, local: anyone). Absent = no: the signed-in user files.
   */
  onBehalf?: boolean;
  /** Tags can be set (default true; RT has none). */
  tags?: boolean;
  /** Internal (non-public) notes can be added. */
  internalNotes: boolean;
  /** Days after close during which `reopen` reactivates; null = always, 0 = never. */
  reopenWindowDays: number | null;
  /** 'per-ticket': the backend decides ticket by ticket whether this user may solve (Zendesk end users). */
  solve: 'always' | 'per-ticket';
  /** Free-text notes on the mapping, for doctor and docs. */
  notes?: string[];
}

export interface ReopenResult {
  ticket: Ticket;
  /** True when the ticket could not be reactivated and a linked follow-up was created instead. */
  followUp: boolean;
}

export interface BulkItem {
  id: string;
  changes: TicketChanges;
  comment?: string | null;
}

export interface BulkItemResult {
  id: string;
  ok: boolean;
  /** code 'not-applied': the backend took the request but the ticket does not show it (see `ticket`). */
  error?: { code: string; message: string } | null;
  /** The ticket as the backend now has it, when its answer carries it or the adapter read it back (RT does); else the caller reads it back. */
  ticket?: Ticket | null;
}

/**
 * One adapter per backend kind. Every method speaks the normalized model; a backend maps its own
 * statuses and priorities and keeps its own label in `backendStatus`.
 *
 * Writes are honest: createTicket, updateTicket and reopen return the ticket as the backend now has
 * it — from its answer, or one read-back where the answer does not carry it — never the request
 * merged into the old state. The caller compares it with what was asked (operations/verify.ts).
 *
 * Errors are TicketErrors: NotFoundError for an unknown id, AuthError for bad credentials,
 * UnavailableError when the server cannot be reached, ValidationError when the backend refuses a value.
 */
export interface Backend {
  readonly kind: BackendKind;
  readonly capabilities: BackendCapabilities;
  /** 'native': listTickets applies ListFilter.staleBefore itself; otherwise operations/stale.ts does it after listing. */
  readonly staleFilter?: 'native';

  listCategories(): Promise<Category[]>;
  /** One category with its full field schema. */
  getCategory(id: string): Promise<Category>;

  searchKb(query: string, opts: { category?: string | null; limit: number; lang?: string | null }): Promise<Article[]>;
  getArticle(id: string): Promise<Article>;

  createTicket(input: CreateInput): Promise<Ticket>;
  listTickets(filter: ListFilter): Promise<Ticket[]>;
  /** How many tickets match (the limit ignored), for "Showing 30 of 143"; null when unknown. */
  countTickets?(filter: ListFilter): Promise<number | null>;
  getTicket(id: string, opts?: { comments?: boolean }): Promise<Ticket>;
  reply(id: string, input: ReplyInput): Promise<Comment>;
  updateTicket(id: string, changes: TicketChanges): Promise<Ticket>;
  /** Reactivate a solved/closed ticket, or open a linked follow-up when the backend's window is over. */
  reopen(id: string, opts: { comment?: string | null }): Promise<ReopenResult>;

  /** The open ticket created with this dedupe key (`create --dedupe-key`, ci-failure), if any. */
  findByDedupeKey(key: string, opts?: { includeClosed?: boolean }): Promise<Ticket | null>;
  /** The ticket created with this idempotency key, if any (outbox reconciliation for backends without server idempotency). */
  findByIdempotencyKey?(key: string): Promise<Ticket | null>;

  /** Native bulk status/priority change. Only when capabilities.bulk !== 'emulated'. */
  bulkUpdate?(items: BulkItem[]): Promise<BulkItemResult[]>;

  /**
   * What writes can set here (statuses, types, CC, notes, reopen window). `scope: 'create'` asks only
   * for what a create needs (types, CC, tags), so a backend may skip status discovery.
   */
  writeCapabilities?(opts?: { scope?: 'create' | 'all' }): Promise<WriteCapabilities>;

  /**
   * The portal's own statuses (a forms file's `statuses:`), when it declares them: `--status` then
   * takes their labels, tables show them in the user's language. Null or absent: none.
   */
  statusVocabulary?(): Promise<StatusDef[] | null>;

  /** Reachability, latency, auth, server clock and rate-limit headroom. */
  health(): Promise<HealthReport>;
  whoami(): Promise<Person>;

  /**
   * A stream of one attachment's bytes, fetched through the backend's API with the profile's
   * credentials (`ticket download`). The body is streamed: it never sits whole in memory.
   */
  openAttachment?(ticketId: string, attachment: Attachment): Promise<AttachmentStream>;

  /** Release sockets, locks and caches. */
  close?(): Promise<void>;
}

/** An attachment's bytes as they arrive, and its length when the server says it. */
export interface AttachmentStream {
  stream: Readable;
  size: number | null;
}

/** Map of normalized status → what a backend calls it, for translations of filters. */
export type StatusMap = Record<Status, string[]>;
