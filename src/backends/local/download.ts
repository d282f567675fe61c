import { createReadStream, realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sep } from 'node:path';
import type { AttachmentStream } from '../backend.js';
import type { Attachment } from '../../model.js';
import { NotFoundError } from '../../errors.js';
import { msg } from '../../i18n/msg.js';

/** A local attachment is a file under attachments/; nothing outside that folder is ever read. */
export async function openLocalAttachment(attachmentsDir: string, ticketId: string, a: Attachment): Promise<AttachmentStream> {
  const missing = () => new NotFoundError(msg('err.local.attachmentMissing', { name: a.name, id: ticketId }));
  if (!a.url || !a.url.startsWith('file:')) throw missing();
  let path: string;
  let root: string;
  try {
    path = realpathSync(fileURLToPath(a.url));
    root = realpathSync(attachmentsDir);
  } catch {
    throw missing();
  }
  if (!path.startsWith(root + sep)) throw missing();
  const size = statSync(path).size;
  return { stream: createReadStream(path), size };
}
