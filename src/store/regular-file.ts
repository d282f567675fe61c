import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { english } from '../i18n/english.js';
import { msg, type Msg } from '../i18n/msg.js';

// Reading a file named by configuration (a forms file, a knowledge-base article): only a regular
// file, never more than a cap. A FIFO would block the open or the read forever, a device such as
// /dev/zero (directly or through a symbolic link) never ends, and a huge file costs seconds and
// gigabytes before anything useful happens. The caller turns the refusal into its own message.

export type FileProblem = 'missing' | 'loop' | 'not-regular' | 'too-big' | 'unreadable';

export class FileRefusedError extends Error {
  /** What is wrong, as a phrase in English: "is a FIFO (named pipe)", "is 112.0 MB"... */
  readonly detail: string;
  constructor(
    readonly problem: FileProblem,
    readonly path: string,
    /** The same phrase as a catalogue message, to say it in the user's language. */
    readonly detailMsg: Msg,
    readonly size?: number,
  ) {
    const detail = english(detailMsg);
    super(`${path} ${detail}`);
    this.detail = detail;
    this.name = 'FileRefusedError';
  }
}

/** "a FIFO (named pipe)", "a character device"... for a file that is not a regular one (null: none of those). */
export function fileKind(st: Stats): Msg | null {
  if (st.isDirectory()) return msg('err.file.kind.directory');
  if (st.isFIFO()) return msg('err.file.kind.fifo');
  if (st.isCharacterDevice()) return msg('err.file.kind.char');
  if (st.isBlockDevice()) return msg('err.file.kind.block');
  if (st.isSocket()) return msg('err.file.kind.socket');
  return null;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function refusedByCode(e: unknown, path: string): FileRefusedError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileRefusedError('missing', path, msg('err.file.missing'));
  if (code === 'ELOOP') return new FileRefusedError('loop', path, msg('err.file.loop'));
  return new FileRefusedError('unreadable', path, msg('err.file.unreadable', { reason: code ?? String((e as Error)?.message ?? e) }));
}

function check(st: Stats, path: string, maxBytes: number): void {
  if (!st.isFile()) {
    const kind = fileKind(st);
    throw new FileRefusedError('not-regular', path, kind ? msg('err.file.notRegularKind', { kind }) : msg('err.file.notRegular'));
  }
  if (st.size > maxBytes) {
    throw new FileRefusedError('too-big', path, msg('err.file.tooBig', { size: formatBytes(st.size), max: formatBytes(maxBytes) }), st.size);
  }
}

/** stat (through symbolic links) a file that must be regular and at most `maxBytes`. */
export function statRegularFile(path: string, maxBytes: number): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    throw refusedByCode(e, path);
  }
  check(st, path, maxBytes);
  return st;
}

/**
 * The content of a regular file of at most `maxBytes`. The file is opened without blocking (a FIFO
 * put in its place between a stat and the read cannot hang us) and checked on the open descriptor;
 * a file that grows while it is read is still cut at the cap and refused.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw refusedByCode(e, path);
  }
  try {
    const st = fstatSync(fd);
    check(st, path, maxBytes);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 1, maxBytes + 1 - total, 1 << 20) || 1);
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) {
        throw new FileRefusedError('too-big', path, msg('err.file.overLimit', { max: formatBytes(maxBytes) }), total);
      }
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } catch (e) {
    if (e instanceof FileRefusedError) throw e;
    throw refusedByCode(e, path);
  } finally {
    closeSync(fd);
  }
}
