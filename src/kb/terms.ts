import { fold } from '../i18n/fold.js';

// Term processing shared by indexing and querying: fold case and accents, drop stop words, and a
// light French/English stemmer so that word variants meet ("imprimantes" → "imprimant" ←
// "imprimante", "printers" → "print" ← "printer"). Deliberately crude: it only has to map the
// variants of one word to the same stem, on both sides of the search.

const STOP_WORDS = new Set(
  (
    // French
    'le la les un une des de du au aux et ou en ce ces cet cette mon ma mes ton ta tes son sa ses ' +
    'ne pas je tu il elle nous vous ils elles on que qui quoi est sont avec pour par sur dans se qu ' +
    'leur leurs lui y me te plus tres comment quand faire fait ' +
    // English
    'the an and or of to in on for with is are be it its this that my how do does not can from at ' +
    'by as your you what why when was were will if into our'
  ).split(' '),
);

/** Lower-case, strip accents and ligatures (Romanian ș ş ț ţ ă â î too): the one fold() of src/i18n. */
export const foldTerm = fold;

export function stem(word: string): string {
  let w = word;
  if (w.length < 4 || /^[0-9]/.test(w)) return w;
  // plurals
  if (w.length > 4 && w.endsWith('ies')) w = w.slice(0, -3) + 'y';
  else if (w.length > 4 && w.endsWith('eaux')) w = w.slice(0, -1);
  else if (w.length > 4 && w.endsWith('aux')) w = w.slice(0, -3) + 'al';
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  // English inflections
  if (w.length > 6 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('ed') && !w.endsWith('eed')) w = w.slice(0, -2);
  // French feminine / infinitive, English agent noun
  if (w.length > 5 && w.endsWith('ee')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('er')) w = w.slice(0, -2);
  return w;
}

const memo = new Map<string, string | null>();

/** MiniSearch processTerm: null drops the term. Memoized: a base repeats the same words a lot. */
export function processTerm(term: string): string | null {
  let out = memo.get(term);
  if (out !== undefined) return out;
  const t = foldTerm(term);
  out = t.length < 2 || STOP_WORDS.has(t) ? null : stem(t);
  if (memo.size > 100_000) memo.clear();
  memo.set(term, out);
  return out;
}

/** Split text into words the same way MiniSearch does (spaces and punctuation). */
export function tokenize(text: string): string[] {
  return text.split(/[\n\r\p{Z}\p{P}\p{S}]+/u).filter(Boolean);
}

/** Processed terms of a text, without duplicates. */
export function termsOf(text: string): string[] {
  const out = new Set<string>();
  for (const w of tokenize(text)) {
    const t = processTerm(w);
    if (t) out.add(t);
  }
  return [...out];
}

/** How MiniSearch (as configured here) splits text: spaces and punctuation. */
export const QUERY_SPLIT = /[\n\r\p{Z}\p{P}]+/u;

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/** Is the edit distance between a and b at most `max`? (Levenshtein with early exit, no allocation) */
export function withinDistance(a: string, b: string, max: number): boolean {
  const la = a.length;
  const lb = b.length;
  if (la - lb > max || lb - la > max) return false;
  if (a === b) return true;
  if (lb + 1 > rowA.length) {
    rowA = new Int32Array(lb + 1);
    rowB = new Int32Array(lb + 1);
  }
  let prev = rowA;
  let cur = rowB;
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const del = prev[j] + 1;
      const ins = cur[j - 1] + 1;
      const sub = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const v = del < ins ? (del < sub ? del : sub) : ins < sub ? ins : sub;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return false;
    const tmp = prev;
    prev = cur;
    cur = tmp;
  }
  return prev[lb] <= max;
}
