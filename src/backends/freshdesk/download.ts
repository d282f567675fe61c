import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { openLinkedAttachment } from '../shared/download.js';
import { freshdeskAuthHeader, freshdeskOrigin } from './api.js';

/**
 * Freshdesk's `attachment_url` is a signed, short-lived storage link: fetched as is, streamed. The
 * API key goes only to the helpdesk's own origin, should a link point there.
 */
export function openFreshdeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  return openLinkedAttachment(bc, ticketId, a, { name: 'Freshdesk', origin: freshdeskOrigin(bc), authorization: () => freshdeskAuthHeader(bc) });
}
