import {
  closeSync,
  existsSync,
  fdatasyncSync,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Ticket } from '../../model.js';
import { ExitCode, TicketError } from '../../errors.js';
import { isTempName, writeFileAtomic } from '../../store/atomic.js';
import { pidAlive, withLock, type LockOptions } from '../../store/lock.js';

// On-disk layout of the local backend (under <data>/local/):
//
//   state.json          {"lastId":N,"pending":"12"|null,"lines":L}   written atomically under the lock
//   tickets/<id>.json   the full record (ticket + comments + meta)    written atomically: the source of truth
//   index.jsonl         one summary line per write, O_APPEND          later lines supersede earlier ones
//   keys/<hash>.json    idempotency key → ticket id                   written atomically
//   attachments/<id>/<comment>/<name>                                 copied then renamed into place
//   lock                the cross-process lock (lock.ts)
//
// Every mutation, under the lock: (1) write state.json with `pending` = the ticket about to change
// (for a create, lastId is bumped here, before anything else, so an id is never handed out twice),
// (2) write the ticket file, (3) append its index line. A process killed between (2) and (3) leaves
// `pending` pointing at that ticket: readers take that ticket from its file, and the next writer
// appends the missing line ("heal"). A torn last line (no newline) is ignored and fenced off.

export interface TicketMeta {
  rev: number;
  closedAt: string | null;
  idempotencyKey: string | null;
  dedupeKey: string | null;
  nextComment: number;
}

/** What tickets/<id>.json holds. `ticket.comments` is always present here. */
export interface TicketRecord {
  v: 1;
  ticket: Ticket;
  meta: TicketMeta;
}

/**
 * One line of index.jsonl, in memory. On disk a line is three JSON texts separated by tabs (JSON
 * never contains a raw tab): `{"r":rev,"dk":…,"ik":…,"ca":…,"bt":1}` TAB ticket-without-comments
 * TAB "description prefix". Listing parses the first two only; the third is parsed for text search.
 */
export interface IndexEntry {
  r: number;
  t: Ticket;
  x: {
    /** dedupe key */
    dk?: string;
    /** idempotency key */
    ik?: string;
    /** closedAt */
    ca?: string;
    /** The description (first comment), cut to BODY_PREFIX characters; only when asked for. */
    b?: string;
    /** 1 when `b` was cut: a search that misses in `b` must read the ticket file. */
    bt?: 1;
  };
}

interface State {
  lastId: number;
  pending: string | null;
  lines: number;
}

const BODY_PREFIX = 300;
const ID_RE = /^[1-9][0-9]{0,15}$/;

export function isTicketId(id: string): boolean {
  return ID_RE.test(id);
}

export function summaryOf(rec: TicketRecord): IndexEntry {
  const { comments, ...t } = rec.ticket;
  const body = comments?.[0]?.body ?? '';
  const x: IndexEntry['x'] = { b: body.length > BODY_PREFIX ? body.slice(0, BODY_PREFIX) : body };
  if (body.length > BODY_PREFIX) x.bt = 1;
  if (rec.meta.dedupeKey) x.dk = rec.meta.dedupeKey;
  if (rec.meta.idempotencyKey) x.ik = rec.meta.idempotencyKey;
  if (rec.meta.closedAt) x.ca = rec.meta.closedAt;
  return { r: rec.meta.rev, t: t as Ticket, x };
}

export function formatLine(e: IndexEntry): string {
  const { b, ...meta } = e.x;
  return `${JSON.stringify({ r: e.r, ...meta })}\t${JSON.stringify(e.t)}\t${JSON.stringify(b ?? '')}\n`;
}

/** Parse one line (without its newline); null for a torn or foreign line. */
export function parseLine(line: string, withBody: boolean): IndexEntry | null {
  const a = line.indexOf('\t');
  const b = a < 0 ? -1 : line.indexOf('\t', a + 1);
  if (b < 0 || line.charCodeAt(line.length - 1) !== 0x22 /* " */) return null;
  try {
    const { r, ...x } = JSON.parse(line.slice(0, a)) as { r: number } & IndexEntry['x'];
    const t = JSON.parse(line.slice(a + 1, b)) as Ticket;
    if (!t || typeof t.id !== 'string') return null;
    if (withBody) x.b = JSON.parse(line.slice(b + 1)) as string;
    return { r, t, x };
  } catch {
    return null;
  }
}

function keyName(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json';
}

export class LocalStore {
  readonly root: string;
  readonly ticketsDir: string;
  readonly attachmentsDir: string;
  readonly keysDir: string;
  readonly indexPath: string;
  readonly statePath: string;
  readonly lockPath: string;

