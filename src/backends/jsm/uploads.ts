// Temporary attachments (X-Atlassian-Token: no-check), attaching them, and participants by e-mail.
import { readFile } from 'node:fs/promises';
import { FormData } from '../../http/client.js';
import type { AttachmentInput } from '../../model.js';
import { ValidationError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { EXPERIMENTAL, getJson, ok, sendJson } from './api.js';
import type { JsmState } from './state.js';
import type { JsmComment, JsmUser } from './types.js';

function uploadTimeoutMs(base: number | undefined, bytes: number): number {
  return (base ?? 30_000) + Math.ceil(bytes / 100);
}

/**
 * POST /servicedesk/{id}/attachTemporaryFile, multipart field `file`, with `X-Atlassian-Token:
 * no-check` (Jira's XSRF check refuses multipart without it). One temporary id per file.
 */
export async function uploadTemporary(st: JsmState, deskId: string, files: AttachmentInput[]): Promise<string[]> {
  const ids: string[] = [];
  for (const f of files) {
    const data = await readFile(f.path);
    const form = new FormData();
    form.append('file', new Blob([data], { type: f.contentType || 'application/octet-stream' }), f.name);
    const res = await st.http.request({
      method: 'POST',
      path: `servicedesk/${deskId}/attachTemporaryFile`,
      body: form,
      headers: { 'x-atlassian-token': 'no-check', ...EXPERIMENTAL },
      timeoutMs: uploadTimeoutMs(st.bc.profile.timeoutMs, data.length),
    });
    const body = ok(res, msg('err.what.jsm.upload', { name: f.name })).json<{ temporaryAttachments?: { temporaryAttachmentId: string; fileName?: string }[] }>();
    ids.push(...(body.temporaryAttachments ?? []).map((t) => t.temporaryAttachmentId));
  }
  return ids;
}

/** Attach uploaded files to a request (public; customers can only add public attachments). */
export async function attachTemporary(st: JsmState, key: string, ids: string[], isPublic: boolean, comment?: string | null): Promise<{ comment?: JsmComment }> {
  const body: Record<string, unknown> = { temporaryAttachmentIds: ids, public: isPublic };
  if (comment) body.additionalComment = { body: comment };
  return sendJson(st.http, 'POST', `request/${encodeURIComponent(key)}/attachment`, body, msg('err.what.jsm.attach', { id: key }), EXPERIMENTAL);
}

/**
 * E-mail → Atlassian account id, through the platform user search (Cloud hides e-mails of other
 * users by default: an address that finds nobody is refused, naming it).
 */
export async function accountIdsFor(st: JsmState, emails: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const email of emails) {
    const found = await st.viaPlatform(() => getJson<JsmUser[]>(st.http, st.platform('user/search'), { query: email, maxResults: 10 }, msg('err.what.jiraUserSearch')));
    if (found === null) {
      throw new ValidationError(msg('err.jsm.noUserLookup', { email }), { hint: msg('err.jsm.noUserLookup.hint') });
    }
    const hit = found.find((u) => u.emailAddress?.toLowerCase() === email.toLowerCase()) ?? (found.length === 1 ? found[0] : undefined);
    const id = hit?.accountId ?? hit?.name;
    if (!id) throw new ValidationError(msg('err.jsm.noAccount', { email }), { hint: msg('err.jsm.noAccount.hint') });
    out.push(id);
  }
  return out;
}
