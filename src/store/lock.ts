// The one cross-process lock of the project (local store, config, outbox senders, ci-failure's
// check-then-create): a file created with O_EXCL that holds "pid host time nonce".
//
// Why not an mtime-only lock (proper-lockfile): a holder killed with SIGKILL would stall every
// other process for the whole stale period. Here a dead holder on this machine is detected at once
// (its pid is gone); a holder on another host (shared home) or a reused pid is detected when the
// file's mtime, refreshed while the lock is held, gets older than `staleMs`.

import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ExitCode, TicketError } from '../errors.js';
import { msg } from '../i18n/msg.js';

export interface LockOptions {
  /** Give up waiting after this long (ms). */
  waitMs?: number;
  /** A lock whose mtime is older than this is taken over (ms); the holder refreshes it every stale/3. */
  staleMs?: number;
  /** Called, holding the lock, when it was taken over from a dead holder: time to sweep its leftovers. */
  onBrokenLock?: () => void;
}

/** Killed between creating the file and writing its content. */
const EMPTY_STALE_MS = 2_000;
const BREAKER_STALE_MS = 1_000;

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function read(path: string): { content: string; ageMs: number } | null {
  try {
    const st = statSync(path);
    return { content: readFileSync(path, 'utf8'), ageMs: Date.now() - st.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function isStale(info: { content: string; ageMs: number }, staleMs: number): boolean {
  const m = /^(\d+) (\S+) /.exec(info.content);
  if (!m) return info.ageMs > EMPTY_STALE_MS;
  if (info.ageMs > staleMs) return true;
  return m[2] === hostname() && !pidAlive(Number(m[1]));
}

/** Remove a stale lock unless it changed meanwhile; a tiny second lock serialises the breakers. */
function breakStale(path: string, seen: string): boolean {
  const breaker = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const b = read(breaker);
    if (b && b.ageMs > BREAKER_STALE_MS) {
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
    const now = read(path);
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

function tryCreate(path: string, token: string): boolean {
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

/** Run `fn` while holding the lock file at `lockPath`. */
export async function withLock<T>(lockPath: string, fn: () => T | Promise<T>, opts: LockOptions = {}): Promise<T> {
  mkdirSync(dirname(lockPath), { recursive: true, mode: 0o700 });
  const staleMs = opts.staleMs ?? 30_000;
  const token = `${process.pid} ${hostname()} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let delay = 2;
  let broke = false;
  while (!tryCreate(lockPath, token)) {
    const info = read(lockPath);
    if (info && isStale(info, staleMs)) {
      if (breakStale(lockPath, info.content)) broke = true;
      continue;
    }
    if (Date.now() > deadline) {
      throw new TicketError('internal', ExitCode.failure, msg('err.lock.timeout', { path: lockPath }), {
        hint: msg('err.lock.timeout.hint'),
        retryable: true,
      });
    }
    await new Promise((r) => setTimeout(r, 1 + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
  const refresh = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(lockPath, t, t);
    } catch {
      /* lost it: nothing sensible to do mid-operation; callers' state machines stay exactly-once */
    }
  }, Math.max(500, Math.floor(staleMs / 3)));
  refresh.unref();
  try {
    if (broke) opts.onBrokenLock?.();
    return await fn();
  } finally {
    clearInterval(refresh);
    try {
      if (readFileSync(lockPath, 'utf8') === token) unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  }
}
