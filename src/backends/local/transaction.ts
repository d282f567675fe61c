import { closeSync, existsSync, fdatasyncSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../store/atomic.js';
import { formatLine, keyName, parseLine, summaryOf, type IndexEntry, type State, type TicketRecord } from './layout.js';
import type { StoreReader } from './reader.js';

// One mutation of the local store, under its lock (see layout.ts for the order of the writes).

export class StoreTx {
  constructor(
    private readonly store: StoreReader,
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

  /**
   * Rewrite the index from the ticket files (the source of truth), in id order. A ticket file that
   * cannot be read is left out and named in the result; nothing is deleted.
   */
  rebuildIndex(): { tickets: number; skipped: string[] } {
    const ids = this.store.ticketFileIds().sort((a, b) => a - b);
    const skipped: string[] = [];
    let out = '';
    let count = 0;
    let lastId = this.state.lastId;
    for (const n of ids) {
      let rec: TicketRecord | null;
      try {
        rec = this.store.readRecord(String(n));
      } catch {
        skipped.push(this.store.ticketPath(String(n)));
        continue;
      }
      if (!rec) continue;
      out += formatLine(summaryOf(rec));
      count++;
      lastId = Math.max(lastId, n);
    }
    writeFileAtomic(this.store.indexPath, out);
    this.writeState({ lastId, pending: null, lines: count });
    return { tickets: count, skipped };
  }
}
