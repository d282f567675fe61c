// Per-pipeline-run bookkeeping on this machine: which fingerprints this run already filed as new
// tickets, for the --max-new storm breaker.
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic.js';

export function runFile(stateDir: string, runKey: string): string {
  return join(stateDir, 'ci', 'runs', createHash('sha256').update(runKey).digest('hex').slice(0, 24) + '.json');
}

export function readRun(path: string): { created: string[] } {
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { created?: unknown };
    return { created: Array.isArray(j.created) ? j.created.filter((x): x is string => typeof x === 'string') : [] };
  } catch {
    return { created: [] };
  }
}

export function recordCreated(path: string, fp: string): void {
  const r = readRun(path);
  if (!r.created.includes(fp)) r.created.push(fp);
  writeFileAtomic(path, JSON.stringify(r) + '\n', 0o600);
}
