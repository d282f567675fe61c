import type { status as en } from '../en/status.js';
import type { Area } from '../area.js';

// Romanian, status vocabularies and stale tickets.
export const status: Area<typeof en> = {
};
