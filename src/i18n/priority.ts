import type { Priority } from '../model.js';

// The words people use for a priority, as the seed portals ask it: the normalized names, `medium`,
// the French and Romanian words (Romanian with or without diacritics) and the Sage portal's own
// scale (Faible, Mineure, Majeure, Bloquante). Case and diacritics do not matter on input.

/** Every accepted word (as a person would write it) and the priority it means. */
export const PRIORITY_WORDS: readonly (readonly [string, Priority])[] = [
  ['low', 'low'],
  ['normal', 'normal'],
  ['high', 'high'],
  ['urgent', 'urgent'],
  ['medium', 'normal'],
  // French
  ['basse', 'low'],
  ['normale', 'normal'],
  ['haute', 'high'],
  ['urgente', 'urgent'],
  // Romanian (the same words without diacritics are understood too)
  ['scăzută', 'low'],
  ['normală', 'normal'],
  ['ridicată', 'high'],
  ['urgentă', 'urgent'],
  // The Sage portal's scale
  ['Faible', 'low'],
  ['Mineure', 'normal'],
  ['Majeure', 'high'],
  ['Bloquante', 'urgent'],
];

/** Lower case, no diacritics, no surrounding space: "Scăzută " → "scazuta". */
export function foldWord(s: string): string {
  return s
    .trim()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

const BY_FOLDED = new Map<string, Priority>(PRIORITY_WORDS.map(([w, p]) => [foldWord(w), p]));

/** The priority a word means, or null when it is none of the accepted words. */
export function priorityFromWord(s: string): Priority | null {
  return BY_FOLDED.get(foldWord(s)) ?? null;
}

/** The accepted words, for messages: "low, normal, high, urgent, medium, basse, …". */
export function priorityWordList(): string {
  return PRIORITY_WORDS.map(([w]) => w).join(', ');
}
