import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Context } from '../context/index.js';
import type { Ticket } from '../model.js';
import { writeFileAtomic } from '../store/atomic.js';

// Recent tickets for shell completion: `list` and `show` remember what they printed (id, subject,
// status), per backend account, in the state dir. Completion reads this file and nothing else, so
// pressing Tab never waits on the network.

export interface RecentTicket {
  id: string;
  subject: string;
  status: string;
}

const MAX = 300;

/** The key of one backend account, as the category cache names its file (src/cli/run.ts). */
export function accountKey(kind: string, url: string | undefined | null, user: string | undefined | null): string {
  return createHash('sha256').update(`${kind}\n${url ?? ''}\n${user ?? ''}`).digest('hex').slice(0, 16);
}

export function recentFile(ctx: Context): string | null {
  try {
    const p = ctx.profile();
    return join(ctx.paths.state, 'cache', `recent-${accountKey(p.backend, p.url, p.user)}.json`);
  } catch {
    return null;
  }
}

export function readRecent(file: string): RecentTicket[] {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as { tickets?: RecentTicket[] };
    return Array.isArray(v.tickets) ? v.tickets.filter((t) => t && typeof t.id === 'string') : [];
  } catch {
    return [];
  }
}

/** Remember these tickets, newest first; a cache, so it never fails the command. */
export function rememberTickets(ctx: Context, tickets: Ticket[]): void {
  if (!tickets.length) return;
  const file = recentFile(ctx);
  if (!file) return;
  try {
    const fresh = tickets.slice(0, MAX).map((t) => ({ id: t.id, subject: t.subject.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').slice(0, 80), status: t.status }));
    const seen = new Set(fresh.map((t) => t.id));
    const merged = [...fresh, ...readRecent(file).filter((t) => !seen.has(t.id))].slice(0, MAX);
    writeFileAtomic(file, JSON.stringify({ tickets: merged }));
  } catch {
    /* not writable: completion just has less to offer */
  }
}
