// A create's idempotency key, saved before the first send. A create killed after the server accepted
// it and before the id was printed (SIGKILL, a closed terminal, a crash) leaves this record; running
// the same command again finds it, looks the ticket up by that key or re-sends with the same key
// (Zendesk answers with the ticket it made), so it gets the ticket created the first time instead of
// a second one. The record holds a fingerprint of the inputs and the key, nothing else, and is
// removed once the create is answered (or handed to the outbox, which carries the key itself).
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateInput } from '../model.js';
import { writeFileAtomic } from '../store/atomic.js';

/** A re-run later than this is a new request, not the same one retried. */
export const PENDING_TTL_MS = 24 * 3600_000;

export interface PendingCreate {
  file: string;
  key: string;
  /** True when an earlier run of the same command left the key: it may have been created. */
  rerun: boolean;
}

/** What makes two runs "the same command": where it goes and everything it says. */
export function createFingerprint(profile: string | null, backend: string, input: CreateInput): string {
  const what = {
    profile,
    backend,
    category: input.category,
    subject: input.subject,
    body: input.body,
    priority: input.priority,
    type: input.type,
    fields: Object.keys(input.fields ?? {})
      .sort()
      .map((k) => [k, input.fields[k]]),
    cc: [...(input.cc ?? [])].sort(),
    tags: [...(input.tags ?? [])].sort(),
    attachments: (input.attachments ?? []).map((a) => [a.name, a.size]),
    dedupeKey: input.dedupeKey ?? null,
  };
  return createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 32);
}

/** The key for this create: the one an earlier, unfinished run saved, or a new one saved now. */
export function claimCreateKey(stateDir: string, fingerprint: string, now: Date): PendingCreate {
  const file = join(stateDir, 'pending-creates', `${fingerprint}.json`);
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { key?: unknown; createdAt?: unknown };
    const at = Date.parse(String(saved.createdAt));
    if (typeof saved.key === 'string' && /^[A-Za-z0-9-]{8,100}$/.test(saved.key) && now.getTime() - at < PENDING_TTL_MS) {
      return { file, key: saved.key, rerun: true };
    }
  } catch {
    /* none, or unreadable: a new key */
  }
  const key = randomUUID();
  writeFileAtomic(file, JSON.stringify({ key, createdAt: now.toISOString() }) + '\n', 0o600);
  return { file, key, rerun: false };
}

export function releaseCreateKey(p: PendingCreate | null): void {
  if (p) rmSync(p.file, { force: true });
}
