// The journal: one JSON line per write, under the state dir (0600), appended by every process that
// writes (CLI or MCP). `ticket journal` lists it; `ticket undo` reads `before`/`after` back.

import { appendFileSync, chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FieldValue, Ticket } from '../model.js';

/** The tracked values of a ticket that a write changed (only those keys). */
export interface Snapshot {
  status?: string;
  priority?: string;
  subject?: string;
  type?: string | null;
  category?: string | null;
  cc?: string[];
  tags?: string[];
  fields?: Record<string, FieldValue | null>;
}

export interface JournalEntry {
  id: string;
  at: string;
  profile: string | null;
  pid: number;
  via: 'cli' | 'mcp';
  op: string;
  /** One id per CLI invocation or MCP tool call. */
  run: string;
  ticket: string;
  before: Snapshot;
  after: Snapshot;
  commentId?: string;
  bulkRun?: string;
  undoOf?: string;
  followUpOf?: string;
  /** The state before could not be read: undo refuses this entry. */
  beforeUnknown?: boolean;
  /** The backend call that wrote (createTicket, updateTicket, reply, reopen, bulkUpdate). */
  write: string;
}

export function journalFile(stateDir: string): string {
  return join(stateDir, 'journal.jsonl');
}

/** One line, one write(2) with O_APPEND: lines of concurrent processes do not interleave. */
export function appendEntry(stateDir: string, entry: JournalEntry): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = journalFile(stateDir);
  appendFileSync(file, JSON.stringify(entry) + '\n', { mode: 0o600 });
  try {
    chmodSync(file, 0o600);
  } catch {
    /* not ours to fix */
  }
}

export function readEntries(stateDir: string): JournalEntry[] {
  let text: string;
  try {
    text = readFileSync(journalFile(stateDir), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: JournalEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as JournalEntry);
    } catch {
      /* a line cut by a crash: skipped */
    }
  }
  return out;
}

const SCALARS = ['status', 'priority', 'subject', 'type', 'category'] as const;

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const x = [...new Set(a.map((s) => s.toLowerCase()))].sort();
  const y = [...new Set(b.map((s) => s.toLowerCase()))].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
};

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && sameSet(a.map(String), b.map(String));
  if (a === null || b === null) return (a ?? '') === (b ?? '');
  return String(a) === String(b);
}

/** What changed between two states of a ticket: the tracked keys only, each side its own values. */
export function diff(before: Ticket | null, after: Ticket): { before: Snapshot; after: Snapshot } {
  const b: Snapshot = {};
  const a: Snapshot = {};
  const rb = b as Record<string, unknown>;
  const ra = a as Record<string, unknown>;
  for (const k of SCALARS) {
    if (!before || !sameValue(before[k], after[k])) {
      if (before) rb[k] = before[k];
      ra[k] = after[k];
    }
  }
  for (const k of ['cc', 'tags'] as const) {
    if (!before || !sameSet(before[k], after[k])) {
      if (before) b[k] = before[k];
      a[k] = after[k];
    }
  }
  const keys = new Set([...Object.keys(before?.fields ?? {}), ...Object.keys(after.fields)]);
  for (const k of keys) {
    const x = before?.fields[k] ?? null;
    const y = after.fields[k] ?? null;
    if (!before || !sameValue(x, y)) {
      if (before) (b.fields ??= {})[k] = x;
      (a.fields ??= {})[k] = y;
    }
  }
  return { before: b, after: a };
}

/** The keys of `snap` where `t` differs from it (empty: t matches). */
export function mismatches(t: Ticket, snap: Snapshot): string[] {
  const out: string[] = [];
  const rec = snap as Record<string, unknown>;
  for (const k of [...SCALARS, 'cc', 'tags'] as const) {
    if (k in rec && !sameValue((t as unknown as Record<string, unknown>)[k], rec[k])) out.push(k);
  }
  for (const [k, v] of Object.entries(snap.fields ?? {})) if (!sameValue(t.fields[k] ?? null, v)) out.push(`fields.${k}`);
  return out;
}
