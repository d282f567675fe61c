import type { commands as en } from '../en/commands.js';
import type { Area } from '../area.js';

// Romanian, what commands and operations print: confirmations, summaries, table headers, doctor lines, ci-failure and follow-up text.
export const commands: Area<typeof en> = {
};
