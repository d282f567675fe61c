// Request bodies with attachments: JSON, or multipart/form-data when there are files.
import { readFile } from 'node:fs/promises';
import { FormData } from '../../http/client.js';
import type { AttachmentInput, FieldValue } from '../../model.js';

/** A JSON payload, or the same as multipart fields (`tags[]`, `custom_fields[cf_x]`, `attachments[]`). */
export async function payload(data: Record<string, unknown>, files: AttachmentInput[]): Promise<{ json?: unknown; body?: FormData; timeoutMs?: number }> {
  if (!files.length) return { json: data };
  const form = new FormData();
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) {
      for (const item of v) form.append(`${k}[]`, String(item));
    } else if (typeof v === 'object') {
      for (const [ck, cv] of Object.entries(v as Record<string, FieldValue>)) {
        if (Array.isArray(cv)) for (const item of cv) form.append(`${k}[${ck}][]`, String(item));
        else form.append(`${k}[${ck}]`, String(cv));
      }
    } else {
      form.append(k, String(v));
    }
  }
  for (const f of files) {
    const buf = await readFile(f.path);
    form.append('attachments[]', new Blob([buf], { type: f.contentType || 'application/octet-stream' }), f.name);
  }
  // Large files on slow links: allow at least 100 KB/s on top of the usual 30 s.
  return { body: form, timeoutMs: 30_000 + Math.ceil(files.reduce((n, f) => n + f.size, 0) / 100) };
}
