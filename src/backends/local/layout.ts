import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Ticket } from '../../model.js';

// On-disk layout of the local backend (under <data>/local/):
//
//   state.json          {"lastId":N,"pending":"12"|null,"lines":L}   written atomically under the lock
//   tickets/<id>.json   the full record (ticket + comments + meta)    written atomically: the source of truth
//   index.jsonl         one summary line per write, O_APPEND          later lines supersede earlier ones
//   keys/<hash>.json    idempotency key → ticket id                   written atomically
//   attachments/<id>/<comment>/<name>                                 copied then renamed into place
//   lock                the cross-process lock (lock.ts)
//
// Every mutation, under the lock (transaction.ts): (1) write state.json with `pending` = the ticket
// about to change (for a create, lastId is bumped here, before anything else, so an id is never
// handed out twice), (2) write the ticket file, (3) append its index line. A process killed between
// (2) and (3) leaves `pending` pointing at that ticket: readers take that ticket from its file, and
// the next writer appends the missing line ("heal"). A torn last line (no newline) is ignored and
// fenced off. The index is only a cache of the ticket files: when a reader finds it damaged (a
// complete line that does not parse, a ticket file it does not list), it is rebuilt from them.

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

export interface State {
  lastId: number;
  pending: string | null;
  lines: number;
}

const BODY_PREFIX = 300;
const ID_RE = /^[1-9][0-9]{0,15}$/;
export const TICKET_FILE_RE = /^([1-9][0-9]{0,15})\.json$/;

/** A ticket id as typed: `#12`, ` 12 ` → `12`. */
export function normId(id: string): string {
  return String(id).trim().replace(/^#/, '');
}

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
    if (!t || typeof t !== 'object' || typeof t.id !== 'string') return null;
    if (withBody) x.b = JSON.parse(line.slice(b + 1)) as string;
    return { r, t, x };
  } catch {
    return null;
  }
}

export function keyName(key: string): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 40) + '.json';
}

/** The paths of one store. */
export class StoreLayout {
  readonly ticketsDir: string;
  readonly attachmentsDir: string;
  readonly keysDir: string;
  readonly indexPath: string;
  readonly statePath: string;
  readonly lockPath: string;

  constructor(readonly root: string) {
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
}
