import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

// Reading a file named by configuration (a forms file, a knowledge-base article): only a regular
// file, never more than a cap. A FIFO would block the open or the read forever, a device such as
// /dev/zero (directly or through a symbolic link) never ends, and a huge file costs seconds and
// gigabytes before anything useful happens. The caller turns the refusal into its own message.

export type FileProblem = 'missing' | 'loop' | 'not-regular' | 'too-big' | 'unreadable';

export class FileRefusedError extends Error {
  constructor(
    readonly problem: FileProblem,
    readonly path: string,
    /** What is wrong, as a phrase: "is a FIFO (named pipe)", "is 112.0 MB"... */
    readonly detail: string,
    readonly size?: number,
  ) {
    super(`${path} ${detail}`);
    this.name = 'FileRefusedError';
  }
}

/** "a FIFO (named pipe)", "a character device"... for a file that is not a regular one. */
export function fileKind(st: Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

function refusedByCode(e: unknown, path: string): FileRefusedError {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileRefusedError('missing', path, 'does not exist');
  if (code === 'ELOOP') return new FileRefusedError('loop', path, 'is a symbolic link that loops (it points to itself, directly or not)');
  return new FileRefusedError('unreadable', path, `cannot be read (${code ?? String((e as Error)?.message ?? e)})`);
}

function check(st: Stats, path: string, maxBytes: number): void {
  if (!st.isFile()) {
    const kind = fileKind(st);
    throw new FileRefusedError('not-regular', path, kind === 'not a regular file' ? 'is not a regular file' : `is ${kind}, not a regular file`);
  }
  if (st.size > maxBytes) {
    throw new FileRefusedError('too-big', path, `is ${formatBytes(st.size)}, over the limit of ${formatBytes(maxBytes)}`, st.size);
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
        throw new FileRefusedError('too-big', path, `is over the limit of ${formatBytes(maxBytes)}`, total);
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
