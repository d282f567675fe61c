// The outbox: creates and replies that could not reach the backend, one JSON file each under
// <state>/outbox/, written atomically with mode 0600. Attachments are copied beside the item so they
// survive the user deleting or editing the originals.
//
// States: pending → sending → sent (then the file is removed); dead when the backend refused it for good.
// A `sending` item found later means a sender died (or lost the connection) after it may have
// reached the backend: it is reconciled (idempotent create / lookup) before any re-send.

import { copyFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, existsSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeFileAtomic, isTempName } from '../store/atomic.js';
import type { AttachmentInput, CreateInput, ReplyInput } from '../model.js';
import type { BackendKind } from '../backends/backend.js';

export type OutboxState = 'pending' | 'sending' | 'sent' | 'dead';

export interface OutboxItem {
  id: string;
  version: 1;
  kind: 'create' | 'reply';
  state: OutboxState;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  /** Profile it was meant for; `outbox send` uses the same profile unless told otherwise. */
  profile: string | null;
  backend: BackendKind;
  /** A previous attempt may have reached the server (the connection broke after sending). */
  maybeSent: boolean;
  /** Same key on every attempt, across processes: the backend dedupes on it. */
  idempotencyKey: string;
  create?: CreateInput;
  reply?: { ticketId: string; input: ReplyInput };
  /** Where it came from: create, reply, close, ci-failure... (for `outbox list`). */
  origin: string;
  lastError?: { code: string; message: string } | null;
  /** Once delivered: the ticket it created or replied to. */
  result?: { ticket: string; action: string } | null;
}

export function outboxDir(stateDir: string): string {
  return join(stateDir, 'outbox');
}

function itemPath(dir: string, id: string): string {
  return join(dir, `${id}.json`);
}

export function newOutboxId(now: Date): string {
  const ts = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `ob-${ts}-${randomBytes(3).toString('hex')}`;
}

/** Copy attachments into <dir>/<id>/, 0600, and point the input at the copies. */
function keepAttachments(dir: string, id: string, atts: AttachmentInput[]): AttachmentInput[] {
  if (!atts.length) return atts;
  const filesDir = join(dir, id);
  mkdirSync(filesDir, { recursive: true, mode: 0o700 });
  return atts.map((a, i) => {
    const dest = join(filesDir, `${i}-${basename(a.name)}`);
    copyFileSync(a.path, dest);
    chmodSync(dest, 0o600);
    return { ...a, path: dest };
  });
}

/** Save a new item (attachments first, then the item file: a crash leaves no item without its files). */
export function enqueue(stateDir: string, item: Omit<OutboxItem, 'version' | 'updatedAt'>): OutboxItem {
  const dir = outboxDir(stateDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const full: OutboxItem = { ...item, version: 1, updatedAt: item.createdAt };
  if (full.create) full.create = { ...full.create, attachments: keepAttachments(dir, full.id, full.create.attachments) };
  if (full.reply) {
    full.reply = { ...full.reply, input: { ...full.reply.input, attachments: keepAttachments(dir, full.id, full.reply.input.attachments) } };
  }
  writeFileAtomic(itemPath(dir, full.id), JSON.stringify(full, null, 2) + '\n', 0o600);
  return full;
}

export function save(stateDir: string, item: OutboxItem, now: Date): OutboxItem {
  const next = { ...item, updatedAt: now.toISOString() };
  writeFileAtomic(itemPath(outboxDir(stateDir), item.id), JSON.stringify(next, null, 2) + '\n', 0o600);
  return next;
}

export function load(stateDir: string, id: string): OutboxItem | null {
  try {
    return JSON.parse(readFileSync(itemPath(outboxDir(stateDir), id), 'utf8')) as OutboxItem;
  } catch {
    return null;
  }
}

/** Delivered or dropped: the item file first (the commit point), then its attachments. */
export function remove(stateDir: string, id: string): void {
  const dir = outboxDir(stateDir);
  rmSync(itemPath(dir, id), { force: true });
  rmSync(join(dir, id), { recursive: true, force: true });
}

export interface ListResult {
  items: OutboxItem[];
  /** Files that could not be read (reported, never deleted). */
  unreadable: string[];
}

/** Older than this, a temp file or an item-less attachment folder belongs to a dead process. */
const ORPHAN_AGE_MS = 10 * 60_000;

function isOld(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ORPHAN_AGE_MS;
  } catch {
    return false;
  }
}

/** Every item, oldest first. Sweeps temp files and attachment folders left by a killed process. */
export function list(stateDir: string): ListResult {
  const dir = outboxDir(stateDir);
  if (!existsSync(dir)) return { items: [], unreadable: [] };
  const items: OutboxItem[] = [];
  const unreadable: string[] = [];
  const names = readdirSync(dir);
  const ids = new Set<string>();
  for (const name of names) {
    if (isTempName(name)) {
      if (isOld(join(dir, name))) rmSync(join(dir, name), { force: true });
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      const item = JSON.parse(readFileSync(join(dir, name), 'utf8')) as OutboxItem;
      if (item.version !== 1 || !item.id) throw new Error('not an outbox item');
      items.push(item);
      ids.add(item.id);
    } catch {
      unreadable.push(join(dir, name));
    }
  }
  // Attachment folders whose item never got written (killed between the copy and the write).
  for (const name of names) {
    if (name.startsWith('ob-') && !name.endsWith('.json') && !ids.has(name) && !names.includes(`${name}.json`) && isOld(join(dir, name))) {
      rmSync(join(dir, name), { recursive: true, force: true });
    }
  }
  items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  return { items, unreadable };
}
