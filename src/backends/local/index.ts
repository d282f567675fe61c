import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, BackendCapabilities, ReopenResult, WriteCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import {
  ACTIVE_STATUSES,
  isPriority,
  isStatus,
  isTicketType,
  type Article,
  type Attachment,
  type AttachmentInput,
  type Category,
  type Comment,
  type CreateInput,
  type HealthReport,
  type ListFilter,
  type Person,
  type ReplyInput,
  type Status,
  type StatusDef,
  type Ticket,
  type TicketChanges,
} from '../../model.js';
import { ConfigError, ConflictError, NotFoundError, ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { translator } from '../../i18n/messages.js';
import { resolveCategory } from '../../forms/validate.js';
import { ATTACHMENT_MAX_BYTES, checkAttachments, copyAttachments } from './attachments.js';
import { localWriteCapabilities } from './capabilities.js';
import { defaultCategories, expandPath, formsFilePath, loadForms, type FormsFile } from './forms.js';
import { LocalStore, isTicketId, type IndexEntry, type TicketRecord } from './store.js';
import { normId } from './layout.js';
import { listTickets, newer } from './list.js';
import { dedupeEmails, osUser, samePerson } from './people.js';
import { statusName, vocabEntry } from '../../forms/statuses.js';

export const SUBJECT_MAX = 150;
export { ATTACHMENT_MAX_BYTES };
const DAY_MS = 86_400_000;
const CLOSED: readonly Status[] = ['solved', 'closed'];

export function createLocalBackend(bc: BackendContext): Backend {
  return new LocalBackend(bc);
}

class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly capabilities: BackendCapabilities;
  readonly staleFilter = 'native' as const;
  readonly root: string;
  private readonly store: LocalStore;
  private forms: Promise<FormsFile> | null = null;
  private kb: Promise<import('../../kb/engine.js').KnowledgeBase> | null = null;

  constructor(private readonly bc: BackendContext) {
    this.root = join(bc.paths.data, 'local');
    this.store = new LocalStore(this.root, {}, { warn: bc.warn && ((m) => bc.warn!(translator(bc.lang)(m))) });
    const days = bc.profile.reopenWindowDays;
    this.capabilities = {
      idempotentCreate: true,
      bulk: 'emulated',
      maxBulk: 100,
      subjectMaxLength: SUBJECT_MAX,
      attachmentMaxBytes: ATTACHMENT_MAX_BYTES,
      reopenWindowDays: typeof days === 'number' && Number.isFinite(days) && days >= 0 ? days : 14,
    };
  }

  async writeCapabilities(): Promise<WriteCapabilities> {
    return localWriteCapabilities(this.capabilities.reopenWindowDays, await this.statusVocabulary());
  }

  private nowIso(): string {
    return this.bc.now().toISOString();
  }

  private me(): Person {
    const p = this.bc.profile;
    return { name: p.name || (p.email ? null : osUser(this.bc.env)), email: p.email || null };
  }

  // ---- categories ---------------------------------------------------------------------------

  private formsFile(): Promise<FormsFile> {
    this.forms ??= (async () => {
      const where = formsFilePath(this.bc.profile.formsFile, this.bc.paths.config);
      return where ? loadForms(where.path) : { categories: defaultCategories(), statuses: null };
    })();
    return this.forms;
  }

  async listCategories(): Promise<Category[]> {
    return (await this.formsFile()).categories;
  }

  /** The forms file's `statuses:` (docs/forms.md), or null: then the normalized statuses are stored as they are. */
  async statusVocabulary(): Promise<StatusDef[] | null> {
    return (await this.formsFile()).statuses;
  }

  async getCategory(id: string): Promise<Category> {
    return resolveCategory(await this.listCategories(), id);
  }

  // ---- knowledge base -----------------------------------------------------------------------

  private knowledgeBase() {
    this.kb ??= (async () => {
      const { KnowledgeBase, shippedKbDir } = await import('../../kb/engine.js');
      const configured = this.bc.profile.kbDir;
      let dir: string;
      if (configured) {
        dir = expandPath(configured, this.bc.paths.config);
        if (!existsSync(dir) || !statSync(dir).isDirectory()) {
          throw new ConfigError(msg('err.local.kbMissing', { dir }), {
            hint: msg('err.kb.folder.hint'),
          });
        }
      } else dir = shippedKbDir();
      return KnowledgeBase.open({ dir, cacheDir: join(this.bc.paths.state, 'kb-cache'), urls: configured ? 'file' : null });
    })();
    return this.kb;
  }

  async searchKb(query: string, opts: { category?: string | null; limit: number; lang?: string | null }): Promise<Article[]> {
    const kb = await this.knowledgeBase();
    return kb.search(query, { category: opts.category ?? null, lang: opts.lang ?? this.bc.lang ?? null, limit: opts.limit });
  }

  async getArticle(id: string): Promise<Article> {
    return (await this.knowledgeBase()).get(id);
  }

  // ---- tickets --------------------------------------------------------------------------------

  private notFound(id: string): NotFoundError {
    return new NotFoundError(msg('err.local.notFound', { id }), {
      hint: msg('err.local.notFound.hint'),
      data: { id },
    });
  }

  private readOrThrow(id: string): TicketRecord {
    const rec = isTicketId(id) ? this.store.readRecord(id) : null;
    if (!rec) throw this.notFound(id);
    return rec;
  }

  private checkSubject(subject: string): string {
    const s = subject.replace(/\s+/g, ' ').trim();
    if (!s) throw new ValidationError(msg('err.subject.empty'), { hint: msg('err.subject.empty.hint') });
    if (s.length > SUBJECT_MAX) {
      throw new ValidationError(msg('err.subject.tooLong', { length: s.length, max: SUBJECT_MAX }), {
        hint: msg('err.subject.tooLong.hint'),
        data: { length: s.length, limit: SUBJECT_MAX },
      });
    }
    return s;
  }

  private publicTicket(rec: TicketRecord, comments = true): Ticket {
    if (comments) return rec.ticket;
    const { comments: _c, ...t } = rec.ticket;
    void _c;
    return t as Ticket;
  }

  async createTicket(input: CreateInput): Promise<Ticket> {
    const category = await this.getCategory(input.category);
    const vocab = await this.statusVocabulary();
    const subject = this.checkSubject(input.subject);
    if (!isPriority(input.priority)) throw new ValidationError(msg('err.unknownPriority', { value: String(input.priority) }), { hint: msg('err.unknownPriority.hint') });
    if (input.type !== null && input.type !== undefined && !isTicketType(input.type)) {
      throw new ValidationError(msg('err.unknownType', { value: String(input.type) }), { hint: msg('err.unknownType.hint') });
    }
    const ik = input.idempotencyKey || null;
    if (ik) {
      const prior = this.idempotent(ik);
      if (prior) return prior;
    }
    checkAttachments(input.attachments ?? []);
    const requester = input.requester && (input.requester.name || input.requester.email) ? input.requester : this.me();
    const rec = await this.store.transact((tx) => {
      if (ik) {
        const prior = tx.findIdempotent(ik);
        if (prior) return prior;
      }
      return tx.create((id) => {
        const now = this.nowIso();
        const comment: Comment = {
          id: '1',
          author: requester,
          body: input.body ?? '',
          public: true,
          createdAt: now,
          attachments: copyAttachments(this.store.attachmentsDir, id, '1', input.attachments ?? []),
        };
        const ticket: Ticket = {
          id,
          url: null,
          subject,
          status: 'new',
          backendStatus: statusName(vocab, 'new'),
          priority: input.priority,
          type: input.type ?? null,
          category: category.id,
          requester: { name: requester.name ?? null, email: requester.email ?? null },
          cc: dedupeEmails(input.cc ?? []),
          tags: [...new Set(input.tags ?? [])],
          fields: { ...(input.fields ?? {}) },
          createdAt: now,
          updatedAt: now,
          comments: [comment],
        };
        if (input.followUpOf) ticket.followUpOf = String(input.followUpOf);
        return {
          v: 1,
          ticket,
          meta: { rev: 1, closedAt: null, idempotencyKey: ik, dedupeKey: input.dedupeKey || null, nextComment: 2 },
        };
      });
    });
    return this.publicTicket(rec);
  }

  private idempotent(key: string): Ticket | null {
    const id = this.store.idFromKey(key);
    const rec = id ? this.store.readRecord(id) : null;
    return rec ? this.publicTicket(rec) : null;
  }

  async findByIdempotencyKey(key: string): Promise<Ticket | null> {
    return this.idempotent(key);
  }

  async findByDedupeKey(key: string, opts: { includeClosed?: boolean } = {}): Promise<Ticket | null> {
    let best: IndexEntry | null = null;
    for (const e of (await this.store.listEntries()).values()) {
      if (e.x.dk !== key) continue;
      if (!opts.includeClosed && !ACTIVE_STATUSES.includes(e.t.status)) continue;
      if (!best || newer(e.t, best.t, 'created')) best = e;
    }
    return best ? best.t : null;
  }

  async getTicket(id: string, opts: { comments?: boolean } = {}): Promise<Ticket> {
    return this.publicTicket(this.readOrThrow(normId(id)), opts.comments !== false);
  }

  async listTickets(filter: ListFilter): Promise<Ticket[]> {
    return listTickets(this.store, filter, await this.listCategories(), this.me());
  }

  private setStatus(rec: TicketRecord, status: Status, vocab: StatusDef[] | null, name?: string): void {
    const t = rec.ticket;
    const wasClosed = CLOSED.includes(t.status);
    const nowClosed = CLOSED.includes(status);
    if (nowClosed && !wasClosed) rec.meta.closedAt = this.nowIso();
    if (!nowClosed) rec.meta.closedAt = null;
    t.status = status;
    t.backendStatus = name ?? statusName(vocab, status);
  }

  private addComment(rec: TicketRecord, body: string, isPublic: boolean, files: AttachmentInput[], author = this.me()): Comment {
    const id = String(rec.meta.nextComment++);
    const c: Comment = {
      id,
      author,
      body,
      public: isPublic,
      createdAt: this.nowIso(),
      attachments: copyAttachments(this.store.attachmentsDir, rec.ticket.id, id, files),
    };
    (rec.ticket.comments ??= []).push(c);
    rec.ticket.updatedAt = c.createdAt;
    return c;
  }

  async reply(id: string, input: ReplyInput): Promise<Comment> {
    const tid = normId(id);
    if (input.status !== undefined && !isStatus(input.status)) throw new ValidationError(msg('err.unknownStatus', { value: String(input.status) }));
    checkAttachments(input.attachments ?? []);
    const me = this.me();
    const vocab = await this.statusVocabulary();
    return this.store.transact((tx) => {
      const rec = tx.read(tid);
      if (!rec) throw this.notFound(tid);
      const c = this.addComment(rec, input.body, input.public !== false, input.attachments ?? [], me);
      if (input.status) this.setStatus(rec, input.status, vocab);
      else if (c.public && ['pending', 'solved', 'closed'].includes(rec.ticket.status) && samePerson(me, rec.ticket.requester)) {
        this.setStatus(rec, 'open', vocab);
      }
      tx.save(rec);
      return c;
    });
  }

  async updateTicket(id: string, changes: TicketChanges): Promise<Ticket> {
    const tid = normId(id);
    if (changes.status !== undefined && !isStatus(changes.status)) throw new ValidationError(msg('err.unknownStatus', { value: String(changes.status) }));
    if (changes.priority !== undefined && !isPriority(changes.priority)) throw new ValidationError(msg('err.unknownPriority', { value: String(changes.priority) }));
    const subject = changes.subject !== undefined ? this.checkSubject(changes.subject) : undefined;
    const vocab = await this.statusVocabulary();
    const def = changes.backendStatus !== undefined ? vocabEntry(vocab, changes.backendStatus, changes.status) : undefined;
    const rec = await this.store.transact((tx) => {
      const rec = tx.read(tid);
      if (!rec) throw this.notFound(tid);
      const t = rec.ticket;
      const before = JSON.stringify(t);
      if (def) {
        if (def.name !== t.backendStatus || def.status !== t.status) this.setStatus(rec, def.status, vocab, def.name);
      } else if (changes.status && changes.status !== t.status) this.setStatus(rec, changes.status, vocab);
      if (changes.priority) t.priority = changes.priority;
      if (subject !== undefined) t.subject = subject;
      if (changes.fields) {
        for (const [k, v] of Object.entries(changes.fields)) {
          if (v === null || v === undefined || v === '') delete t.fields[k];
          else t.fields[k] = v;
        }
      }
      if (changes.addCc?.length) t.cc = dedupeEmails([...t.cc, ...changes.addCc]);
      if (changes.removeCc?.length) {
        const rm = new Set(changes.removeCc.map((e) => e.toLowerCase()));
        t.cc = t.cc.filter((e) => !rm.has(e.toLowerCase()));
      }
      if (changes.tags) t.tags = [...new Set(changes.tags)];
      if (JSON.stringify(t) !== before) {
        t.updatedAt = this.nowIso();
        tx.save(rec);
      }
      return rec;
    });
    return this.publicTicket(rec);
  }

  async reopen(id: string, opts: { comment?: string | null } = {}): Promise<ReopenResult> {
    const tid = normId(id);
    const windowDays = this.capabilities.reopenWindowDays ?? 14;
    const me = this.me();
    const vocab = await this.statusVocabulary();
    return this.store.transact((tx) => {
      const old = tx.read(tid);
      if (!old) throw this.notFound(tid);
      const t = old.ticket;
      if (!CLOSED.includes(t.status)) {
        throw new ConflictError(msg('err.local.nothingToReopen', { id: tid, status: t.status }), {
          hint: msg('err.local.nothingToReopen.hint', { id: tid }),
          data: { id: tid, status: t.status },
        });
      }
      const closedAt = Date.parse(old.meta.closedAt ?? t.updatedAt);
      const now = this.bc.now().getTime();
      if (windowDays > 0 && now - closedAt <= windowDays * DAY_MS) {
        if (opts.comment) this.addComment(old, opts.comment, true, [], me);
        this.setStatus(old, 'open', vocab);
        t.updatedAt = this.nowIso();
        tx.save(old);
        return { ticket: this.publicTicket(old), followUp: false };
      }
      // Past the window: a new ticket linked to the old one, and a pointer on the old one.
      // Written into the tickets, in the user's language.
      const say = translator(this.bc.lang);
      const day = new Date(closedAt).toISOString().slice(0, 10);
      let subject = say('cmd.followUp.subject', { id: tid, subject: t.subject });
      if (subject.length > SUBJECT_MAX) subject = subject.slice(0, SUBJECT_MAX - 1) + '…';
      const body = say('cmd.followUp.body', { id: tid, subject: t.subject, day, days: windowDays }) + (opts.comment ? `\n\n${opts.comment}` : '');
      const created = tx.create((nid) => {
        const nowIso = this.nowIso();
        const ticket: Ticket = {
          id: nid,
          url: null,
          subject,
          status: 'new',
          backendStatus: statusName(vocab, 'new'),
          priority: t.priority,
          type: t.type,
          category: t.category,
          requester: { ...t.requester },
          cc: [...t.cc],
          tags: [...t.tags],
          fields: { ...t.fields },
          createdAt: nowIso,
          updatedAt: nowIso,
          comments: [{ id: '1', author: me, body, public: true, createdAt: nowIso, attachments: [] }],
          followUpOf: tid,
        };
        return { v: 1, ticket, meta: { rev: 1, closedAt: null, idempotencyKey: null, dedupeKey: null, nextComment: 2 } };
      });
      this.addComment(old, say('cmd.followUp.opened', { id: created.ticket.id }), true, [], me);
      tx.save(old);
      return { ticket: this.publicTicket(created), followUp: true };
    });
  }

  async countTickets(filter: ListFilter): Promise<number> {
    return (await this.listTickets({ ...filter, limit: 0 })).length;
  }

  async openAttachment(ticketId: string, a: Attachment) {
    const { openLocalAttachment } = await import('./download.js');
    this.readOrThrow(normId(ticketId));
    return openLocalAttachment(this.store.attachmentsDir, ticketId, a);
  }

  async health(): Promise<HealthReport> {
    const start = performance.now();
    try {
      mkdirSync(this.root, { recursive: true, mode: 0o700 });
      accessSync(this.root, constants.R_OK | constants.W_OK);
      this.store.readState();
    } catch (e) {
      return {
        reachable: false,
        latencyMs: null,
        authenticated: null,
        message: translator(this.bc.lang)(msg('err.local.unusable', { root: this.root, message: (e as Error).message })),
      };
    }
    return {
      reachable: true,
      latencyMs: Math.round((performance.now() - start) * 10) / 10,
      authenticated: true,
      user: this.me(),
      serverDate: this.nowIso(),
      rateLimit: null,
      message: `local store at ${this.root}`,
    };
  }

  async whoami(): Promise<Person> {
    return this.me();
  }

  async close(): Promise<void> {
    const kb = this.kb;
    this.kb = null;
    if (kb) (await kb.catch(() => null))?.close();
  }
}
