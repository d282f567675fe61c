// A Backend that talks to the fault server through the shared HTTP client: the same policy
// (timeouts, retries, Retry-After, shared pause) as the real HTTP backends.
import type { Backend, BackendCapabilities, BulkItem, BulkItemResult } from '../../src/backends/backend.js';
import type { Comment, CreateInput, ListFilter, ReplyInput, Status, Ticket, TicketChanges, Priority } from '../../src/model.js';
import { ACTIVE_STATUSES } from '../../src/model.js';
import { createHttpClient, ensureOk, type HttpClient, type HttpClientOptions } from '../../src/http/client.js';
import { NotFoundError } from '../../src/errors.js';
import type { StoredTicket } from './fault-server.js';

export interface HttpFakeOptions {
  /** Send Idempotency-Key on creates (the server must have serverIdempotency). */
  idempotentCreate?: boolean;
  /** Offer findByIdempotencyKey (lookup by the marker stored with the ticket). */
  lookup?: boolean;
  native?: boolean;
  maxBulk?: number;
  client?: Partial<HttpClientOptions>;
}

function toTicket(s: Omit<StoredTicket, 'comments'> & { comments?: StoredTicket['comments'] }): Ticket {
  return {
    id: s.id,
    url: null,
    subject: s.subject,
    status: s.status as Status,
    backendStatus: s.status,
    priority: s.priority as Priority,
    type: 'incident',
    category: 'IT',
    requester: { name: null, email: null },
    cc: [],
    tags: s.tags ?? [],
    fields: s.fields as Ticket['fields'],
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...(s.comments ? { comments: s.comments.map((c) => ({ id: c.id, body: c.body, createdAt: c.createdAt, author: { name: null, email: null }, public: true, attachments: [] })) } : {}),
  };
}

export function createHttpFakeBackend(baseUrl: string, opts: HttpFakeOptions = {}): Backend & { http: HttpClient } {
  const http = createHttpClient({ baseUrl, timeoutMs: 5_000, ...opts.client });
  const capabilities: BackendCapabilities = {
    idempotentCreate: Boolean(opts.idempotentCreate),
    bulk: opts.native ? 'native' : 'emulated',
    maxBulk: opts.maxBulk ?? 100,
    subjectMaxLength: 150,
    attachmentMaxBytes: 1e7,
    reopenWindowDays: null,
  };
  const b: Backend & { http: HttpClient } = {
    kind: 'local',
    capabilities,
    http,
    async listCategories() {
      return [{ id: 'IT', name: 'IT', fields: [] }];
    },
    async getCategory(id) {
      return { id, name: id, fields: [] };
    },
    async searchKb() {
      return [];
    },
    async getArticle() {
      throw new NotFoundError('none');
    },
    async createTicket(input: CreateInput) {
      const res = await http.request({
        method: 'POST',
        path: '/tickets',
        json: { subject: input.subject, body: input.body, priority: input.priority, tags: input.tags, idempotencyKey: input.idempotencyKey, dedupeKey: input.dedupeKey },
        headers: opts.idempotentCreate && input.idempotencyKey ? { 'Idempotency-Key': input.idempotencyKey } : {},
      });
      return toTicket(ensureOk(res, 'Create').json<{ ticket: StoredTicket }>().ticket);
    },
    async listTickets(f: ListFilter) {
      const res = await http.request({ method: 'GET', path: '/tickets', query: { ids: f.ids?.join(','), status: f.status?.join(',') } });
      return ensureOk(res, 'List').json<{ tickets: StoredTicket[] }>().tickets.map(toTicket);
    },
    async getTicket(id, o) {
      const res = await http.request({ method: 'GET', path: `/tickets/${id}`, query: { comments: o?.comments ? 1 : undefined } });
      return toTicket(ensureOk(res, `Ticket ${id}`).json<{ ticket: StoredTicket }>().ticket);
    },
    async reply(id, input: ReplyInput): Promise<Comment> {
      const res = await http.request({ method: 'POST', path: `/tickets/${id}/comments`, json: { body: input.body, status: input.status } });
      const c = ensureOk(res, 'Reply').json<{ comment: { id: string; body: string; createdAt: string } }>().comment;
      return { ...c, author: { name: null, email: null }, public: true, attachments: [] };
    },
    async updateTicket(id, changes: TicketChanges) {
      const res = await http.request({ method: 'PUT', path: `/tickets/${id}`, json: changes });
      return toTicket(ensureOk(res, `Update ${id}`).json<{ ticket: StoredTicket }>().ticket);
    },
    async reopen(id, o) {
      if (o.comment) await b.reply(id, { body: o.comment, attachments: [], public: true, status: 'open' });
      else await b.updateTicket(id, { status: 'open' });
      return { ticket: await b.getTicket(id), followUp: false };
    },
    async findByDedupeKey(key, o) {
      const res = await http.request({ method: 'GET', path: '/tickets', query: { dedupeKey: key } });
      const all = ensureOk(res, 'Find').json<{ tickets: StoredTicket[] }>().tickets.map(toTicket);
      return all.find((t) => ACTIVE_STATUSES.includes(t.status)) ?? (o?.includeClosed ? (all[all.length - 1] ?? null) : null);
    },
    async health() {
      return { reachable: true, latencyMs: 1, authenticated: true };
    },
    async whoami() {
      return { name: null, email: null };
    },
    async close() {
      await http.close();
    },
  };
  if (opts.lookup) {
    b.findByIdempotencyKey = async (key: string) => {
      const res = await http.request({ method: 'GET', path: '/tickets', query: { idempotencyKey: key } });
      const t = ensureOk(res, 'Find').json<{ tickets: StoredTicket[] }>().tickets[0];
      return t ? toTicket(t) : null;
    };
  }
  if (opts.native) {
    b.bulkUpdate = async (items: BulkItem[]): Promise<BulkItemResult[]> => {
      const res = await http.request({ method: 'PUT', path: '/tickets/bulk', json: items.map((i) => ({ id: i.id, ...i.changes })) });
      return ensureOk(res, 'Bulk').json<{ results: BulkItemResult[] }>().results;
    };
  }
  return b;
}
