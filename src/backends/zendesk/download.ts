import type { AttachmentStream } from '../backend.js';
import type { BackendContext } from '../context.js';
import type { Attachment } from '../../model.js';
import { openLinkedAttachment } from '../shared/download.js';
import { zendeskAuthHeader, zendeskOrigin } from './api.js';

/**
 * An attachment's `content_url` (on the account's own host; it may redirect to a signed download
 * link elsewhere, which gets no credentials), streamed.
 */
export function openZendeskAttachment(bc: BackendContext, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  return openLinkedAttachment(bc, ticketId, a, { name: 'Zendesk', origin: zendeskOrigin(bc), authorization: () => zendeskAuthHeader(bc) });
}
