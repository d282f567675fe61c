import { excerpt } from '../util/text.js';
import { processTerm, termsOf, tokenize } from './terms.js';

// What a search result shows of an article: Markdown reduced to text, and its best sentence.

const SNIPPET_MAX = 200;

/** Markdown → plain text good enough for snippets and indexing. */
export function markdownToText(md: string): string {
  return md
    .replace(/```[\s\S]*?```/g, (m) => m.replace(/```\w*/g, ''))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+(.*)$/gm, '$1.')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/^\s*>\s?/gm, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\.\.$/gm, '.');
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n\s*\n|\n/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/** The sentence that holds the most query terms, or the start of the body; at most 200 characters. */
export function bestSnippet(bodyText: string, query: string, title?: string): string {
  const sents = sentences(bodyText).filter((s) => !title || s.replace(/\.$/, '') !== title);
  if (sents.length === 0) return '';
  const q = termsOf(query);
  let best = -1;
  let bestScore = 0;
  if (q.length) {
    sents.forEach((s, i) => {
      const words = new Set(tokenize(s).map((w) => processTerm(w)).filter((x): x is string => !!x));
      let score = 0;
      for (const t of q) {
        if (words.has(t)) score += 1;
        else if (t.length >= 3 && [...words].some((w) => w.startsWith(t))) score += 0.5;
      }
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    });
  }
  if (best < 0) {
    let out = '';
    for (const s of sents) {
      if (out && out.length + s.length + 1 > SNIPPET_MAX) break;
      out = out ? `${out} ${s}` : s;
    }
    return excerpt(out || sents[0], SNIPPET_MAX);
  }
  return excerpt(sents[best], SNIPPET_MAX);
}
