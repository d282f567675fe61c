import { accessSync, closeSync, constants, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Backend, BackendCapabilities, ReopenResult, WriteCapabilities } from '../backend.js';
import type { BackendContext } from '../context.js';
import {
  ACTIVE_STATUSES,
  STATUSES,
  TICKET_TYPES,
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
  type Ticket,
  type TicketChanges,
} from '../../model.js';
import { ConfigError, ConflictError, NotFoundError, UsageError, ValidationError } from '../../errors.js';
import { fsyncDir } from '../../store/atomic.js';
import { resolveCategory } from '../../forms/validate.js';
import { fold } from '../../util/text.js';
import { defaultCategories, expandPath, formsFilePath, loadFormsFile } from './forms.js';
import { LocalStore, isTicketId, type IndexEntry, type TicketRecord } from './store.js';
import { parseLocalQuery, type LocalQuery } from './query.js';

export const SUBJECT_MAX = 150;
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
const DAY_MS = 86_400_000;
const CLOSED: readonly Status[] = ['solved', 'closed'];

export function createLocalBackend(bc: BackendContext): Backend {
  return new LocalBackend(bc);
}

function osUser(env: Record<string, string | undefined>): string {
  const fromEnv = env.USER || env.LOGNAME || env.USERNAME;
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'user';
  }
}

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const n = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/]/g, '_').trim();
  return n === '' || n === '.' || n === '..' ? 'attachment' : n.slice(0, 200);
}

