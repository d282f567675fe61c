// RT attachments through REST 2.0: `GET /attachment/{id}` answers JSON whose `Content` is the file
// in base64 (with line breaks). Reading that whole JSON would hold a 200 MB file in memory (and
// more as base64), so the answer is scanned as it arrives and only the Content string is decoded,
// four base64 characters at a time, straight into the output stream.

import { Transform, type TransformCallback } from 'node:stream';
import type { AttachmentStream } from '../backend.js';
import type { Attachment } from '../../model.js';
import { NotFoundError, UnavailableError, type Text } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { streamGet } from '../../http/stream.js';

export interface RtDownloadDeps {
  root: string;
  /** The profile's credentials (token, Basic or the session cookie), as the adapter sends them. */
  auth: () => Record<string, string>;
  /** One authenticated request first: logs in or renews the session, and checks the ticket is visible. */
  ready: () => Promise<unknown>;
  timeoutMs?: number;
  debug?: (line: string) => void;
}

/** The attachment id in the URL the adapter gives (`/Ticket/Attachment/<txn>/<id>/<name>`). */
export function rtAttachmentId(a: Attachment): string | null {
  return /\/Ticket\/Attachment\/\d+\/(\d+)(?:\/|$)/.exec(a.url ?? '')?.[1] ?? null;
}

export async function openRtAttachment(deps: RtDownloadDeps, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  const id = rtAttachmentId(a);
  if (!id) throw new NotFoundError(msg('err.rt.noAttachmentId', { name: a.name, id: ticketId }));
  await deps.ready();
  const res = await streamGet(`${deps.root}/REST/2.0/attachment/${id}`, {
    auth: deps.auth,
    authOrigin: new URL(deps.root).origin,
    headers: { accept: 'application/json' },
    timeoutMs: deps.timeoutMs,
    debug: deps.debug,
    what: msg('err.what.download', { name: a.name, backend: 'RT' }),
  });
  const decoder = new Base64ContentExtractor(a.name);
  res.on('error', (e) => decoder.destroy(e));
  return { stream: res.pipe(decoder), size: a.size > 0 ? a.size : null };
}

/** An escape cut by the end of a chunk ("\\", "\\u12") is kept for the next one. */
function splitIncompleteEscape(seg: string): [string, string] {
  const m = /(\\+)(u[0-9a-fA-F]{0,3})?$/.exec(seg);
  if (!m || m[1].length % 2 === 0) return [seg, ''];
  const cut = 1 + (m[2]?.length ?? 0);
  return [seg.slice(0, seg.length - cut), seg.slice(seg.length - cut)];
}

/** The index of the quote that ends the string, skipping escaped ones; -1 when not in this chunk. */
function findClosingQuote(chunk: Buffer, from: number, carry: string): number {
  let escaped = carry === '\\';
  for (let i = from; i < chunk.length; i++) {
    const x = chunk[i];
    if (escaped) escaped = false;
    else if (x === 0x5c) escaped = true;
    else if (x === 0x22) return i;
  }
  return -1;
}

/**
 * JSON bytes in, the decoded `Content` of the top-level object out. A small state machine over the
 * JSON structure (strings, escapes, nesting), so a "Content" key inside a nested object or a
 * string is never mistaken for it.
 */
export class Base64ContentExtractor extends Transform {
  private depth = 0;
  private inString = false;
  private escape = false;
  private key = '';
  private expectKey = false;
  private lastKey = '';
  private inContent = false;
  private found = false;
  private done = false;
  private pending = '';

  constructor(private readonly what: Text) {
    super();
  }

  /** Unfinished escape carried from the previous chunk of the Content string. */
  private carry = '';

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let b64 = '';
    let i = 0;
    while (i < chunk.length) {
      if (this.inContent) {
        // Bulk: everything up to the closing quote at once (base64, "\n" and "\/" escapes).
        const q = findClosingQuote(chunk, i, this.carry);
        const end = q < 0 ? chunk.length : q;
        let seg = this.carry + chunk.toString('latin1', i, end);
        this.carry = '';
        if (q < 0) [seg, this.carry] = splitIncompleteEscape(seg);
        b64 += seg.replace(/\\u[0-9a-fA-F]{4}/g, '').replace(/\\\//g, '/').replace(/\\[nrtbf]/g, '').replace(/[^A-Za-z0-9+/=]/g, '');
        if (q < 0) break;
        this.inContent = false;
        this.done = true;
        i = q + 1;
        continue;
      }
      const x = chunk[i++];
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (x === 0x5c) this.escape = true;
        else if (x === 0x22) {
          this.inString = false;
          if (this.depth === 1 && this.expectKey) this.lastKey = this.key;
        } else if (this.depth === 1 && this.expectKey && this.key.length < 64) this.key += String.fromCharCode(x);
        continue;
      }
      switch (x) {
        case 0x22: // "
          if (this.depth === 1 && !this.expectKey && this.lastKey === 'Content' && !this.found) {
            this.inContent = true;
            this.found = true;
          } else {
            this.inString = true;
            this.key = '';
          }
          break;
        case 0x7b: // {
        case 0x5b: // [
          this.depth++;
          if (this.depth === 1) this.expectKey = x === 0x7b;
          break;
        case 0x7d:
        case 0x5d:
          this.depth--;
          break;
        case 0x3a: // :
          if (this.depth === 1) this.expectKey = false;
          break;
        case 0x2c: // ,
          if (this.depth === 1) {
            this.expectKey = true;
            this.lastKey = '';
          }
          break;
      }
    }
    if (b64) {
      const all = this.pending + b64;
      const whole = all.length - (all.length % 4);
      this.pending = all.slice(whole);
      if (whole) this.push(Buffer.from(all.slice(0, whole), 'base64'));
    }
    cb();
  }

  override _flush(cb: TransformCallback): void {
    if (!this.found || !this.done) {
      cb(new UnavailableError(msg('err.rt.incompleteContent', { what: this.what }), { retryable: true }));
      return;
    }
    if (this.pending) this.push(Buffer.from(this.pending, 'base64'));
    cb();
  }
}
