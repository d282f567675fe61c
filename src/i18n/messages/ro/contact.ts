import type { contact as en } from '../en/contact.js';
import type { Area } from '../area.js';

// Romanian, contact details, requester, clipboard attachments.
export const contact: Area<typeof en> = {
};
