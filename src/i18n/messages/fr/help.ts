import type { help as en } from '../en/help.js';
import type { Area } from '../area.js';

// French, `--help`: command, argument and option descriptions.
export const help: Area<typeof en> = {
};
