// An in-memory Backend with fault injection, for bulk, ci-failure and the outbox (MemoryBackend in
// memory-backend.ts records calls for command tests; this one breaks on demand):
// an operation can fail before it is applied (nothing happened) or after (the connection broke
// once the server had done the work).
import type { Backend, BackendCapabilities, BulkItem, BulkItemResult, WriteCapabilities } from '../../src/backends/backend.js';
import type { Category, Comment, CreateInput, ListFilter, ReplyInput, Status, Ticket, TicketChanges } from '../../src/model.js';
import { ACTIVE_STATUSES, STATUSES } from '../../src/model.js';
import { NotFoundError, UnavailableError } from '../../src/errors.js';

export type Op = 'create' | 'reply' | 'update' | 'get' | 'list' | 'find' | 'reopen' | 'bulk';
export interface Fault {
  op: Op;
  /** before: nothing was done, sent=false; after: done, then the connection broke (sent=true). */
  when: 'before' | 'after';
  times?: number;
}

export interface FakeOptions {
  idempotentCreate?: boolean;
  lookup?: boolean;
  bulk?: 'native' | 'emulated';
  maxBulk?: number;
}

export class FakeBackend implements Backend {
  readonly kind = 'local' as const;
  capabilities: BackendCapabilities;
  tickets = new Map<string, Ticket & { comments: Comment[]; dedupeKey?: string | null; idempotencyKey?: string | null }>();
  calls: { op: Op; id?: string; args?: unknown }[] = [];
  faults: Fault[] = [];
  private seq = 0;
  private cseq = 0;
  findByIdempotencyKey?: (key: string) => Promise<Ticket | null>;
  bulkUpdate?: (items: BulkItem[]) => Promise<BulkItemResult[]>;

  constructor(opts: FakeOptions = {}) {
    this.capabilities = {
      idempotentCreate: opts.idempotentCreate ?? false,
      bulk: opts.bulk ?? 'emulated',
      maxBulk: opts.maxBulk ?? 100,
      subjectMaxLength: 150,
      attachmentMaxBytes: 10_000_000,
      reopenWindowDays: null,
    };
    if (opts.lookup) {
      this.findByIdempotencyKey = async (key) => {
        await this.fault('find', 'before');
        return [...this.tickets.values()].find((t) => t.idempotencyKey === key) ?? null;
      };
    }
    if (opts.bulk === 'native') {
      this.bulkUpdate = async (items) => {
        await this.fault('bulk', 'before');
        this.calls.push({ op: 'bulk', args: items.map((i) => i.id) });
        const out = items.map((it) => {
          const t = this.tickets.get(it.id);
          if (!t) return { id: it.id, ok: false, error: { code: 'not_found', message: `No ticket ${it.id}` } };
          this.apply(t, it.changes);
          if (it.comment) t.comments.push(this.comment(it.comment));
          return { id: it.id, ok: true };
        });
        await this.fault('bulk', 'after');
        return out;
      };
    }
  }

  private async fault(op: Op, when: 'before' | 'after'): Promise<void> {
    const f = this.faults.find((x) => x.op === op && x.when === when && (x.times ?? 1) > 0);
    if (!f) return;
    f.times = (f.times ?? 1) - 1;
    throw new UnavailableError(`Cannot reach the fake backend (${op} ${when}).`, { data: { sent: when === 'after' } });
  }

  private comment(body: string): Comment {
    return { id: String(++this.cseq), author: { name: 'me', email: null }, body, public: true, createdAt: new Date().toISOString(), attachments: [] };
  }

  /** Ids whose status the backend silently keeps (answers OK, changes nothing). */
  keepStatus = new Set<string>();
  /** Statuses writeCapabilities() declares settable (default: all). */
  settable: Status[] = [...STATUSES];

  async writeCapabilities(): Promise<WriteCapabilities> {
    return { statuses: this.settable.map((s) => ({ status: s, backendStatus: s })), types: ['incident', 'question', 'feature'], cc: true, internalNotes: true, reopenWindowDays: null, solve: 'always' };
  }

  private apply(t: Ticket, c: TicketChanges): void {
    if (c.status && !this.keepStatus.has(t.id)) t.status = c.status;
    if (c.priority) t.priority = c.priority;
    if (c.fields) t.fields = { ...t.fields, ...c.fields };
    t.updatedAt = new Date().toISOString();
  }