  constructor(
    root: string,
    private readonly lockOpts: LockOptions = {},
  ) {
    this.root = root;
    this.ticketsDir = join(root, 'tickets');
    this.attachmentsDir = join(root, 'attachments');
    this.keysDir = join(root, 'keys');
    this.indexPath = join(root, 'index.jsonl');
    this.statePath = join(root, 'state.json');
    this.lockPath = join(root, 'lock');
  }

  ticketPath(id: string): string {
    return join(this.ticketsDir, `${id}.json`);
  }

  readState(): State {
    let text: string;
    try {
      text = readFileSync(this.statePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lastId: 0, pending: null, lines: 0 };
      throw e;
    }
    try {
      const s = JSON.parse(text) as Partial<State>;
      return { lastId: Number(s.lastId) || 0, pending: s.pending ?? null, lines: Number(s.lines) || 0 };
    } catch {
      // Damaged by something other than us (we replace it atomically): the ticket files know the
      // highest id, and the next create never reuses one whose file exists.
      let lastId = 0;
      try {
        for (const n of readdirSync(this.ticketsDir)) {
          const m = /^([1-9][0-9]*)\.json$/.exec(n);
          if (m) lastId = Math.max(lastId, Number(m[1]));
        }
      } catch {
        /* no tickets yet */
      }
      return { lastId, pending: null, lines: 0 };
    }
  }

