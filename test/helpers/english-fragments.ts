import { messageTables } from '../../src/i18n/messages.js';

const TABLES = await messageTables();

// What counts as "English on a French or Romanian screen": a piece of an English catalogue message
// (the text between placeholders) of at least three words, which the other language does not also
// use word for word (commands such as `ticket outbox send` are the same in every language).

const WORDS = /[A-Za-z]{2,}/g;

export function englishFragments(lang: 'fr' | 'ro'): string[] {
  const { en, [lang]: other } = TABLES;
  const out = new Set<string>();
  for (const [key, text] of Object.entries(en)) {
    const translated = other[key] ?? '';
    for (const piece of text.split(/\{\w+\}/)) {
      const p = piece.trim().replace(/^[^A-Za-z`]+|[^A-Za-z`.]+$/g, '');
      if ((p.match(WORDS) ?? []).length < 3) continue;
      if (translated.includes(p)) continue;
      out.add(p);
    }
  }
  return [...out];
}

/** The English fragments found in `text` (empty when it is all in the other language). */
export function englishIn(text: string, lang: 'fr' | 'ro'): string[] {
  return englishFragments(lang).filter((f) => text.includes(f));
}

// Words no French or Romanian sentence of ours uses, to catch English that never went through the
// catalogue. Text inside `backticks` (commands, flags), "--flags", environment variables (NO_COLOR)
// and absolute paths (a temporary folder's random name may spell "of") are left out of the scan.
const ENGLISH_WORDS = ['the', 'not', 'found', 'was', 'were', 'with', 'your', 'you', 'this', 'that', 'is', 'are', 'has', 'have', 'could', 'cannot', 'must', 'should', 'of', 'for', 'and', 'or', 'no', 'to', 'created', 'updated', 'closed', 'reopened', 'error', 'hint', 'use', 'run'];

export function englishWordsIn(text: string): string[] {
  const scanned = text
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/(^|\s)--?[a-z][\w-]*(=\S*)?/g, ' ')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g, ' ')
    .replace(/(^|[\s"'«„(])\/[^\s"'»”)]+/g, ' ');
  const found = new Set<string>();
  for (const w of scanned.toLowerCase().match(/[a-z]+/g) ?? []) if (ENGLISH_WORDS.includes(w)) found.add(w);
  return [...found];
}
