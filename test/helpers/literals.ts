import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

// Finds English text written straight into the code where a person will read it: an error's
// message or hint, a line written to a stream, a commander description. Such text must come from
// the catalogue (src/i18n) so it can be said in French and Romanian.

const ROOT = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/**
 * A string literal's text outside its ${…} holes, when it has a word of three letters or more. A
 * hole that holds a nested template (`${url ? `  ${url}` : ''}`) ends the match at the inner
 * backtick: what is left of it is code too.
 */
function wordy(lit: string): boolean {
  const text = lit.replace(/\$\{[^}]*(\}|$)/g, ' ').replace(/\\n/g, ' ');
  return /[A-Za-z]{3,}/.test(text);
}

const LITERAL = String.raw`('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\]|\\.|\$\{[^}]*\})*\`)`;
const PATTERNS: { what: string; re: RegExp }[] = [
  { what: 'error message', re: new RegExp(String.raw`new [A-Z]\w*Error\(\s*` + LITERAL, 'g') },
  { what: 'hint', re: new RegExp(String.raw`\bhint:\s*` + LITERAL, 'g') },
  { what: 'output', re: new RegExp(String.raw`\.(?:write|say)\(\s*` + LITERAL, 'g') },
  { what: 'help', re: new RegExp(String.raw`\.(?:description|summary|argument|option|requiredOption|addHelpText)\((?:[^()]*?,\s*)?` + LITERAL, 'g') },
];

export interface Literal {
  file: string;
  line: number;
  what: string;
  text: string;
}

export function englishLiterals(dirs = ['src']): Literal[] {
  const out: Literal[] = [];
  for (const dir of dirs) {
    for (const path of files(join(ROOT, dir))) {
      const src = readFileSync(path, 'utf8');
      for (const { what, re } of PATTERNS) {
        for (const m of src.matchAll(re)) {
          const lit = m[1]!;
          if (!wordy(lit.slice(1, -1))) continue;
          // Option flags and argument names ('--status <s>', '<id>', '[ids...]') are not prose,
          // nor where commander puts a text ('after').
          if (what === 'help' && /^['"`](-|<|\[)/.test(lit)) continue;
          if (what === 'help' && /^['"`](before|after|beforeAll|afterAll)['"`]$/.test(lit)) continue;
          // An error's code ('internal', 'not_found') as its first argument is not its message.
          if (what === 'error message' && /^['"`][a-z_-]+['"`]$/.test(lit)) continue;
          // A --debug trace line is for whoever debugs, in English like the protocol it shows.
          if (what === 'output' && /^['"`]\[debug\]/.test(lit)) continue;
          const line = src.slice(0, m.index).split('\n').length;
          out.push({ file: relative(ROOT, path), line, what, text: lit.slice(0, 80) });
        }
      }
    }
  }
  return out;
}

/** Per file, how many such literals (for the allowance that may only shrink). */
export function countByFile(lits: Literal[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const l of lits) counts[l.file] = (counts[l.file] ?? 0) + 1;
  return counts;
}
