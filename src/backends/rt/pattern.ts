// RT custom-field patterns are Perl regexes, matched unanchored against the value
// (`$value =~ /$pattern/`). RT silently drops a value that fails its pattern and still creates the
// ticket, so `ticket` checks values itself first: this turns a Perl pattern into a JavaScript one
// that validate.ts compiles with the `u` flag, behaving like Perl on the constructs RT admins use.

export interface ConvertedPattern {
  /** JavaScript source (compiles with `new RegExp(source, 'u')`), or null when it cannot be converted. */
  source: string | null;
  /** The text of the `(?#...)` comments: RT shows it as "Input must match [...]". */
  comment: string | null;
  /** RT's convention: a `(?#Mandatory...)` comment, or a pattern that refuses the empty value. */
  required: boolean;
}

const SYNTAX = new Set(['^', '$', '\\', '.', '*', '+', '?', '(', ')', '[', ']', '{', '}', '|', '/']);

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: '\\w',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

/** Case-insensitive version of a JS pattern without flags: letters outside classes become [xX]. */
function caseless(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      out += c + (src[i + 1] ?? '');
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      else if (/[a-z]/i.test(c) && src[i + 1] === '-' && /[a-z]/i.test(src[i + 2] ?? '')) {
        // A letter range: both cases.
        const hi = src[i + 2];
        out += `${c}-${hi}`;
        const other = (x: string) => (x === x.toLowerCase() ? x.toUpperCase() : x.toLowerCase());
        out += `${other(c)}-${other(hi)}`;
        i += 2;
        continue;
      } else if (/[a-z]/i.test(c)) {
        out += c.toLowerCase() + c.toUpperCase();
        continue;
      }
      out += c;
      continue;
    }
    if (c === '[') inClass = true;
    if (/[a-z]/i.test(c) && c.toLowerCase() !== c.toUpperCase()) out += `[${c.toLowerCase()}${c.toUpperCase()}]`;
    else out += c;
  }
  return out;
}

export function convertPerlPattern(perl: string | null | undefined): ConvertedPattern {
  if (!perl) return { source: null, comment: null, required: false };
  const comments: string[] = [];
  // (?#...) comments: RT uses them for the human name of the pattern ("Mandatory", "4-10 digits").
  let p = perl.replace(/\(\?#([^)]*)\)/g, (_m, text: string) => {
    comments.push(text.trim());
    return '';
  });
  let ci = false;
  // A leading inline modifier group: (?i) (?x) (?s) (?m) — JS (Node 20) has no inline modifiers.
  p = p.replace(/^\(\?([imsx]+)\)/, (_m, flags: string) => {
    if (flags.includes('i')) ci = true;
    return '';
  });
  // (?i:...) groups become plain groups with case folded inside.
  let out = '';
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) {
        out += '\\\\';
        break;
      }
      i++;
      if (n === 'A' && !inClass) out += '^';
      else if ((n === 'z' || n === 'Z') && !inClass) out += '$';
      else if (n === 'h') out += inClass ? ' \\t' : '[ \\t]';
      else if (n === 'Q') {
        // \Q...\E: quote everything literally.
        const end = p.indexOf('\\E', i + 1);
        const lit = p.slice(i + 1, end === -1 ? undefined : end);
        out += lit.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end === -1 ? p.length : end + 1;
      } else if (n === 'E') {
        /* stray \E */
      } else if (/[0-9A-Za-z]/.test(n)) out += '\\' + n;
      else if (SYNTAX.has(n) || (inClass && n === '-')) out += '\\' + n;
      else out += n.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'); // \@ \: \# → literal (the u flag refuses identity escapes)
      continue;
    }
    if (inClass) {
      if (c === '[' && p[i + 1] === ':') {
        const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
        if (m && POSIX[m[2]] && !m[1]) {
          out += POSIX[m[2]];
          i += m[0].length - 1;
          continue;
        }
      }
      if (c === '[') {
        out += '\\[';
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A ']' right after '[' or '[^' is a literal in Perl.
      if (p[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (p[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    // Possessive quantifiers (a++ a*+ a?+ {n}+) → greedy: same matches for validation purposes.
    if (c === '+' && /[*+?}]/.test(out.slice(-1)) && !out.endsWith('\\' + out.slice(-1))) continue;
    // A literal { that is not a quantifier: Perl accepts it, the u flag does not.
    if (c === '{' && !/^\{\d+(,\d*)?\}/.test(p.slice(i))) {
      out += '\\{';
      continue;
    }
    if (c === '}' && !/\{\d+(,\d*)?$/.test(out)) {
      out += '\\}';
      continue;
    }
    out += c;
  }
  if (ci) out = caseless(out);
  const mandatory = comments.some((t) => /^mandatory\b/i.test(t));
  let source: string | null = out;
  let required = mandatory;
  try {
    const re = new RegExp(out, 'u');
    if (!re.test('')) required = true;
  } catch {
    source = null;
  }
  return { source, comment: comments.length ? comments.join(' ') : null, required };
}