  seed(n: number, status: Status = 'open', extra: Partial<Ticket> = {}): string[] {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const id = String(++this.seq);
      this.tickets.set(id, this.blank(id, { status, ...extra }));
      ids.push(id);
    }
    return ids;
  }

  private blank(id: string, extra: Partial<Ticket>): Ticket & { comments: Comment[] } {
    const now = new Date().toISOString();
    return {
      id,
      url: null,
      subject: `Ticket ${id}`,
      status: 'open',
      backendStatus: 'open',
      priority: 'normal',
      type: 'incident',
      category: 'IT',
      requester: { name: 'me', email: 'me@example.com' },
      cc: [],
      tags: [],
      fields: {},
      createdAt: now,
      updatedAt: now,
      comments: [],
      ...extra,
    };
  }

  private view(t: Ticket & { comments: Comment[] }, comments = false): Ticket {
    const { comments: cs, ...rest } = t;
    const copy = structuredClone(rest) as Ticket & { dedupeKey?: unknown; idempotencyKey?: unknown };
    delete copy.dedupeKey;
    delete copy.idempotencyKey;
    return comments ? { ...copy, comments: structuredClone(cs) } : copy;
  }

  async listCategories(): Promise<Category[]> {
    return [
      { id: 'IT', name: 'IT', fields: [] },
      { id: 'DMS', name: 'DMS', fields: [{ key: 'site', label: 'Site', type: 'select', required: false, options: ['Paris', 'Lyon'], pattern: null, maxLength: null, dependsOn: null }] },
    ];
  }
  async getCategory(id: string): Promise<Category> {
    return (await this.listCategories()).find((c) => c.id === id) ?? { id, name: id, fields: [] };
  }
  async searchKb() {
    return [];
  }
  async getArticle(): Promise<never> {
    throw new NotFoundError('no kb');
  }
  async createTicket(input: CreateInput): Promise<Ticket> {
    await this.fault('create', 'before');
    this.calls.push({ op: 'create', args: input });
    if (this.capabilities.idempotentCreate && input.idempotencyKey) {
      const prior = [...this.tickets.values()].find((t) => t.idempotencyKey === input.idempotencyKey);
      if (prior) return this.view(prior);
    }
    const id = String(++this.seq);
    const t = {
      ...this.blank(id, { subject: input.subject, category: input.category, priority: input.priority, status: 'new', type: input.type, fields: { ...input.fields }, cc: [...input.cc], tags: [...input.tags] }),
      dedupeKey: input.dedupeKey ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
    };
    t.comments.push(this.comment(input.body));
    this.tickets.set(id, t);
    await this.fault('create', 'after');
    return this.view(t);
  }
  async listTickets(filter: ListFilter): Promise<Ticket[]> {
    await this.fault('list', 'before');
    this.calls.push({ op: 'list', args: filter });
    let all = [...this.tickets.values()];
    if (filter.status) all = all.filter((t) => filter.status!.includes(t.status));
    if (filter.ids) all = all.filter((t) => filter.ids!.includes(t.id));
    if (filter.category) all = all.filter((t) => t.category === filter.category);
    return (filter.limit ? all.slice(0, filter.limit) : all).map((t) => this.view(t));
  }
  async getTicket(id: string, opts?: { comments?: boolean }): Promise<Ticket> {
    await this.fault('get', 'before');
    this.calls.push({ op: 'get', id });
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`No ticket ${id}.`);
    return this.view(t, opts?.comments);
  }
  async reply(id: string, input: ReplyInput): Promise<Comment> {
    await this.fault('reply', 'before');
    this.calls.push({ op: 'reply', id, args: input.body });
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`No ticket ${id}.`);
    const c = this.comment(input.body);
    t.comments.push(c);
    if (input.status && !this.keepStatus.has(t.id)) t.status = input.status;
    await this.fault('reply', 'after');
    return c;
  }
  async updateTicket(id: string, changes: TicketChanges): Promise<Ticket> {
    await this.fault('update', 'before');
    this.calls.push({ op: 'update', id, args: changes });
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`No ticket ${id}.`);
    this.apply(t, changes);
    await this.fault('update', 'after');
    return this.view(t);
  }
  async reopen(id: string, opts: { comment?: string | null }) {
    await this.fault('reopen', 'before');
    this.calls.push({ op: 'reopen', id });
    const t = this.tickets.get(id);
    if (!t) throw new NotFoundError(`No ticket ${id}.`);
    t.status = 'open';
    if (opts.comment) t.comments.push(this.comment(opts.comment));
    return { ticket: this.view(t), followUp: false };
  }
  async findByDedupeKey(key: string, opts?: { includeClosed?: boolean }): Promise<Ticket | null> {
    await this.fault('find', 'before');
    this.calls.push({ op: 'find', args: key });
    const all = [...this.tickets.values()].filter((t) => t.dedupeKey === key);
    const active = all.filter((t) => ACTIVE_STATUSES.includes(t.status));
    const pick = active[0] ?? (opts?.includeClosed ? all.sort((a, b) => Number(b.id) - Number(a.id))[0] : undefined);
    return pick ? this.view(pick) : null;
  }
  async health() {
    return { reachable: true, latencyMs: 1, authenticated: true };
  }
  async whoami() {
    return { name: 'me', email: 'me@example.com' };
  }
  count(op: Op): number {
    return this.calls.filter((c) => c.op === op).length;
  }
}