function normId(id: string): string {
  return String(id).trim().replace(/^#/, '');
}

class LocalBackend implements Backend {
  readonly kind = 'local' as const;
  readonly capabilities: BackendCapabilities;
  readonly root: string;
  private readonly store: LocalStore;
  private categories: Promise<Category[]> | null = null;
  private kb: Promise<import('../../kb/engine.js').KnowledgeBase> | null = null;

  constructor(private readonly bc: BackendContext) {
    this.root = join(bc.paths.data, 'local');
    this.store = new LocalStore(this.root);
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

  /** Every normalized status and type is stored as asked. */
  async writeCapabilities(): Promise<WriteCapabilities> {
    return {
      statuses: STATUSES.map((status) => ({ status, backendStatus: status })),
      types: [...TICKET_TYPES],
      cc: true,
      internalNotes: true,
      reopenWindowDays: this.capabilities.reopenWindowDays,
      solve: 'always',
    };
  }

  private nowIso(): string {
    return this.bc.now().toISOString();
  }

  private me(): Person {
    const p = this.bc.profile;
    return { name: p.name || (p.email ? null : osUser(this.bc.env)), email: p.email || null };
  }

  // ---- categories ---------------------------------------------------------------------------

  listCategories(): Promise<Category[]> {
    this.categories ??= (async () => {
      const where = formsFilePath(this.bc.profile.formsFile, this.bc.paths.config);
      return where ? loadFormsFile(where.path) : defaultCategories();
    })();
    return this.categories;
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
          throw new ConfigError(`The knowledge-base folder ${dir} does not exist.`, {
            hint: 'Fix it with `ticket config set kbDir PATH`, or unset kbDir to use the built-in articles.',
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
    return new NotFoundError(`Ticket ${id} not found.`, {
      hint: 'List tickets with `ticket list` (ids are whole numbers).',
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
    if (!s) throw new ValidationError('The subject is empty.', { hint: 'Give a short summary with --subject.' });
    if (s.length > SUBJECT_MAX) {
      throw new ValidationError(`The subject is ${s.length} characters long; the limit is ${SUBJECT_MAX}.`, {
        hint: 'Keep the title short and put the details in the body.',
        data: { length: s.length, limit: SUBJECT_MAX },
      });
    }
    return s;
  }

  private checkAttachments(files: AttachmentInput[]): void {
    for (const a of files) {
      let st;
      try {
        st = statSync(a.path);
      } catch {
        throw new ValidationError(`Attachment ${a.path} does not exist or cannot be read.`, { hint: 'Check the path given to --attach.' });
      }
      if (!st.isFile()) throw new ValidationError(`Attachment ${a.path} is not a regular file.`, { hint: 'Attach files, not directories.' });
      if (st.size > ATTACHMENT_MAX_BYTES) {
        throw new ValidationError(`Attachment ${a.path} is ${st.size} bytes; the limit is ${ATTACHMENT_MAX_BYTES} (20 MiB).`, {
          hint: 'Compress it or attach a smaller excerpt.',
        });
      }
    }
  }

  /** Copy files into attachments/<ticket>/<comment>/: temp name, fsync, rename. */
  private copyAttachments(ticketId: string, commentId: string, files: AttachmentInput[]): Attachment[] {
    if (files.length === 0) return [];
    const dir = join(this.store.attachmentsDir, ticketId, commentId);
    rmSync(dir, { recursive: true, force: true }); // leftovers of a writer killed mid-copy
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const used = new Set<string>();
    const out: Attachment[] = [];
    for (const a of files) {
      let name = safeName(a.name || a.path);
      if (used.has(name.toLowerCase())) {
        const dot = name.lastIndexOf('.');
        const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
        let i = 2;
        while (used.has(`${stem} (${i})${ext}`.toLowerCase())) i++;
        name = `${stem} (${i})${ext}`;
      }
      used.add(name.toLowerCase());
      const final = join(dir, name);
      const tmp = join(dir, `.${name}.tmp`);
      copyFileSync(a.path, tmp);
      const fd = openSync(tmp, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, final);
      out.push({ name, size: statSync(final).size, url: pathToFileURL(final).href });
    }
    fsyncDir(dir);
    return out;
  }

  private publicTicket(rec: TicketRecord, comments = true): Ticket {
    if (comments) return rec.ticket;
    const { comments: _c, ...t } = rec.ticket;
    void _c;
    return t as Ticket;
  }

  async createTicket(input: CreateInput): Promise<Ticket> {
    const category = await this.getCategory(input.category);
    const subject = this.checkSubject(input.subject);
    if (!isPriority(input.priority)) throw new ValidationError(`Unknown priority "${input.priority}".`, { hint: 'Use low, normal, high or urgent.' });
    if (input.type !== null && input.type !== undefined && !isTicketType(input.type)) {
      throw new ValidationError(`Unknown type "${input.type}".`, { hint: 'Use incident, question or feature.' });
    }
    const ik = input.idempotencyKey || null;
    if (ik) {
      const prior = this.idempotent(ik);
      if (prior) return prior;
    }
    this.checkAttachments(input.attachments ?? []);
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
          attachments: this.copyAttachments(id, '1', input.attachments ?? []),
        };
        const ticket: Ticket = {
          id,
          url: null,
          subject,
          status: 'new',
          backendStatus: 'new',
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
    for (const e of this.store.entries().values()) {
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
    const q: LocalQuery = filter.query ? parseLocalQuery(filter.query) : {};
    const statuses = intersect(filter.status, q.status);
    const known = await this.listCategories();
    // A category given by name ("Hardware") matches the id the tickets store ("HW").
    const categories = [filter.category, q.category]
      .filter((c): c is string => !!c)
      .map((c) => fold(known.find((k) => fold(k.id) === fold(c) || fold(k.name) === fold(c))?.id ?? c));
    const requesters = [filter.requester, q.requester].filter((r): r is string => !!r).map((r) => r.trim().toLowerCase());
    const ids = intersect(filter.ids?.map(normId), q.ids);
    const searches = [filter.search, q.search].filter((s): s is string => !!s && !!s.trim()).map((s) => fold(s));
    let since = NaN;
    if (filter.since) {
      since = Date.parse(filter.since);
      if (Number.isNaN(since)) throw new UsageError(`Invalid date "${filter.since}".`, { hint: 'Use 7d, 2026-11-01 or an ISO date-time.' });
    }
    let mine: ((p: Person) => boolean) | null = null;
    if (filter.mine) {
      const me = this.me();
      const email = me.email?.toLowerCase();
      const name = me.name?.toLowerCase();
      mine = email ? (p) => p.email?.toLowerCase() === email : (p) => !!name && p.name?.toLowerCase() === name;
    }
    const idSet = ids ? new Set(ids) : null;
    const statusSet = statuses ? new Set<string>(statuses) : null;
    const keep = (t: Ticket): boolean => {
      if (idSet && !idSet.has(t.id)) return false;
      if (statusSet && !statusSet.has(t.status)) return false;
      if (categories.length && categories.some((c) => fold(t.category ?? '') !== c)) return false;
      if (requesters.length && !requesters.every((r) => matchesRequester(t.requester, r))) return false;
      if (mine && !mine(t.requester)) return false;
      if (!Number.isNaN(since) && Date.parse(t.createdAt) < since) return false;
      if (q.priority && !q.priority.includes(t.priority)) return false;
      if (q.type && !q.type.includes(t.type ?? '')) return false;
      if (q.tags && !q.tags.every((group) => t.tags.some((x) => group.includes(x.toLowerCase())))) return false;
      return true;
    };
    const out: Ticket[] = [];
    if (searches.length) {
      // Text search needs the description prefixes of the index (and the file when it was cut).
      for (const e of this.store.entries({ body: true }).values()) {
        if (keep(e.t) && searches.every((s) => this.textMatches(e, s))) out.push(e.t);
      }
    } else {
      for (const t of this.store.tickets()) if (keep(t)) out.push(t);
    }
    const sort = filter.sort === 'updated' ? 'updated' : 'created';
    out.sort((a, b) => (newer(a, b, sort) ? -1 : 1));
    return filter.limit > 0 ? out.slice(0, filter.limit) : out;
  }

  private textMatches(e: IndexEntry, needle: string): boolean {
    if (fold(e.t.subject).includes(needle)) return true;
    if (fold(e.x.b ?? '').includes(needle)) return true;
    if (!e.x.bt) return false;
    const rec = this.store.readRecord(e.t.id);
    return !!rec && fold(rec.ticket.comments?.[0]?.body ?? '').includes(needle);
  }

  private setStatus(rec: TicketRecord, status: Status): void {
    const t = rec.ticket;
    const wasClosed = CLOSED.includes(t.status);
    const nowClosed = CLOSED.includes(status);
    if (nowClosed && !wasClosed) rec.meta.closedAt = this.nowIso();
    if (!nowClosed) rec.meta.closedAt = null;
    t.status = status;
    t.backendStatus = status;
  }

  private addComment(rec: TicketRecord, body: string, isPublic: boolean, files: AttachmentInput[], author = this.me()): Comment {
    const id = String(rec.meta.nextComment++);
    const c: Comment = {
      id,
      author,
      body,
      public: isPublic,
      createdAt: this.nowIso(),
      attachments: this.copyAttachments(rec.ticket.id, id, files),
    };
    (rec.ticket.comments ??= []).push(c);
    rec.ticket.updatedAt = c.createdAt;
    return c;
  }

  async reply(id: string, input: ReplyInput): Promise<Comment> {
    const tid = normId(id);
    if (input.status !== undefined && !isStatus(input.status)) throw new ValidationError(`Unknown status "${input.status}".`);
    this.checkAttachments(input.attachments ?? []);
    const me = this.me();
    return this.store.transact((tx) => {
      const rec = tx.read(tid);
      if (!rec) throw this.notFound(tid);
      const c = this.addComment(rec, input.body, input.public !== false, input.attachments ?? [], me);
      if (input.status) this.setStatus(rec, input.status);
      else if (c.public && ['pending', 'solved', 'closed'].includes(rec.ticket.status) && samePerson(me, rec.ticket.requester)) {
        this.setStatus(rec, 'open');
      }
      tx.save(rec);
      return c;
    });
  }

  async updateTicket(id: string, changes: TicketChanges): Promise<Ticket> {
    const tid = normId(id);
    if (changes.status !== undefined && !isStatus(changes.status)) throw new ValidationError(`Unknown status "${changes.status}".`);
    if (changes.priority !== undefined && !isPriority(changes.priority)) throw new ValidationError(`Unknown priority "${changes.priority}".`);
    const subject = changes.subject !== undefined ? this.checkSubject(changes.subject) : undefined;
    const rec = await this.store.transact((tx) => {
      const rec = tx.read(tid);
      if (!rec) throw this.notFound(tid);
      const t = rec.ticket;
      const before = JSON.stringify(t);
      if (changes.status && changes.status !== t.status) this.setStatus(rec, changes.status);
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
    return this.store.transact((tx) => {
      const old = tx.read(tid);
      if (!old) throw this.notFound(tid);
      const t = old.ticket;
      if (!CLOSED.includes(t.status)) {
        throw new ConflictError(`Ticket ${tid} is ${t.status}; nothing to reopen.`, {
          hint: `Only solved or closed tickets can be reopened; use \`ticket reply ${tid}\` to add to it.`,
          data: { id: tid, status: t.status },
        });
      }
      const closedAt = Date.parse(old.meta.closedAt ?? t.updatedAt);
      const now = this.bc.now().getTime();
      if (windowDays > 0 && now - closedAt <= windowDays * DAY_MS) {
        if (opts.comment) this.addComment(old, opts.comment, true, [], me);
        this.setStatus(old, 'open');
        t.updatedAt = this.nowIso();
        tx.save(old);
        return { ticket: this.publicTicket(old), followUp: false };
      }
      // Past the window: a new ticket linked to the old one, and a pointer on the old one.
      const closedDay = new Date(closedAt).toISOString().slice(0, 10);
      let subject = `Follow-up #${tid}: ${t.subject}`;
      if (subject.length > SUBJECT_MAX) subject = subject.slice(0, SUBJECT_MAX - 1) + '…';
      const body =
        `Follow-up of ticket #${tid} "${t.subject}" (closed on ${closedDay}, outside the ${windowDays}-day reopen window).` +
        (opts.comment ? `\n\n${opts.comment}` : '');
      const created = tx.create((nid) => {
        const nowIso = this.nowIso();
        const ticket: Ticket = {
          id: nid,
          url: null,
          subject,
          status: 'new',
          backendStatus: 'new',
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
      this.addComment(old, `Follow-up opened as ticket #${created.ticket.id}.`, true, [], me);
      tx.save(old);
      return { ticket: this.publicTicket(created), followUp: true };
    });
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
        message: `The local store ${this.root} is not usable: ${(e as Error).message}`,
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

function dedupeEmails(list: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of list) {
    const v = e.trim();
    if (!v || seen.has(v.toLowerCase())) continue;
    seen.add(v.toLowerCase());
    out.push(v);
  }
  return out;
}

function intersect<T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined {
  if (a && a.length && b && b.length) return a.filter((x) => b.includes(x));
  if (a && a.length) return a;
  if (b && b.length) return b;
  return undefined;
}

function matchesRequester(p: Person, wanted: string): boolean {
  if (p.email && p.email.toLowerCase() === wanted) return true;
  return !wanted.includes('@') && !!p.name && p.name.toLowerCase() === wanted;
}

function samePerson(a: Person, b: Person): boolean {
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  if (a.email || b.email) return false;
  return !!a.name && !!b.name && a.name.toLowerCase() === b.name.toLowerCase();
}

/** Is `a` before `b` in "newest first" order? Ties go to the higher id. */
function newer(a: Ticket, b: Ticket, sort: 'created' | 'updated'): boolean {
  const ka = sort === 'updated' ? a.updatedAt : a.createdAt;
  const kb = sort === 'updated' ? b.updatedAt : b.createdAt;
  if (ka !== kb) return ka > kb;
  return Number(a.id) > Number(b.id);
}
