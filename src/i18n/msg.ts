import type { MessageKey } from './messages/en/index.js';

// A message not yet put into words: a catalogue key and its values. Errors carry one so the error
// handler can say it in the user's language while JSON and logs keep the English text.

export type Vars = Record<string, string | number | Msg | LocalText>;

/**
 * A word that comes with its own translations rather than from the catalogue: a forms file's label,
 * description or option (`label: {en: Site, fr: Établissement, ro: Punct de lucru}`). Said in the
 * language of the table when given in it; else `otherwise` (a catalogue message) outside English;
 * else `text`, the base wording that English, JSON and logs keep.
 */
export interface LocalText {
  readonly text: string;
  readonly by?: Partial<Record<string, string>> | null;
  readonly otherwise?: Msg;
}

export function localText(text: string, by?: Partial<Record<string, string>> | null, otherwise?: Msg): LocalText {
  return { text, ...(by ? { by } : {}), ...(otherwise ? { otherwise } : {}) };
}

export function isLocalText(v: unknown): v is LocalText {
  return typeof v === 'object' && v !== null && typeof (v as LocalText).text === 'string' && !('key' in v);
}

export interface Msg {
  readonly key: MessageKey;
  readonly vars?: Vars;
}

export function msg(key: MessageKey, vars?: Vars): Msg {
  return vars ? { key, vars } : { key };
}

export function isMsg(v: unknown): v is Msg {
  return typeof v === 'object' && v !== null && typeof (v as Msg).key === 'string' && !(v instanceof Error);
}

/** A LocalText in `lang` (`en` when the table is English); `say` puts its `otherwise` into words. */
export function sayLocal(v: LocalText, lang: string, say: (m: Msg) => string): string {
  const own = v.by?.[lang];
  if (own) return own;
  if (lang !== 'en' && v.otherwise) return say(v.otherwise);
  return v.text;
}

/** Fill {name} placeholders; a value that is itself a Msg is said with the same table. */
export function fill(table: Record<string, string>, fallback: Record<string, string>, m: Msg, lang = 'en'): string {
  const s = table[m.key] ?? fallback[m.key] ?? m.key;
  const vars = m.vars;
  if (!vars) return s;
  const again = (x: Msg) => fill(table, fallback, x, lang);
  return s.replace(/\{(\w+)\}/g, (whole, k: string) => {
    if (!(k in vars)) return whole;
    const v = vars[k]!;
    if (isMsg(v)) return again(v);
    return isLocalText(v) ? sayLocal(v, lang, again) : String(v);
  });
}
