import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Ticket } from '../../model.js';
import { msg, type Msg } from '../../i18n/msg.js';
import { withLock, type LockOptions } from '../../store/lock.js';
import { formatLine, summaryOf, type IndexEntry, type TicketRecord } from './layout.js';
import { StoreReader, type IndexDamage } from './reader.js';
import { sweep } from './sweep.js';
import { StoreTx } from './transaction.js';

// The local store: layout.ts (paths, record and index-line formats), reader.ts (lock-free reads),
// transaction.ts (mutations under the lock), sweep.ts (what killed writers leave behind). This
// class ties them together and rebuilds a damaged index from the ticket files.

export { formatLine, isTicketId, parseLine, summaryOf, type IndexEntry, type TicketMeta, type TicketRecord } from './layout.js';
export type { IndexDamage } from './reader.js';
export { StoreTx } from './transaction.js';

export interface LocalStoreOptions {
  /** Where a one-line warning goes (the index was rebuilt...); nowhere when absent. */
  warn?: (line: Msg) => void;
}

export class LocalStore extends StoreReader {
  private warned = false;

  constructor(
    root: string,
    private readonly lockOpts: LockOptions = {},
    private readonly opts: LocalStoreOptions = {},
  ) {
    super(root);
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

  sweep(): void {
    sweep(this);
  }

  /** The latest summary of every ticket (see `tickets()`), the index rebuilt first if it is damaged. */
  async listTickets(): Promise<Ticket[]> {
    const first = this.readTickets();
    if (!first.damage) return first.tickets;
    await this.repair(first.damage);
    return this.readTickets().tickets;
  }

  /** Every ticket's latest index entry (see `entries()`), the index rebuilt first if it is damaged. */
  async listEntries(opts: { body?: boolean } = {}): Promise<Map<string, IndexEntry>> {
    const first = this.readEntries(opts);
    if (!first.damage) return first.entries;
    await this.repair(first.damage);
    return this.readEntries(opts).entries;
  }

  /**
   * Rebuild the index from the ticket files, under the lock, unless another process did it in the
   * meantime; say so once per process.
   */
  private async repair(found: IndexDamage): Promise<void> {
    const done = await this.transact((tx) => {
      if (!this.readTickets().damage) return null;
      return tx.rebuildIndex();
    });
    if (!done || this.warned) return;
    this.warned = true;
    const parts: Msg[] = [];
    if (found.badLines) parts.push(msg(found.badLines === 1 ? 'err.local.badLines.one' : 'err.local.badLines.other', { n: found.badLines }));
    if (found.unlisted) parts.push(msg(found.unlisted === 1 ? 'err.local.unlisted.one' : 'err.local.unlisted.other', { n: found.unlisted }));
    const what = parts.reduce<string | Msg>((a, b) => (a === '' ? b : msg('err.list.comma', { a, b })), '');
    const base = msg('err.local.indexRebuilt', { what, n: done.tickets, root: this.root });
    this.opts.warn?.(done.skipped.length ? msg('err.local.indexRebuilt.skipped', { base, list: done.skipped.join(', ') }) : base);
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

export function storeExists(root: string): boolean {
  return existsSync(join(root, 'state.json'));
}
