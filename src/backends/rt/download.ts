// RT attachments through REST 2.0: `GET /attachment/{id}` answers JSON whose `Content` is the file
// in base64 (with line breaks). Reading that whole JSON would hold a 200 MB file in memory (and
// more as base64), so the answer is scanned as it arrives and only the Content string is decoded,
// four base64 characters at a time, straight into the output stream.

import { Transform, type TransformCallback } from 'node:stream';
import type { AttachmentStream } from '../backend.js';
import type { Attachment } from '../../model.js';
import { NotFoundError, UnavailableError } from '../../errors.js';
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
  if (!id) throw new NotFoundError(`RT gave no attachment id for ${a.name} on ticket #${ticketId}.`);
  await deps.ready();
  const res = await streamGet(`${deps.root}/REST/2.0/attachment/${id}`, {
    auth: deps.auth,
    authOrigin: new URL(deps.root).origin,
    headers: { accept: 'application/json' },
    timeoutMs: deps.timeoutMs,
    debug: deps.debug,
    what: `Downloading ${a.name} from RT`,
  });
  const decoder = new Base64ContentExtractor(a.name);
  res.on('error', (e) => decoder.destroy(e));
  return { stream: res.pipe(decoder), size: a.size > 0 ? a.size : null };
}

const B64 = new Uint8Array(256);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=') B64[ch.charCodeAt(0)] = 1;

/**
 * JSON bytes in, the decoded `Content` of the top-level object out. A small state machine over the
 * JSON structure (strings, escapes, nesting), so a "Content" key inside a nested object or a
 * string is never mistaken for it.
 */
export class Base64ContentExtractor extends Transform {
  private depth = 0;
  private inString = false;
  private escape = false;
  private unicodeLeft = 0;
  private key = '';
  private expectKey = false;
  private lastKey = '';
  private inContent = false;
  private found = false;
  private done = false;
  private pending = '';

  constructor(private readonly what: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    let b64 = '';
    for (let i = 0; i < chunk.length; i++) {
      const x = chunk[i];
      if (this.inContent) {
        if (this.escape) {
          this.escape = false;
          if (x === 0x2f) b64 += '/'; // \/ ; \n \r \t are line breaks of the base64
          else if (x === 0x75) this.unicodeLeft = 4;
          continue;
        }
        if (this.unicodeLeft > 0) {
          this.unicodeLeft--;
          continue;
        }
        if (x === 0x5c) this.escape = true;
        else if (x === 0x22) {
          this.inContent = false;
          this.inString = false;
          this.done = true;
        } else if (B64[x]) b64 += String.fromCharCode(x);
        continue;
      }
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
      cb(new UnavailableError(`RT's answer for ${this.what} had no complete content.`, { retryable: true }));
      return;
    }
    if (this.pending) this.push(Buffer.from(this.pending, 'base64'));
    cb();
  }
}
