import type { Lang } from './lang.js';
import { en, type MessageKey, type Table } from './messages/en.js';
import { fr } from './messages/fr.js';
import { ro } from './messages/ro.js';

// Every sentence the wizard, `doctor` and `drafts` say to a person, in the seed vendors' three
// languages, one table per language under messages/. English is the reference: the French and
// Romanian tables must have the same keys (the compiler checks it). Placeholders are {name}; `t()`
// fills them.

export type { MessageKey };

const TABLES: Record<Lang, Table> = { en, fr, ro };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The message function for a language (unknown languages fall back to English). */
export function translator(lang: string): Translate {
  const table = TABLES[lang as Lang] ?? en;
  return (key, vars) => {
    const s = table[key] ?? en[key] ?? key;
    return vars ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : s;
  };
}

/** All keys, for tests that check every language has a non-empty message for each. */
export function messageTables(): Record<Lang, Record<string, string>> {
  return TABLES;
}
