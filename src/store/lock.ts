import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TicketError, ExitCode } from '../errors.js';

export interface LockOptions {
  /** How long to keep trying before giving up, in milliseconds. */
  waitMs?: number;
  /** A lock not refreshed for this long belongs to a dead process and is taken over. */
  staleMs?: number;
}

/**
 * Run `fn` while holding a cross-process lock at `lockPath` (a directory created atomically with
 * mkdir, by proper-lockfile). A holder killed with SIGKILL leaves the directory behind; it is
 * considered stale after `staleMs` and taken over.
 */
export async function withLock<T>(lockPath: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const { default: lockfile } = await import('proper-lockfile');
  mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
  const stale = opts.staleMs ?? 10_000;
  const waitMs = opts.waitMs ?? 60_000;
  const deadline = Date.now() + waitMs;
  let compromised: Error | null = null;
  let release: (() => Promise<void>) | null = null;
  let delay = 5;
  for (;;) {
    try {
      release = await lockfile.lock(lockPath, {
        realpath: false,
        stale,
        update: Math.max(1000, Math.floor(stale / 2)),
        retries: 0,
        onCompromised: (err) => {
          compromised = err;
        },
      });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
        if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
          throw new TicketError('internal', ExitCode.failure, `Timed out waiting for the lock ${lockPath}.`, {
            hint: 'Another ticket process is holding it; try again, or remove the lock directory if no ticket process is running.',
            retryable: true,
          });
        }
        throw e;
      }
      // Jittered backoff, capped low: lock holders are short-lived.
      await new Promise((r) => setTimeout(r, Math.random() * delay));
      delay = Math.min(delay * 2, 100);
    }
  }
  try {
    const result = await fn();
    if (compromised) throw compromised;
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}
