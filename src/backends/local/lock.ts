import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ExitCode, TicketError } from '../../errors.js';

// The local store's cross-process lock: a file created with O_EXCL holding "pid host time".
// Unlike an mtime-only lock, a holder killed with SIGKILL is detected at once (its pid is gone),
// so a crash does not stall the next `ticket` process for the stale period. Holders keep it for
// milliseconds (a few small writes), so a lock older than STALE_MS is taken over as well.

const STALE_MS = 30_000;
/** A lock file still empty after this long belongs to a process killed between create and write. */
const EMPTY_STALE_MS = 2_000;
const BREAK_STALE_MS = 1_000;

export interface StoreLockOptions {
  waitMs?: number;
  /** Called (holding the lock) when it was taken over from a dead holder: time to sweep its temp files. */
  onBrokenLock?: () => void;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): { content: string; ageMs: number } | null {
  try {
    const st = statSync(path);
    const content = readFileSync(path, 'utf8');
    return { content, ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isStale(info: { content: string; ageMs: number }): boolean {
  const m = /^(\d+) (\S+) (\d+)/.exec(info.content);
  if (!m) return info.ageMs > EMPTY_STALE_MS;
  if (info.ageMs > STALE_MS) return true;
  if (m[2] === hostname()) return !pidAlive(Number(m[1]));
  return false;
}

/** Remove a stale lock, unless someone replaced it meanwhile. A second tiny lock serializes breakers. */
function breakLock(path: string, seen: string): boolean {
  const breaker = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const b = readLock(breaker);
    if (b && b.ageMs > BREAK_STALE_MS) {
      try {
        unlinkSync(breaker);
      } catch {
        /* someone else did */
      }
    }
    return false;
  }
  closeSync(fd);
  try {
    const now = readLock(path);
    if (now && now.content === seen) {
      unlinkSync(path);
      return true;
    }
    return false;
  } finally {
    try {
      unlinkSync(breaker);
    } catch {
      /* ignore */
    }
  }
}

function tryAcquire(path: string, token: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, token);
  } finally {
    closeSync(fd);
  }
  return true;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Run `fn` holding the store lock at `path`. Keep `fn` short and synchronous where possible. */
export async function withStoreLock<T>(path: string, fn: () => T | Promise<T>, opts: StoreLockOptions = {}): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const token = `${process.pid} ${hostname()} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 60_000);
  let delay = 2;
  let broke = false;
  while (!tryAcquire(path, token)) {
    const info = readLock(path);
    if (info && isStale(info)) {
      if (breakLock(path, info.content)) broke = true;
      continue;
    }
    if (Date.now() > deadline) {
      throw new TicketError('internal', ExitCode.failure, `Timed out waiting for the lock ${path}.`, {
        hint: 'Another ticket process is holding it; try again, or delete that file if no ticket process is running.',
        retryable: true,
      });
    }
    await sleep(1 + Math.random() * delay);
    delay = Math.min(delay * 2, 40);
  }
  try {
    if (broke) opts.onBrokenLock?.();
    return await fn();
  } finally {
    try {
      if (readFileSync(path, 'utf8') === token) unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}
