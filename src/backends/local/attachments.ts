import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Attachment, AttachmentInput } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { fsyncDir } from '../../store/atomic.js';
import { uniqueName } from '../../util/file-name.js';

// Attachments of the local backend: checked before the lock is taken, copied into
// attachments/<ticket>/<comment>/ under it.

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;

function safeName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const n = basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f/]/g, '_').trim();
  return n === '' || n === '.' || n === '..' ? 'attachment' : n.slice(0, 200);
}

export function checkAttachments(files: AttachmentInput[]): void {
  for (const a of files) {
    let st;
    try {
      st = statSync(a.path);
    } catch {
      throw new ValidationError(msg('err.attach.unreadable', { path: a.path }), { hint: msg('err.attach.unreadable.hint') });
    }
    if (!st.isFile()) throw new ValidationError(msg('err.attach.notFile', { path: a.path }), { hint: msg('err.attach.notFile.hint') });
    if (st.size > ATTACHMENT_MAX_BYTES) {
      throw new ValidationError(msg('err.attach.tooBig', { path: a.path, size: st.size, max: ATTACHMENT_MAX_BYTES }), {
        hint: msg('err.attach.tooBig.hint'),
      });
    }
  }
}

/** Copy files into attachments/<ticket>/<comment>/: temp name, fsync, rename. */
export function copyAttachments(attachmentsDir: string, ticketId: string, commentId: string, files: AttachmentInput[]): Attachment[] {
  if (files.length === 0) return [];
  const dir = join(attachmentsDir, ticketId, commentId);
  rmSync(dir, { recursive: true, force: true }); // leftovers of a writer killed mid-copy
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const used = new Set<string>();
  const out: Attachment[] = [];
  for (const a of files) {
    const name = uniqueName(safeName(a.name || a.path), used);
    const final = join(dir, name);
    const tmp = join(dir, `.${name}.tmp`);
    copyFileSync(a.path, tmp);
    const fd = openSync(tmp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, final);
    out.push({ name, size: statSync(final).size, url: pathToFileURL(final).href });
  }
  fsyncDir(dir);
  return out;
}
