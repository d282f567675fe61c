// Zendesk uploads (one token per file, attached to the next comment) and the dedupe marker.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { AttachmentInput } from '../../model.js';
import { ok } from './api.js';
import { msg } from '../../i18n/msg.js';
import type { ZdState } from './state.js';

/** The tag and external id that mark a ticket created with a dedupe key. */
export function dedupeMarker(key: string): string {
  return 'dedupe_' + createHash('sha256').update(key).digest('hex').slice(0, 24);
}

/** Large files on slow links: allow at least 100 KB/s on top of the usual timeout. */
export function uploadTimeoutMs(base: number | undefined, bytes: number): number {
  return (base ?? 30_000) + Math.ceil(bytes / 100);
}

/** POST /uploads?filename=… with the raw bytes; one token per file. */
export async function uploadAll(st: ZdState, files: AttachmentInput[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const f of files) {
    const data = await readFile(f.path);
    const res = await st.http.request({
      method: 'POST',
      path: 'uploads',
      query: { filename: f.name },
      headers: { 'content-type': f.contentType || 'application/octet-stream' },
      body: data,
      timeoutMs: uploadTimeoutMs(st.bc.profile.timeoutMs, data.length),
    });
    const body = ok(res, msg('err.what.upload', { name: f.name, backend: 'Zendesk' })).json<{ upload: { token: string } }>();
    tokens.push(body.upload.token);
  }
  return tokens;
}

