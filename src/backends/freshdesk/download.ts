import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';
import { contentLength, streamGet } from '../../http/stream.js';
import { freshdeskAuthHeader, freshdeskOrigin } from './api.js';

/**
 * Freshdesk's `attachment_url` is a signed, short-lived storage link: fetched as is, streamed. The
 * API key goes only to the helpdesk's own origin, should a link point there.
 */
export async function openFreshdeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  if (!a.url) throw new NotFoundError(msg('err.noDownloadLink', { backend: 'Freshdesk', name: a.name, id: ticketId }));
  const res = await streamGet(a.url, {
    auth: () => ({ authorization: freshdeskAuthHeader(bc) }),
    authOrigin: freshdeskOrigin(bc),
    timeoutMs: bc.profile.timeoutMs ?? 60_000,
    debug: bc.debug,
    what: msg('err.what.download', { name: a.name, backend: 'Freshdesk' }),
  });
  return { stream: res, size: contentLength(res) ?? (a.size || null) };
}
