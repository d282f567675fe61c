import type { priority as en } from '../en/priority.js';
import type { Area } from '../area.js';

// French, priorities, justification and the emergency contact.
export const priority: Area<typeof en> = {
};
