import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { contentLength, streamGet } from '../../http/stream.js';
import { freshdeskAuthHeader, freshdeskOrigin } from './api.js';

/**
 * Freshdesk's `attachment_url` is a signed, short-lived storage link: fetched as is, streamed. The
 * API key goes only to the helpdesk's own origin, should a link point there.
 */
export async function openFreshdeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  if (!a.url) throw new NotFoundError(`Freshdesk gave no download link for ${a.name} on ticket #${ticketId}.`);
  const res = await streamGet(a.url, {
    auth: () => ({ authorization: freshdeskAuthHeader(bc) }),
    authOrigin: freshdeskOrigin(bc),
    timeoutMs: bc.profile.timeoutMs ?? 60_000,
    debug: bc.debug,
    what: `Downloading ${a.name} from Freshdesk`,
  });
  return { stream: res, size: contentLength(res) ?? (a.size || null) };
}
