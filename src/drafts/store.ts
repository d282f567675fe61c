import { mkdirSync, readdirSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFileAtomic, isTempName } from '../store/atomic.js';
import type { FieldValue, Priority, TicketType } from '../model.js';

// Drafts of `ticket new`: one JSON file per unfinished ticket under <state>/drafts, written
// atomically (temp + fsync + rename) with mode 0600 after every answer, so Ctrl-C, a closed
// terminal, SIGTERM or a crash lose nothing that was answered. A draft is deleted once the backend
// confirmed the ticket, or once the outbox took it over (the outbox then owns the payload).

export interface Contact {
  name: string | null;
  email: string | null;
  phone: string | null;
}

/** Everything the wizard has collected so far. `undefined` = not asked yet. */
export interface WizardAnswers {
  category?: string;
  /** Markdown of the diagnostics section; '' when skipped. */
  diagnostics?: string;
  subject?: string;
  /** The knowledge-base step is over (searched and not solved, or skipped). */
  kbDone?: boolean;
  /** Articles read without solving the problem ("title (id or link)"), told to the support agent. */
  kbRead?: string[];
  fields: Record<string, FieldValue>;
  /** Keys of the fields already asked (an optional field left empty is asked, not answered). */
  askedFields: string[];
  /** Description sections by key (wanted, expected, ...); present once asked. */
  sections: Record<string, string>;
  /** A whole description (from --body, or edited in $EDITOR): replaces the sections. */
  body?: string;
  priority?: Priority;
  justification?: string;
  type?: TicketType;
  attachments?: string[];
  cc?: string[];
  contact?: Contact;
  /** The "one request = one ticket" warning was shown and the user chose to continue. */
  splitAccepted?: boolean;
  tags?: string[];
  dedupeKey?: string;
}

export interface Draft {
  schemaVersion: 1;
  id: string;
  createdAt: string;
  updatedAt: string;
  profile: string | null;
  backend: string;
  /** One key for every attempt of this logical ticket (idempotent retries, outbox). */
  idempotencyKey: string;
  answers: WizardAnswers;
}

export function emptyAnswers(): WizardAnswers {
  return { fields: {}, askedFields: [], sections: {} };
}

/** Short, sortable, readable: 20261123-130512-a3f9. */
export function newDraftId(now: Date): string {
  const iso = now.toISOString();
  const stamp = iso.slice(0, 10).replace(/-/g, '') + '-' + iso.slice(11, 19).replace(/:/g, '');
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

const ID_RE = /^[A-Za-z0-9._-]{1,80}$/;

export class DraftStore {
  readonly dir: string;
  constructor(stateDir: string) {
    this.dir = join(stateDir, 'drafts');
  }

  create(now: Date, meta: { profile: string | null; backend: string }): Draft {
    const iso = now.toISOString();
    return {
      schemaVersion: 1,
      id: newDraftId(now),
      createdAt: iso,
      updatedAt: iso,
      profile: meta.profile,
      backend: meta.backend,
      idempotencyKey: randomUUID(),
      answers: emptyAnswers(),
    };
  }

  path(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Atomic write, 0600, directory 0700. Synchronous on purpose: it runs right after each answer. */
  save(draft: Draft, now: Date): void {
    draft.updatedAt = now.toISOString();
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    try {
      chmodSync(this.dir, 0o700);
    } catch {
      /* best effort */
    }
    writeFileAtomic(this.path(draft.id), JSON.stringify(draft, null, 2) + '\n', 0o600);
  }

  get(id: string): Draft | null {
    if (!ID_RE.test(id)) return null;
    try {
      return normalize(JSON.parse(readFileSync(this.path(id), 'utf8')));
    } catch {
      return null;
    }
  }

  /** Newest first (by last change). Unreadable files are skipped. */
  list(): Draft[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    const out: Draft[] = [];
    for (const n of names) {
      if (!n.endsWith('.json') || isTempName(n)) continue;
      const d = this.get(n.slice(0, -5));
      if (d) out.push(d);
    }
    return out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : b.id.localeCompare(a.id)));
  }

  latest(): Draft | null {
    return this.list()[0] ?? null;
  }

  drop(id: string): boolean {
    if (!ID_RE.test(id)) return false;
    const p = this.path(id);
    try {
      readFileSync(p);
    } catch {
      return false;
    }
    rmSync(p, { force: true });
    return true;
  }
}

function normalize(raw: unknown): Draft | null {
  if (!raw || typeof raw !== 'object') return null;
  const d = raw as Partial<Draft>;
  if (typeof d.id !== 'string' || !d.answers || typeof d.answers !== 'object') return null;
  const a = d.answers as Partial<WizardAnswers>;
  return {
    schemaVersion: 1,
    id: d.id,
    createdAt: d.createdAt ?? new Date(0).toISOString(),
    updatedAt: d.updatedAt ?? d.createdAt ?? new Date(0).toISOString(),
    profile: d.profile ?? null,
    backend: d.backend ?? 'local',
    idempotencyKey: d.idempotencyKey ?? randomUUID(),
    answers: { ...a, fields: a.fields ?? {}, askedFields: a.askedFields ?? [], sections: a.sections ?? {} },
  };
}

/** The command that resumes a draft, as printed to the user. */
export function resumeCommand(id: string): string {
  return `ticket new --resume ${id}`;
}
