import type { MessageKey } from './messages/en/index.js';

// A message not yet put into words: a catalogue key and its values. Errors carry one so the error
// handler can say it in the user's language while JSON and logs keep the English text.

export type Vars = Record<string, string | number | Msg>;

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

/** Fill {name} placeholders; a value that is itself a Msg is said with the same table. */
export function fill(table: Record<string, string>, fallback: Record<string, string>, m: Msg): string {
  const s = table[m.key] ?? fallback[m.key] ?? m.key;
  const vars = m.vars;
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (whole, k: string) => {
    if (!(k in vars)) return whole;
    const v = vars[k]!;
    return isMsg(v) ? fill(table, fallback, v) : String(v);
  });
}
