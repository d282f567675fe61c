import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { contentLength, streamGet } from '../../http/stream.js';
import { zendeskAuthHeader, zendeskOrigin } from './api.js';

/**
 * An attachment's `content_url` (on the account's own host; it may redirect to a signed download
 * link elsewhere, which gets no credentials), streamed.
 */
export async function openZendeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  if (!a.url) throw new NotFoundError(`Zendesk gave no download link for ${a.name} on ticket #${ticketId}.`);
  const res = await streamGet(a.url, {
    auth: () => ({ authorization: zendeskAuthHeader(bc) }),
    authOrigin: zendeskOrigin(bc),
    timeoutMs: bc.profile.timeoutMs ?? 60_000,
    debug: bc.debug,
    what: `Downloading ${a.name} from Zendesk`,
  });
  return { stream: res, size: contentLength(res) ?? (a.size || null) };
}
