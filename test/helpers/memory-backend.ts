// An in-memory Backend for command unit tests: records every call so a test can assert what was
// (or was not) sent.
import type { Backend, BackendCapabilities, ReopenResult } from '../../src/backends/backend.js';
import type { Article, Category, Comment, CreateInput, ListFilter, ReplyInput, Ticket, TicketChanges } from '../../src/model.js';
import { NotFoundError, ConflictError } from '../../src/errors.js';

export const DMS: Category = {
  id: 'DMS',
  name: 'Dealer management system',
  fields: [
    { key: 'company', label: 'Société', type: 'text', required: false, options: null, pattern: null, maxLength: 100, dependsOn: null },
    { key: 'site', label: 'Établissement', type: 'select', required: true, options: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'], pattern: null, maxLength: null, dependsOn: null },
    { key: 'document_type', label: 'Type de document', type: 'select', required: true, options: ['Commande atelier', 'Commande vente pièces'], pattern: null, maxLength: null, dependsOn: null },
    { key: 'document_number', label: 'Numéro de document', type: 'text', required: true, options: null, pattern: '^[0-9]{4,10}$', maxLength: null, dependsOn: null, hint: '4 to 10 digits' },
  ],
};
export const IT: Category = { id: 'IT', name: 'IT', fields: [] };

export class MemoryBackend implements Backend {
  readonly kind = 'local' as const;
  capabilities: BackendCapabilities = {
    idempotentCreate: true,
    bulk: 'emulated',
    maxBulk: 100,
    subjectMaxLength: 150,
    attachmentMaxBytes: 1024,
    reopenWindowDays: 14,
  };
  tickets = new Map<string, Ticket>();
  calls: { method: string; args: unknown[] }[] = [];
  categories: Category[] = [DMS, IT];
  articles: Article[] = [];
  private next = 1;
  constructor(private now: () => Date = () => new Date('2026-11-23T10:00:00Z')) {}

  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }
  writes(): string[] {
    return this.calls.map((c) => c.method).filter((m) => ['createTicket', 'reply', 'updateTicket', 'reopen'].includes(m));
  }

  seed(partial: Partial<Ticket> = {}): Ticket {
    const id = String(this.next++);
    const t: Ticket = {
      id,
      url: null,
      subject: `Ticket ${id}`,
      status: 'open',
      backendStatus: 'open',
      priority: 'normal',
      type: 'incident',
      category: 'IT',
      requester: { name: 'Jane', email: 'jane@example.com' },
      cc: [],
      tags: [],
      fields: {},
      createdAt: this.now().toISOString(),
      updatedAt: this.now().toISOString(),
      comments: [],
      ...partial,
    };
    if (partial.status && !partial.backendStatus) t.backendStatus = partial.status;
    this.tickets.set(id, t);
    return t;
  }

  async listCategories() {
    this.record('listCategories');
    return this.categories;
  }
  async getCategory(id: string) {
    this.record('getCategory', id);
    const c = this.categories.find((x) => x.id.toLowerCase() === id.toLowerCase());
    if (!c) throw new NotFoundError(`No category ${id}`);
    return c;
  }
  async searchKb(query: string, opts: { limit: number }) {
    this.record('searchKb', query, opts);
    return this.articles.slice(0, opts.limit);
  }
  async getArticle(id: string) {
    const a = this.articles.find((x) => x.id === id);
    if (!a) throw new NotFoundError(`No article ${id}`);
    return a;
  }
  async createTicket(input: CreateInput) {
    this.record('createTicket', input);
    const t = this.seed({
      subject: input.subject,
      status: 'new',
      backendStatus: 'new',
      priority: input.priority,
      type: input.type,
      category: input.category,
      cc: input.cc,
      tags: input.tags,
      fields: input.fields,
      comments: [
        {
          id: 'c1',
          author: { name: 'Jane', email: 'jane@example.com' },
          body: input.body,
          public: true,
          createdAt: this.now().toISOString(),
          attachments: input.attachments.map((a) => ({ name: a.name, size: a.size, url: null })),
        },
      ],
    });
    return t;
  }
  async listTickets(filter: ListFilter) {
    this.record('listTickets', filter);
    let all = [...this.tickets.values()].reverse();
    if (filter.status) all = all.filter((t) => filter.status!.includes(t.status));
    return filter.limit ? all.slice(0, filter.limit) : all;
  }
  async getTicket(id: string, opts?: { comments?: boolean }) {
    this.record('getTicket', id, opts);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Ticket ${id} not found.`, { hint: 'Check the id (`ticket list`).' });
    return structuredClone(opts?.comments === false ? { ...t, comments: undefined } : t);
  }
  async reply(id: string, input: ReplyInput): Promise<Comment> {
    this.record('reply', id, input);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Ticket ${id} not found.`);
    const c: Comment = {
      id: `c${(t.comments?.length ?? 0) + 1}`,
      author: { name: 'Jane', email: 'jane@example.com' },
      body: input.body,
      public: input.public,
      createdAt: this.now().toISOString(),
      attachments: input.attachments.map((a) => ({ name: a.name, size: a.size, url: null })),
    };
    t.comments = [...(t.comments ?? []), c];
    if (input.status) t.status = t.backendStatus = input.status;
    return c;
  }
  async updateTicket(id: string, changes: TicketChanges) {
    this.record('updateTicket', id, changes);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Ticket ${id} not found.`);
    if (changes.status) t.status = t.backendStatus = changes.status as never;
    if (changes.priority) t.priority = changes.priority;
    if (changes.fields) t.fields = { ...t.fields, ...changes.fields };
    if (changes.subject) t.subject = changes.subject;
    if (changes.addCc) t.cc = [...new Set([...t.cc, ...changes.addCc])];
    if (changes.removeCc) t.cc = t.cc.filter((x) => !changes.removeCc!.includes(x));
    return structuredClone(t);
  }
  async reopen(id: string, opts: { comment?: string | null }): Promise<ReopenResult> {
    this.record('reopen', id, opts);
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`Ticket ${id} not found.`);
    if (t.status !== 'solved' && t.status !== 'closed') throw new ConflictError(`Ticket ${id} is ${t.status}; nothing to reopen.`);
    if (t.status === 'closed') {
      const f = this.seed({ subject: t.subject, category: t.category, followUpOf: id, status: 'new', backendStatus: 'new' });
      return { ticket: f, followUp: true };
    }
    t.status = t.backendStatus = 'open' as never;
    return { ticket: structuredClone(t), followUp: false };
  }
  async findByDedupeKey(key: string) {
    this.record('findByDedupeKey', key);
    for (const c of this.calls) {
      if (c.method === 'createTicket' && (c.args[0] as CreateInput).dedupeKey === key) {
        const t = [...this.tickets.values()].find((x) => x.subject === (c.args[0] as CreateInput).subject);
        if (t && !['solved', 'closed'].includes(t.status)) return t;
      }
    }
    return null;
  }
  async health() {
    return { reachable: true, latencyMs: 0, authenticated: true };
  }
  async whoami() {
    return { name: 'Jane', email: 'jane@example.com' };
  }
}
