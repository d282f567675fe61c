import { createWriteStream, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Backend } from '../backends/backend.js';
import { BACKEND_NAMES } from '../backends/backend.js';
import type { Attachment } from '../model.js';
import { NotFoundError, UsageError, ValidationError } from '../errors.js';
import { msg } from '../i18n/msg.js';
import { uniqueName } from '../util/file-name.js';

// `ticket download`: a ticket's attachments, fetched through the backend with the profile's
// credentials and streamed to disk (temp file in the target folder, then linked into place, so a
// file is either complete or absent and an existing one is never replaced without --force).

export interface DownloadOptions {
  name?: string;
  dir: string;
  force: boolean;
  /** Called as bytes arrive (progress bars). */
  onProgress?: (a: Attachment, received: number, total: number | null) => void;
  onStart?: (a: Attachment, fileName: string, total: number | null) => void;
  onDone?: (a: Attachment, path: string, bytes: number) => void;
}

export interface Downloaded {
  name: string;
  path: string;
  size: number;
}

/** A file name safe to create: no path, no `..`, no separators, no control characters. */
export function safeFileName(raw: string): string {
  let n = raw.normalize('NFC');
  n = n.replace(/^.*[/\\]/, ''); // a name that carries a path keeps only its last part
  // eslint-disable-next-line no-control-regex
  n = n.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '');
  n = n.replace(/[<>:"|?*]/g, '_').trim();
  n = n.replace(/^\.+/, (dots) => '_'.repeat(dots.length)); // no hidden files, no `..`
  n = n.replace(/[. ]+$/, '');
  while (Buffer.byteLength(n, 'utf8') > 200) n = n.slice(0, -1);
  return n || 'attachment';
}

/** `*.log`, `report-??.pdf`: shell-style, case-insensitive, against the whole name. */
export function globMatcher(pattern: string): (name: string) => boolean {
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', 'i');
  return (name) => re.test(name);
}

export async function downloadAttachments(backend: Backend, ticketId: string, o: DownloadOptions): Promise<Downloaded[]> {
  if (!backend.openAttachment) {
    throw new UsageError(msg('cmd.download.unsupported', { backend: BACKEND_NAMES[backend.kind] ?? backend.kind }));
  }
  const ticket = await backend.getTicket(ticketId, { comments: true });
  const all: Attachment[] = [];
  const seen = new Set<string>();
  for (const c of ticket.comments ?? []) {
    for (const a of c.attachments) {
      const key = a.url ?? `${c.id}/${a.name}`;
      if (!seen.has(key)) {
        seen.add(key);
        all.push(a);
      }
    }
  }
  if (!all.length) throw new NotFoundError(msg('cmd.download.none', { id: ticket.id }));
  const wanted = o.name ? all.filter((a) => globMatcher(o.name!)(a.name)) : all;
  if (!wanted.length) {
    throw new NotFoundError(msg('cmd.download.noMatch', { id: ticket.id, pattern: o.name ?? '' }), {
      hint: msg('cmd.download.noMatch.hint', { list: all.map((a) => a.name).join(', ') }),
    });
  }
  const dir = resolve(o.dir);
  mkdirSync(dir, { recursive: true });
  if (!statSync(dir).isDirectory()) throw new UsageError(msg('cmd.download.notDir', { dir: o.dir }));
  // Names first: two attachments called the same get "name (2).ext".
  const used = new Set<string>();
  const plan = wanted.map((a) => {
    const name = uniqueName(safeFileName(a.name), used);
    return { a, name, path: join(dir, name) };
  });
  if (!o.force) {
    const taken = plan.filter((p) => existsSync(p.path));
    if (taken.length) {
      throw new ValidationError(msg(taken.length === 1 ? 'cmd.download.exists' : 'cmd.download.existMany', { paths: taken.map((p) => p.path).join(', ') }), {
        hint: msg('cmd.download.exists.hint'),
      });
    }
  }
  const out: Downloaded[] = [];
  for (const p of plan) {
    const { stream, size } = await backend.openAttachment(ticket.id, p.a);
    o.onStart?.(p.a, p.name, size);
    const tmp = join(dir, `.${p.name}.${randomBytes(4).toString('hex')}.part`);
    let received = 0;
    const count = new Transform({
      transform(chunk: Buffer, _e, cb) {
        received += chunk.length;
        o.onProgress?.(p.a, received, size);
        cb(null, chunk);
      },
    });
    try {
      await pipeline(stream, count, createWriteStream(tmp, { flags: 'wx', mode: 0o644 }));
      if (size !== null && received !== size) {
        throw new ValidationError(msg('cmd.download.short', { name: p.a.name, received, size }), { retryable: true });
      }
      if (o.force) renameSync(tmp, p.path);
      else {
        // link() fails when the name appeared meanwhile: never replace a file without --force.
        linkSync(tmp, p.path);
        rmSync(tmp, { force: true });
      }
    } catch (e) {
      rmSync(tmp, { force: true });
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new ValidationError(msg('cmd.download.appeared', { path: p.path }), { hint: msg('cmd.download.appeared.hint') });
      }
      throw e;
    }
    o.onDone?.(p.a, p.path, received);
    out.push({ name: p.name, path: p.path, size: received });
  }
  return out;
}
