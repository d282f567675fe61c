import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Ticket } from '../../model.js';
import { ExitCode, TicketError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { StoreLayout, TICKET_FILE_RE, isTicketId, keyName, parseLine, summaryOf, type IndexEntry, type State, type TicketRecord } from './layout.js';

// Reading the local store without the lock: state.json, ticket files, and the index in chunks.
// Every index scan also says whether the index looks damaged, so the store can rebuild it.

/** What a scan of the index found wrong; null when nothing. */
export interface IndexDamage {
  /** Complete lines that do not parse (a torn line fenced off by a crash counts too). */
  badLines: number;
  /** Tickets whose file exists but that the index does not list. */
  unlisted: number;
}

function damaged(path: string, why: string): TicketError {
  return new TicketError('internal', ExitCode.failure, msg('err.local.damaged', { path, why }), {
    hint: msg('err.local.damaged.hint'),
  });
}

function shapeProblem(rec: unknown, id: string): string | null {
  const shown = () => {
    const s = JSON.stringify(rec) ?? String(rec);
    return s.length > 40 ? s.slice(0, 40) + '…' : s;
  };
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) return `it holds ${shown()}, not a ticket record`;
  const r = rec as Partial<TicketRecord>;
  if (!r.ticket || typeof r.ticket !== 'object' || Array.isArray(r.ticket)) return 'it has no "ticket" object';
  if (r.ticket.id !== id) return `it holds ticket ${JSON.stringify(r.ticket.id ?? null)}, not ${id}`;
  if (!r.meta || typeof r.meta !== 'object' || Array.isArray(r.meta)) return 'it has no "meta" object';
  if (!Array.isArray(r.ticket.comments)) return 'its ticket has no comments list';
  return null;
}

export class StoreReader extends StoreLayout {
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
      if (!s || typeof s !== 'object') throw new Error('not an object');
      return { lastId: Number(s.lastId) || 0, pending: typeof s.pending === 'string' ? s.pending : null, lines: Number(s.lines) || 0 };
    } catch {
      // Damaged by something other than us (we replace it atomically): the ticket files know the
      // highest id, and the next create never reuses one whose file exists.
      let lastId = 0;
      for (const n of this.ticketFileIds()) lastId = Math.max(lastId, n);
      return { lastId, pending: null, lines: 0 };
    }
  }

  /** The ids of tickets/<id>.json files. */
  ticketFileIds(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.ticketsDir);
    } catch {
      return []; // no tickets yet
    }
    const out: number[] = [];
    for (const n of names) {
      const m = TICKET_FILE_RE.exec(n);
      if (m) out.push(Number(m[1]));
    }
    return out;
  }

  /**
   * The full record, or null when there is no such ticket. Files are replaced atomically: never
   * torn; anything else in one ([1,2,3], null, another ticket) is a clear error naming the file.
   */
  readRecord(id: string): TicketRecord | null {
    if (!isTicketId(id)) return null;
    let text: string;
    try {
      text = readFileSync(this.ticketPath(id), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    let rec: unknown;
    try {
      rec = JSON.parse(text);
    } catch (e) {
      throw damaged(this.ticketPath(id), (e as Error).message);
    }
    const problem = shapeProblem(rec, id);
    if (problem) throw damaged(this.ticketPath(id), problem);
    return rec as TicketRecord;
  }

  /** Tickets with a file that `has` does not know, when fewer are listed than ids were handed out. */
  private unlisted(listed: number, lastId: number, has: (id: number) => boolean): number {
    if (listed >= lastId) return 0; // every id handed out is listed (ids skipped by a killed create are rare)
    let n = 0;
    for (const id of this.ticketFileIds()) {
      if (has(id)) continue;
      try {
        if (this.readRecord(String(id))) n++;
      } catch {
        // A damaged ticket file: `show` names it; the index cannot list it either way.
      }
    }
    return n;
  }

  /**
   * Every ticket's latest summary, keyed by id, without opening ticket files (except the one a
   * killed writer may have left half-indexed). Reads the index in chunks: memory is the live set.
   */
  entries(opts: { body?: boolean } = {}): Map<string, IndexEntry> {
    return this.readEntries(opts).entries;
  }

  readEntries(opts: { body?: boolean } = {}): { entries: Map<string, IndexEntry>; damage: IndexDamage | null } {
    const state = this.readState();
    const map = new Map<string, IndexEntry>();
    const badLines = this.scanIndexCounting((e) => {
      map.set(e.t.id, e);
    }, opts.body === true);
    if (state.pending) {
      const rec = this.readRecord(state.pending);
      if (rec) {
        const cur = map.get(state.pending);
        if (!cur || cur.r < rec.meta.rev) map.set(state.pending, summaryOf(rec));
      }
    }
    const unlisted = this.unlisted(map.size, state.lastId, (id) => map.has(String(id)));
    return { entries: map, damage: badLines || unlisted ? { badLines, unlisted } : null };
  }

  /**
   * The latest summary of every ticket, in id order, and nothing else: the leanest read, for
   * `list` without a text search (100,000 tickets take about 55 MB of heap).
   */
  tickets(): Ticket[] {
    return this.readTickets().tickets;
  }

  readTickets(): { tickets: Ticket[]; damage: IndexDamage | null } {
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
    let badLines = 0;
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
      if (b < 0 || b >= end || buf[end - 1] !== 0x22) {
        badLines++;
        return;
      }
      let t: Ticket;
      try {
        t = JSON.parse(buf.toString('utf8', a + 1, b)) as Ticket;
      } catch {
        badLines++; // torn or damaged line
        return;
      }
      if (t && typeof t === 'object' && typeof t.id === 'string') put(t);
      else badLines++;
    });
    if (state.pending) {
      const rec = this.readRecord(state.pending);
      if (rec) put(summaryOf(rec).t);
    }
    const out: Ticket[] = [];
    for (const t of byId) if (t) out.push(t);
    const unlisted = this.unlisted(out.length, state.lastId, (id) => !!byId[id]);
    return { tickets: out, damage: badLines || unlisted ? { badLines, unlisted } : null };
  }

  /** Call `each` for every complete, parseable line of the index, in order. */
  scanIndex(each: (e: IndexEntry) => void, withBody = true): number {
    return this.scanLines((line) => {
      // null: a torn line fenced off by a later append
      const e = parseLine(line, withBody);
      if (e) each(e);
    });
  }

  /** Like scanIndex; returns the number of complete lines that did not parse. */
  private scanIndexCounting(each: (e: IndexEntry) => void, withBody: boolean): number {
    let bad = 0;
    this.scanLines((line) => {
      const e = parseLine(line, withBody);
      if (e) each(e);
      else bad++;
    });
    return bad;
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

  idFromKey(key: string): string | null {
    try {
      const k = JSON.parse(readFileSync(join(this.keysDir, keyName(key)), 'utf8')) as { key: string; id: string };
      return k && k.key === key ? k.id : null;
    } catch {
      return null;
    }
  }
}
