import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { contentLength, streamGet } from '../../http/stream.js';

/**
 * An attachment the backend gives as a link (Zendesk's `content_url`, Freshdesk's signed
 * `attachment_url`), streamed. The credentials go only to the helpdesk's own origin: a link or a
 * redirect to a storage host elsewhere gets none.
 */
export async function openLinkedAttachment(
  bc: BackendContext,
  ticketId: string,
  a: Attachment,
  backend: { name: string; origin: string; authorization: () => string },
): Promise<AttachmentStream> {
  if (!a.url) throw new NotFoundError(msg('err.noDownloadLink', { backend: backend.name, name: a.name, id: ticketId }));
  const res = await streamGet(a.url, {
    auth: () => ({ authorization: backend.authorization() }),
    authOrigin: backend.origin,
    timeoutMs: bc.profile.timeoutMs ?? 60_000,
    debug: bc.debug,
    what: msg('err.what.download', { name: a.name, backend: backend.name }),
  });
  return { stream: res, size: contentLength(res) ?? (a.size || null) };
}
