import type { Table } from '../en/index.js';
import { wizard } from './wizard.js';
import { errors } from './errors.js';
import { commands } from './commands.js';
import { help } from './help.js';
import { priority } from './priority.js';
import { status } from './status.js';
import { contact } from './contact.js';
import { forms } from './forms.js';
import { admin } from './admin.js';

// French: the same keys as the English catalogue, one file per area.
export const fr: Table = { ...wizard, ...errors, ...commands, ...help, ...priority, ...status, ...contact, ...forms, ...admin };
