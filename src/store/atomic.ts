import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ConfigError, type TicketError } from '../errors.js';

/** What the environment did to a write, in words, with what to do about it. */
const FS_PROBLEMS: Record<string, { what: string; todo: (dir: string) => string }> = {
  ENOSPC: { what: 'the disk is full', todo: (d) => `Free some space on the disk that holds ${d}, then run the command again.` },
  EDQUOT: { what: 'your disk quota is exhausted', todo: (d) => `Free some space under ${d} (or ask for a larger quota), then run the command again.` },
  EROFS: { what: 'the file system is read-only', todo: () => 'Point TICKET_HOME (or XDG_STATE_HOME / XDG_DATA_HOME / XDG_CONFIG_HOME) at a writable directory, then run the command again.' },
  EACCES: { what: 'permission denied', todo: (d) => `Make ${d} writable by you (e.g. chmod u+rwx ${d}), or point TICKET_HOME at a writable directory.` },
  EPERM: { what: 'the operation is not permitted', todo: (d) => `Check the permissions and attributes of ${d}, or point TICKET_HOME at a writable directory.` },
  EMFILE: { what: 'too many files are open', todo: () => 'Close other programs or raise the limit (ulimit -n), then run the command again.' },
  EIO: { what: 'the disk reported an I/O error', todo: (d) => `Check the disk that holds ${d}, then run the command again.` },
};

/**
 * A file-system error of the environment (full disk, read-only home, permissions) as a TicketError
 * of exit 4 that says what happened, where, and what to do; null for anything else (a bug).
 * Writes are atomic, so such an error never leaves a half-written file: nothing was changed.
 */
export function fsEnvironmentError(e: unknown, path?: string): TicketError | null {
  const err = e as NodeJS.ErrnoException | undefined;
  const code = err?.code;
  if (!code || !Object.prototype.hasOwnProperty.call(FS_PROBLEMS, code)) return null;
  const p = path ?? err?.path ?? '';
  const dir = p ? dirname(p) : 'the data directory';
  const problem = FS_PROBLEMS[code]!;
  return new ConfigError(`Cannot write ${p || 'a file'}: ${problem.what} (${code}). Nothing was changed.`, {
    hint: problem.todo(dir),
    data: { errno: code, path: p || null },
    cause: e,
  });
}

/**
 * Write a file so that a crash at any instant leaves either the old content or the new one:
 * temp file in the same directory → write → fsync → rename → fsync the directory.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): void {
  try {
    writeAtomic(path, data, mode);
  } catch (e) {
    throw fsEnvironmentError(e, path) ?? e;
  }
}

function writeAtomic(path: string, data: string | Uint8Array, mode: number): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'wx', mode);
  try {
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(dir);
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on every platform; rename is still atomic */
  }
}

/** Temp files left by a writer killed mid-write: `.name.pid.rand.tmp`. */
export function isTempName(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
}
