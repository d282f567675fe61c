import { wizard } from './wizard.js';
import { errors } from './errors.js';
import { commands } from './commands.js';
import { help } from './help.js';
import { priority } from './priority.js';
import { status } from './status.js';
import { contact } from './contact.js';
import { forms } from './forms.js';
import { admin } from './admin.js';

// English: the reference catalogue, one file per area. Every other language has exactly these keys
// (the compiler checks it through `Table`). Placeholders are {name}; `t()` fills them.
export const en = { ...wizard, ...errors, ...commands, ...help, ...priority, ...status, ...contact, ...forms, ...admin };

export type MessageKey = keyof typeof en;
export type Table = Record<MessageKey, string>;
