import { fold } from '../i18n/fold.js';

/** Lower-case and strip accents: "Établissement" → "etablissement" (one function: src/i18n/fold.ts). */
export { fold };

export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  if (!m) return n;
  if (!n) return m;
  let prev = Array.from({ length: n + 1 }, (_, i) => i);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n];
}

/** The candidate closest to `input`, if it is close enough to be a plausible typo. */
export function closest(input: string, candidates: string[]): string | null {
  const x = fold(input);
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const y = fold(c);
    const d = y.startsWith(x) || x.startsWith(y) ? Math.abs(y.length - x.length) * 0.5 : levenshtein(x, y);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === null) return null;
  return bestD <= Math.max(2, Math.floor(fold(best).length / 3)) ? best : null;
}

/** A short one-line excerpt. */
export function excerpt(s: string, max: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length <= max ? one : one.slice(0, max - 1).trimEnd() + '…';
}

const EMAIL = /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+\.[^\s@<>(),;:"[\]]{2,}$/;
export function isEmail(s: string): boolean {
  return EMAIL.test(s);
}
