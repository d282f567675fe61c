import { LANGUAGES, type Lang } from './lang.js';
import { en, type MessageKey, type Table } from './messages/en/index.js';
import { fill, isMsg, type Msg, type Vars } from './msg.js';

// Every sentence `ticket` says to a person, in the seed vendors' three languages: one catalogue per
// language under messages/<lang>/, one file per area. English is the reference: the French and
// Romanian tables must have the same keys (the compiler checks it). Placeholders are {name}; `t()`
// fills them. JSON output, error codes and flag names never go through here.
// English is always loaded; another language is loaded once per process, by `loadLanguage`, before
// anything is said in it (src/cli does it for the invocation's language), so a command never parses
// catalogues it does not speak.

export type { MessageKey, Msg, Vars };
export { msg, isMsg, localText, type LocalText } from './msg.js';
export { english } from './english.js';

const TABLES: Partial<Record<Lang, Table>> = { en };

const LOADERS: Record<Exclude<Lang, 'en'>, () => Promise<Table>> = {
  fr: () => import('./messages/fr/index.js').then((m) => m.fr),
  ro: () => import('./messages/ro/index.js').then((m) => m.ro),
};

/** Make `lang`'s catalogue available to `translator` (English, and unknown languages, need nothing). */
export async function loadLanguage(lang: string): Promise<void> {
  if (TABLES[lang as Lang] || !(lang in LOADERS)) return;
  TABLES[lang as Lang] = await LOADERS[lang as Exclude<Lang, 'en'>]();
}

export interface Translate {
  (key: MessageKey, vars?: Vars): string;
  (m: Msg): string;
}

/** The message function for a language (unknown or not loaded languages fall back to English). */
export function translator(lang: string): Translate {
  const table = TABLES[lang as Lang] ?? en;
  return ((k: MessageKey | Msg, vars?: Vars) => fill(table, en, isMsg(k) ? k : { key: k, vars }, TABLES[lang as Lang] ? lang : 'en')) as Translate;
}


/** Every language's catalogue, for tests that check each has a non-empty message for every key. */
export async function messageTables(): Promise<Record<Lang, Record<string, string>>> {
  await Promise.all(LANGUAGES.map(loadLanguage));
  return TABLES as Record<Lang, Table>;
}
