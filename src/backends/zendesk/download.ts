import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { contentLength, streamGet } from '../../http/stream.js';
import { zendeskAuthHeader, zendeskOrigin } from './api.js';

/**
 * An attachment's `content_url` (on the account's own host; it may redirect to a signed download
 * link elsewhere, which gets no credentials), streamed.
 */
export async function openZendeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  if (!a.url) throw new NotFoundError(msg('err.noDownloadLink', { backend: 'Zendesk', name: a.name, id: ticketId }));
  const res = await streamGet(a.url, {
    auth: () => ({ authorization: zendeskAuthHeader(bc) }),
    authOrigin: zendeskOrigin(bc),
    timeoutMs: bc.profile.timeoutMs ?? 60_000,
    debug: bc.debug,
    what: msg('err.what.download', { name: a.name, backend: 'Zendesk' }),
  });
  return { stream: res, size: contentLength(res) ?? (a.size || null) };
}
