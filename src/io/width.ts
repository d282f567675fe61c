import { eastAsianWidth } from 'get-east-asian-width';
import emojiRegex from 'emoji-regex';
import stripAnsi from 'strip-ansi';

// Terminal display width: East-Asian wide characters and emoji take two columns, combining marks
// and ANSI styling none. The measure is string-width's (Unicode's East_Asian_Width and emoji data;
// the tests check against string-width itself), written here because string-width creates an
// Intl.Segmenter when it is imported: loading ICU's break iterator cost every table on a terminal
// ~15 ms, while most tables hold only text measured by its length.

const ANSI_SOURCE = '\\u001b\\[[0-9;]*m|\\u001b\\]8;[^\\u0007\\u001b]*(?:\\u0007|\\u001b\\\\)';
const ANSI = new RegExp(ANSI_SOURCE, 'g');

/**
 * Text where every UTF-16 unit is one column: printable ASCII, Latin-1 and Latin Extended, Greek
 * and Cyrillic letters, without combining marks, soft hyphens or anything wide. Most ticket data
 * (English, French, Romanian) is such text, measured by its length.
 */
const NARROW = /^[\x20-\x7e\u00a0-\u00ac\u00ae-\u02ff\u0370-\u0377\u037a-\u037f\u0384-\u0482\u048a-\u052f\u2010-\u2027\u2030-\u205e\u20a0-\u20c0]*$/;
const PRINTABLE_ASCII = NARROW;

let seg: Intl.Segmenter | null = null;
/** Created on first use: loading ICU's break iterator has a cost most tables never pay. */
const segmenter = { segment: (s: string) => (seg ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(s) };

const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
let emoji: RegExp | null = null;

/** Columns of text without escape sequences, grapheme by grapheme (string-width 7's rules). */
function stringWidth(s: string): number {
  let width = 0;
  for (const { segment: ch } of segmenter.segment(s)) {
    const cp = ch.codePointAt(0)!;
    if (cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f)) continue; // control characters
    if ((cp >= 0x200b && cp <= 0x200f) || cp === 0xfeff) continue; // zero-width
    if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x1dc0 && cp <= 0x1dff) || (cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0xfe20 && cp <= 0xfe2f)) continue; // combining marks
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates
    if (cp >= 0xfe00 && cp <= 0xfe0f) continue; // variation selectors
    if (IGNORABLE.test(ch)) continue;
    // emoji-regex's pattern is global: a fresh lastIndex for each test.
    emoji ??= emojiRegex();
    emoji.lastIndex = 0;
    if (emoji.test(ch)) {
      width += 2;
      continue;
    }
    width += eastAsianWidth(cp, { ambiguousAsWide: false });
  }
  return width;
}

/** Columns `s` takes on a terminal (SGR colours and OSC 8 links count for nothing). */
export function displayWidth(s: string): number {
  // Most cells are plain ASCII: one column per character, without string-width's per-grapheme work
  // (a 1,000-row table measures every cell several times).
  if (PRINTABLE_ASCII.test(s)) return s.length;
  if (s.includes('\u001b')) {
    const bare = s.replace(ANSI, '');
    if (PRINTABLE_ASCII.test(bare)) return bare.length;
  }
  return stringWidth(stripAnsi(s));
}


/**
 * `s` cut to at most `width` columns, with an ellipsis when something was cut. Works on grapheme
 * clusters (an emoji with its modifiers, a letter with its accents is never split). Plain text only:
 * colour is applied after cutting.
 */
export function truncate(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  if (width === 1) return '…';
  if (PRINTABLE_ASCII.test(s)) return s.slice(0, width - 1).trimEnd() + '…';
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(s)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out.trimEnd() + '…';
}

/** Pad plain or styled text with spaces to `width` columns. */
export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** Styled text cut to `width` columns: the visible characters are kept, escape sequences too. */
export function truncateStyled(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  let used = 0;
  let i = 0;
  const ANSI = new RegExp(ANSI_SOURCE, 'g');
  const parts: { text: string; esc: boolean }[] = [];
  for (let m = ANSI.exec(s); m; m = ANSI.exec(s)) {
    if (m.index > i) parts.push({ text: s.slice(i, m.index), esc: false });
    parts.push({ text: m[0], esc: true });
    i = m.index + m[0].length;
  }
  if (i < s.length) parts.push({ text: s.slice(i), esc: false });
  let full = false;
  for (const p of parts) {
    if (p.esc) {
      out += p.text;
      continue;
    }
    if (full) continue;
    for (const { segment } of segmenter.segment(p.text)) {
      const w = stringWidth(segment);
      if (used + w > width - 1) {
        out += '…';
        full = true;
        break;
      }
      out += segment;
      used += w;
    }
  }
  return out;
}
