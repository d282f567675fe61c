import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { ConfigError, type TicketError } from '../errors.js';
import { msg, type Msg } from '../i18n/msg.js';

/** What the environment did to a write, in words, with what to do about it. */
const FS_PROBLEMS: Record<string, { what: Msg; todo: (dir: string | Msg) => Msg }> = {
  ENOSPC: { what: msg('err.fs.ENOSPC'), todo: (dir) => msg('err.fs.ENOSPC.hint', { dir }) },
  EDQUOT: { what: msg('err.fs.EDQUOT'), todo: (dir) => msg('err.fs.EDQUOT.hint', { dir }) },
  EROFS: { what: msg('err.fs.EROFS'), todo: () => msg('err.fs.EROFS.hint') },
  EACCES: { what: msg('err.fs.EACCES'), todo: (dir) => msg('err.fs.EACCES.hint', { dir }) },
  EPERM: { what: msg('err.fs.EPERM'), todo: (dir) => msg('err.fs.EPERM.hint', { dir }) },
  EMFILE: { what: msg('err.fs.EMFILE'), todo: () => msg('err.fs.EMFILE.hint') },
  EIO: { what: msg('err.fs.EIO'), todo: (dir) => msg('err.fs.EIO.hint', { dir }) },
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
  const dir = p ? dirname(p) : msg('err.fs.dataDir');
  const problem = FS_PROBLEMS[code]!;
  return new ConfigError(msg('err.fs.cannotWrite', { path: p || msg('err.fs.aFile'), problem: problem.what, code }), {
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
