import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';
import { withLock } from '../store/lock.js';

// Requests that ended without a ticket because an article (or an announced incident) answered
// them. Counted on this machine only, in <state>/deflections.json; `ticket doctor` shows the count.

export type DeflectionReason = 'kb' | 'incident';

export interface DeflectionLog {
  count: number;
  byReason: Record<DeflectionReason, number>;
  /** The last few, newest last: what was asked and which article answered. */
  recent: { at: string; reason: DeflectionReason; subject: string | null; article: string | null; category: string | null }[];
}

const RECENT = 20;

function file(stateDir: string): string {
  return join(stateDir, 'deflections.json');
}

export function readDeflections(stateDir: string): DeflectionLog {
  try {
    const j = JSON.parse(readFileSync(file(stateDir), 'utf8')) as Partial<DeflectionLog>;
    return {
      count: typeof j.count === 'number' ? j.count : 0,
      byReason: { kb: j.byReason?.kb ?? 0, incident: j.byReason?.incident ?? 0 },
      recent: Array.isArray(j.recent) ? j.recent : [],
    };
  } catch {
    return { count: 0, byReason: { kb: 0, incident: 0 }, recent: [] };
  }
}

export async function recordDeflection(
  stateDir: string,
  entry: { at: Date; reason: DeflectionReason; subject: string | null; article: string | null; category: string | null },
): Promise<DeflectionLog> {
  return withLock(
    join(stateDir, 'deflections.lock'),
    async () => {
      const log = readDeflections(stateDir);
      log.count += 1;
      log.byReason[entry.reason] += 1;
      log.recent.push({ ...entry, at: entry.at.toISOString() });
      log.recent = log.recent.slice(-RECENT);
      writeFileAtomic(file(stateDir), JSON.stringify(log, null, 2) + '\n', 0o600);
      return log;
    },
    { waitMs: 10_000 },
  );
}
