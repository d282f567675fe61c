// A cross-process lock for long holders (outbox send, ci-failure check-then-create): a file created
// with O_EXCL holding "pid host time". A holder killed with SIGKILL is detected at once on this
// machine (its pid is gone), so a crash does not stall the next sender; a holder on another host
// (shared home) or a reused pid is detected when the file's mtime, refreshed while held, gets old.

import { closeSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ExitCode, TicketError } from '../errors.js';

export interface PidLockOptions {
  /** Give up waiting after this long (ms). */
  waitMs?: number;
  /** A lock whose mtime is older than this is taken over (ms); the holder refreshes it every stale/3. */
  staleMs?: number;
}

function alive(pid: number): boolean {
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

function stale(info: { content: string; ageMs: number }, staleMs: number): boolean {
  const m = /^(\d+) (\S+) /.exec(info.content);
  if (!m) return info.ageMs > 2_000; // killed between create and write
  if (info.ageMs > staleMs) return true;
  return m[2] === hostname() && !alive(Number(m[1]));
}

/** Remove a stale lock unless it changed meanwhile; a tiny second lock serialises the breakers. */
function breakStale(path: string, seen: string): void {
  const breaker = `${path}.break`;
  let fd: number;
  try {
    fd = openSync(breaker, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const b = read(breaker);
    if (b && b.ageMs > 1_000) {
      try {
        unlinkSync(breaker);
      } catch {
        /* someone else did */
      }
    }
    return;
  }
  closeSync(fd);
  try {
    const now = read(path);
    if (now && now.content === seen) unlinkSync(path);
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

export async function withPidLock<T>(path: string, fn: () => Promise<T>, opts: PidLockOptions = {}): Promise<T> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const staleMs = opts.staleMs ?? 30_000;
  const token = `${process.pid} ${hostname()} ${Date.now()} ${Math.random().toString(36).slice(2)}\n`;
  const deadline = Date.now() + (opts.waitMs ?? 120_000);
  let delay = 2;
  while (!tryCreate(path, token)) {
    const info = read(path);
    if (info && stale(info, staleMs)) {
      breakStale(path, info.content);
      continue;
    }
    if (Date.now() > deadline) {
      throw new TicketError('internal', ExitCode.failure, `Timed out waiting for the lock ${path}.`, {
        hint: 'Another ticket process is holding it; try again later, or delete that file if no ticket process is running.',
        retryable: true,
      });
    }
    await new Promise((r) => setTimeout(r, 1 + Math.random() * delay));
    delay = Math.min(delay * 2, 50);
  }
  const refresh = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(path, t, t);
    } catch {
      /* lost it: nothing sensible to do mid-request; the state machine keeps delivery exactly-once */
    }
  }, Math.max(500, Math.floor(staleMs / 3)));
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    try {
      if (readFileSync(path, 'utf8') === token) unlinkSync(path);
    } catch {
      /* already gone */
    }
  }
}
