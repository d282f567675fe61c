import type { Lang } from './lang.js';
import { en, type MessageKey, type Table } from './messages/en/index.js';
import { fr } from './messages/fr/index.js';
import { ro } from './messages/ro/index.js';
import { fill, isMsg, type Msg, type Vars } from './msg.js';

// Every sentence `ticket` says to a person, in the seed vendors' three languages: one catalogue per
// language under messages/<lang>/, one file per area. English is the reference: the French and
// Romanian tables must have the same keys (the compiler checks it). Placeholders are {name}; `t()`
// fills them. JSON output, error codes and flag names never go through here.

export type { MessageKey, Msg, Vars };
export { msg, isMsg, localText, type LocalText } from './msg.js';
export { english } from './english.js';

const TABLES: Record<Lang, Table> = { en, fr, ro };

export interface Translate {
  (key: MessageKey, vars?: Vars): string;
  (m: Msg): string;
}

/** The message function for a language (unknown languages fall back to English). */
export function translator(lang: string): Translate {
  const table = TABLES[lang as Lang] ?? en;
  return ((k: MessageKey | Msg, vars?: Vars) => fill(table, en, isMsg(k) ? k : { key: k, vars }, TABLES[lang as Lang] ? lang : 'en')) as Translate;
}


/** All keys, for tests that check every language has a non-empty message for each. */
export function messageTables(): Record<Lang, Record<string, string>> {
  return TABLES;
}