  /** The full record, or null when there is no such ticket. Files are replaced atomically: never torn. */
  readRecord(id: string): TicketRecord | null {
    if (!isTicketId(id)) return null;
    let text: string;
    try {
      text = readFileSync(this.ticketPath(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    try {
      return JSON.parse(text) as TicketRecord;
    } catch (e) {
      throw new TicketError('internal', ExitCode.failure, `The ticket file ${this.ticketPath(id)} is damaged (${(e as Error).message}).`, {
        hint: 'ticket writes it atomically, so something else changed it: restore it from a backup, or move it away.',
      });
    }
  }

  /**
   * Every ticket's latest summary, keyed by id, without opening ticket files (except the one a
   * killed writer may have left half-indexed). Reads the index in chunks: memory is the live set.
   */
  entries(opts: { body?: boolean } = {}): Map<string, IndexEntry> {
    const state = this.readState();
    const map = new Map<string, IndexEntry>();
    this.scanIndex((e) => {
      map.set(e.t.id, e);
    }, opts.body === true);
    if (state.pending) {
      const rec = this.readRecord(state.pending);
      if (rec) {
        const cur = map.get(state.pending);
        if (!cur || cur.r < rec.meta.rev) map.set(state.pending, summaryOf(rec));
      }
    }
    return map;
  }

  /**
   * The latest summary of every ticket, in id order, and nothing else: the leanest read, for
   * `list` without a text search (100,000 tickets take about 55 MB of heap).
   */
  tickets(): Ticket[] {
    const state = this.readState();
    // Ids are small integers: a dense array is the cheapest "latest line wins" map.
    const byId: Ticket[] = [];
    // Requesters and field values repeat a lot: share their strings instead of one copy per ticket.
    const pool = new Map<string, string>();
    const intern = (v: string | null): string | null => {
      if (v === null || v.length > 100) return v;
      const got = pool.get(v);
      if (got !== undefined) return got;
      pool.set(v, v);
      return v;
    };
    const put = (t: Ticket) => {
      const n = Number(t.id);
      if (!Number.isSafeInteger(n) || n < 1) return;
      if (t.requester) {
        t.requester.name = intern(t.requester.name);
        t.requester.email = intern(t.requester.email);
      }
      const f = t.fields;
      if (f) for (const k in f) if (typeof f[k] === 'string') f[k] = intern(f[k] as string)!;
      byId[n] = t;
    };
    this.scanLineBytes((buf, start, end) => {
      // meta TAB ticket TAB "body": decode and parse the ticket part only
      const a = buf.indexOf(0x09, start);
      const b = a < 0 || a >= end ? -1 : buf.indexOf(0x09, a + 1);
      if (b < 0 || b >= end || buf[end - 1] !== 0x22) return;
      let t: Ticket;
      try {
        t = JSON.parse(buf.toString('utf8', a + 1, b)) as Ticket;
      } catch {
        return; // torn line
      }
      if (t && typeof t.id === 'string') put(t);
    });
    if (state.pending) {
      const rec = this.readRecord(state.pending);
      if (rec) put(summaryOf(rec).t);
    }
    const out: Ticket[] = [];
    for (const t of byId) if (t) out.push(t);
    return out;
  }

  /** Call `each` for every complete, parseable line of the index, in order. */
  scanIndex(each: (e: IndexEntry) => void, withBody = true): number {
    return this.scanLines((line) => {
      // null: a torn line fenced off by a later append
      const e = parseLine(line, withBody);
      if (e) each(e);
    });
  }

  /** Call `each` with every complete line of the index (without its newline); returns the count. */
  private scanLines(each: (line: string) => void): number {
    return this.scanLineBytes((buf, start, end) => each(buf.toString('utf8', start, end)));
  }

  /**
   * Call `each` with the bytes of every complete line (buf[start..end), newline excluded). Reads
   * in 1 MiB chunks, so memory does not grow with the index, and decodes nothing by itself.
   */
  private scanLineBytes(each: (buf: Buffer, start: number, end: number) => void): number {
    let fd: number;
    try {
      fd = openSync(this.indexPath, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw e;
    }
    let lines = 0;
    try {
      let buf = Buffer.allocUnsafe(1 << 20);
      let have = 0; // bytes in buf not yet consumed, from 0
      for (;;) {
        if (have === buf.length) {
          const bigger = Buffer.allocUnsafe(buf.length * 2); // a line longer than the buffer
          buf.copy(bigger, 0, 0, have);
          buf = bigger;
        }
        const n = readSync(fd, buf, have, buf.length - have, null);
        if (n === 0) break;
        const end = have + n;
        let start = 0;
        for (;;) {
          const nl = buf.indexOf(0x0a, start);
          if (nl < 0 || nl >= end) break;
          if (nl > start) {
            lines++;
            each(buf, start, nl);
          }
          start = nl + 1;
        }
        buf.copy(buf, 0, start, end);
        have = end - start;
      }
      // Bytes left over are a last line without its newline: torn by a crash, or being appended.
    } finally {
      closeSync(fd);
    }
    return lines;
  }

  /** Run a mutation under the store lock. `fn` is synchronous: the lock is held for milliseconds. */
  async transact<T>(fn: (tx: StoreTx) => T): Promise<T> {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
    return withLock(
      this.lockPath,
      () => {
        const tx = new StoreTx(this, this.readState());
        tx.heal();
        const out = fn(tx);
        tx.maybeCompact();
        return out;
      },
      { ...this.lockOpts, onBrokenLock: () => this.sweep() },
    );
  }

  /**
   * After taking the lock over from a killed holder: remove the temp files dead writers left
   * (`.name.<pid>.<rand>.tmp`), and the attachments of a create that never got its ticket file.
   */
  sweep(): void {
    for (const dir of [this.root, this.ticketsDir, this.keysDir]) {
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        continue;
      }
      for (const n of names) {
        if (!isTempName(n)) continue;
        const parts = n.split('.');
        const pid = Number(parts[parts.length - 3]);
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) continue;
        rmSync(join(dir, n), { force: true });
      }
    }
    const pending = this.readState().pending;
    if (!pending || !isTicketId(pending)) return;
    const dir = join(this.attachmentsDir, pending);
    let rec: TicketRecord | null = null;
    try {
      rec = this.readRecord(pending);
    } catch {
      return;
    }
    if (!rec) {
      rmSync(dir, { recursive: true, force: true }); // a create that never got its ticket file
      return;
    }
    let comments: string[];
    try {
      comments = readdirSync(dir);
    } catch {
      return;
    }
    for (const c of comments) {
      // A comment that was never saved: its number is handed out again by the next reply.
      if (!(Number(c) < rec.meta.nextComment)) {
        rmSync(join(dir, c), { recursive: true, force: true });
        continue;
      }
      try {
        for (const n of readdirSync(join(dir, c))) if (isTempName(n)) rmSync(join(dir, c, n), { force: true });
      } catch {
        /* not a directory */
      }
    }
  }

  idFromKey(key: string): string | null {
    try {
      const k = JSON.parse(readFileSync(join(this.keysDir, keyName(key)), 'utf8')) as { key: string; id: string };
      return k.key === key ? k.id : null;
    } catch {
      return null;
    }
  }

  /**
   * Fast bulk load for benchmarks and fixtures: plain writes, no fsync, no lock. Not crash-safe;
   * never used by the CLI.
   */
  bulkLoad(records: TicketRecord[]): void {
    mkdirSync(this.ticketsDir, { recursive: true, mode: 0o700 });
    const state = this.readState();
    const lines: string[] = [];
    let last = state.lastId;
    for (const rec of records) {
      writeFileSync(this.ticketPath(rec.ticket.id), JSON.stringify(rec), { mode: 0o600 });
      lines.push(formatLine(summaryOf(rec)));
      last = Math.max(last, Number(rec.ticket.id));
    }
    writeFileSync(this.indexPath, lines.join(''), { flag: 'a', mode: 0o600 });
    writeFileSync(this.statePath, JSON.stringify({ lastId: last, pending: null, lines: state.lines + lines.length }), {
      mode: 0o600,
    });
  }
}

export class StoreTx {
  constructor(
    private readonly store: LocalStore,
    private state: State,
  ) {}

  /** Repair what a writer killed between its ticket write and its index append left behind. */
  heal(): void {
    const id = this.state.pending;
    if (!id) return;
    const rec = this.store.readRecord(id);
    if (!rec) return; // killed before the ticket file was written: the id is simply skipped
    const last = this.lastIndexLine();
    if (!last || last.t.id !== id || last.r !== rec.meta.rev) this.append(rec);
    if (rec.meta.idempotencyKey && this.store.idFromKey(rec.meta.idempotencyKey) !== id) this.writeKey(rec);
  }

  private lastIndexLine(): IndexEntry | null {
    let fd: number;
    try {
      fd = openSync(this.store.indexPath, 'r');
    } catch {
      return null;
    }
    try {
      const size = fstatSync(fd).size;
      if (size === 0) return null;
      const len = Math.min(size, 1 << 18);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      const text = buf.toString('utf8');
      if (!text.endsWith('\n')) return null; // torn tail: the pending line is not there
      const prev = text.lastIndexOf('\n', text.length - 2);
      if (prev < 0 && len < size) return null;
      return parseLine(text.slice(prev + 1, -1), false);
    } finally {
      closeSync(fd);
    }
  }

  read(id: string): TicketRecord | null {
    return this.store.readRecord(id);
  }

  findIdempotent(key: string): TicketRecord | null {
    const id = this.store.idFromKey(key);
    return id ? this.store.readRecord(id) : null;
  }

  /** Reserve the next id (persisted before anything else), then build and write the record. */
  create(build: (id: string) => TicketRecord): TicketRecord {
    let n = this.state.lastId + 1;
    // Belt and braces: never overwrite a ticket, even if state.json went back in time (power loss).
    while (existsSync(this.store.ticketPath(String(n)))) n++;
    const id = String(n);
    this.writeState({ lastId: n, pending: id, lines: this.state.lines + 1 });
    const rec = build(id);
    rec.meta.rev = 1;
    this.writeRecord(rec);
    return rec;
  }

  /** Write a changed record (its rev is bumped). */
  save(rec: TicketRecord): void {
    rec.meta.rev += 1;
    this.writeState({ ...this.state, pending: rec.ticket.id, lines: this.state.lines + 1 });
    this.writeRecord(rec);
  }

  private writeRecord(rec: TicketRecord): void {
    writeFileAtomic(this.store.ticketPath(rec.ticket.id), JSON.stringify(rec));
    this.append(rec);
    if (rec.meta.idempotencyKey && rec.meta.rev === 1) this.writeKey(rec);
  }

  private writeKey(rec: TicketRecord): void {
    const key = rec.meta.idempotencyKey!;
    writeFileAtomic(join(this.store.keysDir, keyName(key)), JSON.stringify({ key, id: rec.ticket.id }));
  }

  private writeState(s: State): void {
    writeFileAtomic(this.store.statePath, JSON.stringify(s));
    this.state = s;
  }

  /** One complete line per write(2), O_APPEND; a torn tail from a crash is fenced with a newline first. */
  private append(rec: TicketRecord): void {
    const fd = openSync(this.store.indexPath, 'a', 0o600);
    try {
      const size = fstatSync(fd).size;
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        const rfd = openSync(this.store.indexPath, 'r');
        try {
          readSync(rfd, last, 0, 1, size - 1);
        } finally {
          closeSync(rfd);
        }
        if (last[0] !== 0x0a) prefix = '\n';
      }
      const data = Buffer.from(prefix + formatLine(summaryOf(rec)), 'utf8');
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Rewrite the index without superseded lines once it holds about twice the live count. */
  maybeCompact(): void {
    const live = Math.max(this.state.lastId, 1);
    if (this.state.lines <= 2 * live + 64) return;
    const map = new Map<string, IndexEntry>();
    this.store.scanIndex((e) => {
      map.delete(e.t.id); // keep the order of last writes: the newest line stays last
      map.set(e.t.id, e);
    });
    const pending = this.state.pending ? this.store.readRecord(this.state.pending) : null;
    if (pending && (map.get(pending.ticket.id)?.r ?? 0) < pending.meta.rev) {
      map.delete(pending.ticket.id);
      map.set(pending.ticket.id, summaryOf(pending));
    }
    let out = '';
    for (const e of map.values()) out += formatLine(e);
    writeFileAtomic(this.store.indexPath, out);
    this.writeState({ ...this.state, lines: map.size });
  }
}

export function storeExists(root: string): boolean {
  return existsSync(join(root, 'state.json'));
}
